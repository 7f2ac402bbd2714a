#!/usr/bin/env bash
# Measured performance of GXP Tray on a headless desktop session: builds the
# app and two baselines (a bare Fyne tray app, a bare fyne.io/systray
# poller), then runs the end-to-end benchmark, which prints one table:
# ring -> notification (polling and push), ring -> popup window, hotkey ->
# dial request, start-up -> tray icon, and the idle cost (CPU, wake-ups,
# RSS/PSS, requests and connections at the phone) side by side with the
# baselines. It needs the e2e packages (bash scripts/deps.sh --e2e).
#
#   bash scripts/bench.sh                        # about 3 minutes
#   GXPTRAY_BENCH_IDLE=20s bash scripts/bench.sh # a shorter idle window (default 60s)
#
# Logs of every process go to $E2E_ARTIFACTS (default e2e-artifacts/bench).
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
echo "bench: building gxptray and the baselines"
version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
GO=$GO bash scripts/build.sh "$bin/gxptray" # the tray without Fyne, the windows embedded
"$GO" build -o "$bin/fynetray" ./scripts/baselines/fynetray
"$GO" build -o "$bin/systraypoll" ./scripts/baselines/systraypoll
# On disk, as an installed program is: the tray hands back its start-up
# pages after 10 s (ui/tray/residency_linux.go), which the kernel can do
# only for pages already written out.
sync "$bin/gxptray" "$bin/fynetray" "$bin/systraypoll"

export GXPTRAY_BIN="$bin/gxptray"
export GXPTRAY_BENCH_FYNETRAY="$bin/fynetray"
export GXPTRAY_BENCH_SYSTRAYPOLL="$bin/systraypoll"
export E2E_ARTIFACTS=${E2E_ARTIFACTS:-$PWD/e2e-artifacts/bench}
"$GO" test -tags e2e -count=1 -run '^$' -bench '^BenchmarkTray$' -benchtime 1x -timeout 20m ./ui/e2e/
