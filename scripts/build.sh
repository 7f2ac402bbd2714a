#!/usr/bin/env bash
# Builds gxptray into OUT (default ./gxptray). On Linux that is one file with
# three images: the program the tray process runs, built without Fyne (tag
# gxptray_uiexec), and, embedded in it, the full build that `gxptray ui`
# runs for the windows and the address-book process (ui/addressbooks) that
# it runs while address books are configured (see ui/cli/ui_exec.go). The
# resident process then loads neither Fyne nor OpenGL nor the numbering
# plans. Elsewhere, and with a plain `go build`, the
# windows run from the one image.
#
#   bash scripts/build.sh [OUT]
#   TAGS=release LDFLAGS='-s -w' GOFLAGS=-trimpath bash scripts/build.sh dist/gxptray
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
out=${1:-gxptray}
version=${VERSION:-$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)}
ldflags="-X main.version=${version:-dev} ${LDFLAGS:-}"
tags=${TAGS:-}

if [ "$("$GO" env GOOS)" != linux ]; then
  exec "$GO" build -tags "$tags" -ldflags "$ldflags" -o "$out" .
fi
mkdir -p ui/cli/uiimage
# The window image: stripped, it is only ever run, never debugged in place.
"$GO" build -tags "$tags" -ldflags "$ldflags -s -w" -o ui/cli/uiimage/gxptray-ui .
"$GO" build -tags "$tags" -ldflags "-s -w ${LDFLAGS:-}" -o ui/cli/uiimage/gxptray-addressbooks ./ui/addressbooks
"$GO" build -tags "${tags:+$tags,}gxptray_uiexec" -ldflags "$ldflags" -o "$out" .
