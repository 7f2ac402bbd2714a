#!/usr/bin/env bash
# End-to-end tests of GXP Tray on a private headless desktop session (Xvfb,
# D-Bus session bus, gnome-keyring, tray watcher, notification server): builds
# the app, then runs ./ui/e2e against the binary.
#
#   bash scripts/e2e.sh                      # everything
#   bash scripts/e2e.sh -run TestTrayMenu    # go test flags pass through
#   GXPTRAY_BIN=/path/to/gxptray bash scripts/e2e.sh   # test that binary, no build
#
# Needs: bash scripts/deps.sh --e2e. Screenshots and logs: $E2E_ARTIFACTS
# (default ./e2e-artifacts). A missing tool fails the run instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${GXPTRAY_BIN:-}
if [ -z "$bin" ]; then
  go build -o gxptray .
  bin=$PWD/gxptray
fi
export GXPTRAY_BIN=$bin E2E_REQUIRE=${E2E_REQUIRE:-1}
# The address-book tests start Radicale and slapd: missing ones fail too.
if [ "$E2E_REQUIRE" = 1 ]; then export CONTACTS_REQUIRE=1; fi
exec go test -tags e2e -count=1 -timeout 20m -v "$@" ./ui/e2e/
