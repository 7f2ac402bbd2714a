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
exec go test -tags 'e2e wine' -count=1 -timeout 10m -v "$@" ./ui/winee2e/
