#!/usr/bin/env bash
# Takes the README's screenshots from the real app on a private headless
# desktop (Xvfb, session bus, keyring, Xfce's panel for the tray, dunst for
# notifications) against a simulated phone, and writes them to
# assets/screenshots/: tray-menu.png, notification.png, popup.png,
# history.png, dialpad-ringing.png, dialpad.png, settings.png, settings-ru.png,
# tray-phone.png, tray-phones.png (two phones), settings-phones.png.
#
#   bash scripts/screenshots.sh            # build the app, take them all
#   GXPTRAY_BIN=/path/to/gxptray bash scripts/screenshots.sh
#   GXPTRAY_SCREENSHOTS_DIR=/tmp/shots bash scripts/screenshots.sh
#
# Needs what the end-to-end tests need (bash scripts/deps.sh --e2e) and
# xfce4-panel (Debian: apt-get install xfce4-panel). When the system allows
# it (root, or unprivileged user namespaces) the run gets a private network
# namespace where the simulated phone has an office-like address
# (https://192.168.1.20); elsewhere it is https://127.0.0.1:PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

work=$(mktemp -d "${TMPDIR:-/tmp}/gxpshots.XXXXXX")
cleanup() {
  if [ "${keep:-0}" = 1 ]; then
    echo "screenshots: logs kept in $work/artifacts" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

bin=${GXPTRAY_BIN:-}
if [ -z "$bin" ]; then
  go build -o "$work/gxptray" .
  bin=$work/gxptray
fi
go test -c -tags e2e -o "$work/e2e.test" ./ui/e2e/

export GXPTRAY_BIN=$bin GXPTRAY_SCREENSHOTS=1 E2E_REQUIRE=1
export GXPTRAY_SCREENSHOTS_DIR=${GXPTRAY_SCREENSHOTS_DIR:-$root/assets/screenshots}
export E2E_ARTIFACTS=$work/artifacts
mkdir -p "$GXPTRAY_SCREENSHOTS_DIR"

run=("$work/e2e.test" -test.run '^TestScreenshots$' -test.v -test.count=1 -test.timeout 5m)
host=192.168.1.20

# The namespace: loopback up, the phone's address on it.
netns() {
  if [ "$(id -u)" = 0 ]; then
    unshare --net "$@"
  else
    unshare --user --map-root-user --net "$@"
  fi
}
inner='ip link set lo up && ip addr add "$0/24" dev lo && exec "$@"'

cd ui/e2e # where go test would run the test binary
if command -v ip >/dev/null && netns true 2>/dev/null; then
  GXPTRAY_SCREENSHOTS_HOST=$host netns sh -c "$inner" "$host" "${run[@]}" || { keep=1; exit 1; }
else
  echo "screenshots: no private network namespace here; the phone is at 127.0.0.1" >&2
  "${run[@]}" || { keep=1; exit 1; }
fi
ls -l "$GXPTRAY_SCREENSHOTS_DIR"
