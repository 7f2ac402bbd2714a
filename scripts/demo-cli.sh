#!/usr/bin/env bash
# `make demo` on a machine without a desktop: the simulated phone in the
# background and the command line against it, so the demo shows something
# everywhere. With a desktop, `make demo` runs the tray app instead.
set -euo pipefail
BIN=${1:-./gxptray}
export GXPTRAY_PASSWORD=demo-passcode
# The demo's own settings, history and socket: nothing of the real app's.
demo_dir=$(mktemp -d "${TMPDIR:-/tmp}/gxptray-demo.XXXXXX")
export GXPTRAY_CONFIG_DIR=$demo_dir/config GXPTRAY_DATA_DIR=$demo_dir/data GXPTRAY_RUNTIME_DIR=$demo_dir/run
addr=127.0.0.1:${GXPTRAY_DEMO_PORT:-18080}
export GXPTRAY_PHONE=http://$addr

"$BIN" phonesim --listen "$addr" --key-interval 200ms >/dev/null &
sim=$!
trap 'kill $sim 2>/dev/null; wait $sim 2>/dev/null || true; rm -rf "$demo_dir"' EXIT
for _ in $(seq 50); do curl -fsS "$GXPTRAY_PHONE/sim/state" >/dev/null 2>&1 && break; sleep 0.1; done

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
echo "No desktop here (DISPLAY is not set): showing GXP Tray's command line against the simulated phone at $GXPTRAY_PHONE."
say "gxptray status";                        "$BIN" --direct status
say "gxptray watch --json   (in the background)"; "$BIN" --direct watch --json --interval 250ms & watch=$!
sleep 1
say "curl $GXPTRAY_PHONE/sim/ring?number=203&name=Виталик   (the phone rings)"
curl -fsS "$GXPTRAY_PHONE/sim/ring?number=203&name=%D0%92%D0%B8%D1%82%D0%B0%D0%BB%D0%B8%D0%BA"; echo
sleep 1.5
say "gxptray answer";                        "$BIN" --direct answer
sleep 1
say "gxptray status";                        "$BIN" --direct status
say "gxptray end";                           "$BIN" --direct end
sleep 1
say "gxptray dial '+7 (495) 123-45-67'";     "$BIN" --direct dial '+7 (495) 123-45-67'
sleep 1
say "gxptray status";                        "$BIN" --direct status
"$BIN" --direct end
sleep 1
kill $watch 2>/dev/null; wait $watch 2>/dev/null || true
echo
echo "On a desktop, 'make demo' starts the tray app (gxptray --demo) with a simulated phone that rings every half a minute."
