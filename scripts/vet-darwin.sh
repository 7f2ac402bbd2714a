#!/usr/bin/env bash
# Vets the code as it builds for macOS, from Linux: GOOS=darwin, cgo off.
#
# Fyne's GLFW driver and fyne.io/systray need cgo against the macOS SDK on
# darwin, which no Linux machine has, so packages that import them cannot be
# type-checked for darwin here. They are listed, with any of their files that
# only macOS compiles (files that the Linux and Windows builds also compile are
# vetted there). Every other package must pass `go vet`.
set -euo pipefail

cd "$(dirname "$0")/.."
GO=${GO:-go}
# Modules whose darwin code is cgo-only.
needs_sdk='fyne.io/systray|fyne.io/fyne/v2/internal/driver/glfw|github.com/go-gl/'

export GOOS=darwin GOARCH=${GOARCH:-arm64} CGO_ENABLED=0
vet=() skipped=()
while read -r pkg deps; do
  if grep -qE "(^| )($needs_sdk)" <<<"$deps"; then skipped+=("$pkg"); else vet+=("$pkg"); fi
done < <("$GO" list -e -f '{{.ImportPath}} {{join .Deps " "}}' ./...)

status=0
if ((${#vet[@]})); then
  "$GO" vet "${vet[@]}" || status=$?
fi
echo "vet-darwin: vetted ${#vet[@]} packages for darwin/$GOARCH"
if ((${#skipped[@]})); then
  echo "vet-darwin: not checkable without the macOS SDK (they import Fyne's driver or systray):"
  files() { GOOS=$1 CGO_ENABLED=1 "$GO" list -e -f '{{join .GoFiles "\n"}}{{"\n"}}{{join .CgoFiles "\n"}}' "$p" | sed '/^$/d' | sort -u; }
  for p in "${skipped[@]}"; do
    only=$(comm -23 <(files darwin) <(sort -u <(files linux) <(files windows)) | tr '\n' ' ')
    echo "  $p${only:+  (macOS-only files, unchecked: $only)}"
  done
fi
exit "$status"
