#!/usr/bin/env bash
# The Windows build under Wine: builds gxptray.exe (scripts/windows.sh)
# unless GXPTRAY_EXE names one, then runs ./ui/winee2e, which makes a fresh
# Wine prefix for the run (wineboot -i, the ProcessPrng stub from
# scripts/wine/processprng.c in system32), starts its own Xvfb and runs the
# exe against the simulated phone on 127.0.0.1.
#
#   bash scripts/wine-test.sh                    # everything
#   bash scripts/wine-test.sh -run TestTray      # go test flags pass through
#
# Needs: bash scripts/deps.sh --windows (Wine, mingw-w64, NSIS, Xvfb).
# Screenshots and logs: $E2E_ARTIFACTS/wine (default ./e2e-artifacts/wine).
set -euo pipefail
cd "$(dirname "$0")/.."

exe=${GXPTRAY_EXE:-}
if [ -z "$exe" ]; then
  mkdir -p build
  exe=$PWD/build/gxptray.exe
  bash scripts/windows.sh -o "$exe"
fi
export GXPTRAY_EXE=$exe E2E_REQUIRE=${E2E_REQUIRE:-1}

# Each run makes a Wine prefix of about 700 MB in $TMPDIR/gxpwine*, with
# owner.pid naming the test binary (ui/winee2e). A run that ends normally
# or by a signal removes its own; one killed outright or by go test's
# -timeout cannot, so the prefixes whose owner is gone are removed here,
# before the run and on every way out of it. A prefix of a run that is
# still going (its owner alive) is left alone.
wineserver=/usr/lib/wine/wineserver
[ -x "$wineserver" ] || wineserver=wineserver
remove_dead_prefixes() {
  local dir pid
  for dir in "${TMPDIR:-/tmp}"/gxpwine*; do
    [ -d "$dir" ] || continue
    pid=$(cat "$dir/owner.pid" 2>/dev/null || true)
    if [ -n "$pid" ]; then
      kill -0 "$pid" 2>/dev/null && continue
    elif [ -z "$(find "$dir" -maxdepth 0 -mmin +60)" ]; then
      continue # no owner written yet (or an older suite's): only when long untouched
    fi
    # Its Windows processes (the tray exe, wineserver) may outlive the owner.
    WINEPREFIX=$dir/prefix timeout 20 "$wineserver" -k 2>/dev/null || true
    rm -rf "$dir"
    echo "wine-test: removed the prefix of a run that is gone: $dir"
  done
}
remove_dead_prefixes

# go test runs in its own process group, so that a signal to this script
# reaches the test binary (which then removes its prefix) and the trap runs
# at once rather than after go test.
test_pid=
stop() {
  [ -n "$test_pid" ] && kill -TERM -- "-$test_pid" 2>/dev/null
  [ -n "$test_pid" ] && wait "$test_pid" 2>/dev/null
  exit "$1"
}
trap remove_dead_prefixes EXIT
trap 'stop 130' INT
trap 'stop 143' TERM HUP
setsid go test -tags 'e2e wine' -count=1 -timeout 10m -v "$@" ./ui/winee2e/ &
test_pid=$!
wait "$test_pid"
