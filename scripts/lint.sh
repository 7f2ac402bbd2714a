#!/usr/bin/env bash
# The strict checks of `make test`: staticcheck, gocyclo (no function of the
# shipped code over 20; tests are excluded), and go vet as the code builds
# for Windows (cgo through mingw-w64) and, as far as it can be checked from
# Linux, for macOS. go vet for Linux runs in `make vet`.
#
# The checkers are installed at pinned versions into build/tools, so the
# run does not depend on what happens to be on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
STATICCHECK_VERSION=v0.8.2
GOCYCLO_VERSION=v0.6.0

tools=$PWD/build/tools
install() { # name module version
  local stamp=$tools/.$1-$3
  [ -x "$tools/$1" ] && [ -e "$stamp" ] && return
  GOBIN=$tools "$GO" install "$2@$3"
  touch "$stamp"
}
install staticcheck honnef.co/go/tools/cmd/staticcheck "$STATICCHECK_VERSION"
install gocyclo github.com/fzipp/gocyclo/cmd/gocyclo "$GOCYCLO_VERSION"

status=0
echo "lint: staticcheck ./..."
"$tools/staticcheck" ./... || status=1
echo "lint: staticcheck -tags e2e,wine (the end-to-end suites)"
"$tools/staticcheck" -tags e2e,wine ./ui/e2e/... ./ui/winee2e/... || status=1

echo "lint: gocyclo -over 20 (non-test code)"
over=$("$tools/gocyclo" -over 20 -ignore '_test\.go$|^build/' . || true)
if [ -n "$over" ]; then
  echo "functions too complex (split them):"; echo "$over"; status=1
fi

echo "lint: go vet for windows/amd64"
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=${WINDOWS_CC:-x86_64-w64-mingw32-gcc} "$GO" vet ./... || status=1

echo "lint: go vet for darwin"
bash scripts/vet-darwin.sh || status=1

exit "$status"
