#!/usr/bin/env bash
# Builds the Linux release archive dist/gxptray-VERSION-linux-ARCH.tar.xz.
#
# Fyne's packaging tool (fyne.io/tools, pinned below) lays out the archive from
# FyneApp.toml: usr/local/bin, the icon, a .desktop file and a Makefile. Its
# menu entry is then replaced by GXP Tray's own two (the menu entry and the
# tel:/callto: handler, assets/*.desktop), the icon moves into the hicolor
# theme, and install.sh/uninstall.sh come in, with a Makefile that calls them:
#
#   tar xf gxptray-0.1.0-linux-amd64.tar.xz && cd gxptray-0.1.0-linux-amd64
#   ./install.sh            (or: make user-install; sudo make install for /usr/local)
#
# Usage: package.sh [--exe FILE] [--out DIR]
#   --exe FILE   package this binary instead of building a release one
#                (-trimpath, -ldflags '-s -w', -tags release)
#   --out DIR    where the archive goes (default dist/)
# XZ_OPT is passed to xz (default -6 -T0).
set -euo pipefail

FYNE_TOOLS=v1.7.4 # fyne.io/tools release that goes with fyne.io/fyne/v2 v2.8.1
APP=gxptray

die() { echo "package: $*" >&2; exit 1; }
say() { echo "package: $*"; }

self=$(realpath "$0")
root=$(cd "$(dirname "$self")/.." && pwd)
exe='' out=$root/dist
while (($#)); do
  case $1 in
    --exe) (($# > 1)) || die "--exe needs a file"; exe=$(realpath "$2"); shift ;;
    --out) (($# > 1)) || die "--out needs a directory"; out=$(realpath -m "$2"); shift ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$self"; exit 0 ;;
    *) die "unknown option $1 (try --help)" ;;
  esac
  shift
done
cd "$root"

GO=${GO:-go}
command -v "$GO" >/dev/null || die "Go is not installed: get Go 1.26 or newer from https://go.dev/dl/"
for t in tar xz; do command -v $t >/dev/null || die "$t is missing (apt-get install $t)"; done
version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
[ -n "$version" ] || die "no Version in FyneApp.toml"
arch=$("$GO" env GOARCH)
name=$APP-$version-linux-$arch
export XZ_OPT=${XZ_OPT:--6 -T0}

mkdir -p "$root/build" "$out"
work=$(mktemp -d "$root/build/package.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The packaging tool, built once into build/tools.
fyne=$root/build/tools/fyne-$FYNE_TOOLS/fyne
if [ ! -x "$fyne" ]; then
  say "building fyne.io/tools/cmd/fyne@$FYNE_TOOLS"
  GOBIN=$(dirname "$fyne") GOFLAGS='' "$GO" install "fyne.io/tools/cmd/fyne@$FYNE_TOOLS"
fi

if [ -z "$exe" ]; then
  say "building the release binary $version"
  exe=$work/$APP
  CGO_ENABLED=1 GOFLAGS=-trimpath TAGS=release LDFLAGS="-s -w" GO=$GO bash scripts/build.sh "$exe"
fi
[ -x "$exe" ] || die "$exe is not an executable"
[ "$(head -c4 "$exe" | tail -c3)" = ELF ] || die "$exe is not a Linux (ELF) binary"

# The tool packages from a source directory and rewrites FyneApp.toml there
# (it bumps Build): give it a copy, so the tree stays as it is.
src=$work/src
mkdir -p "$src/assets"
cp FyneApp.toml go.mod main.go "$src/"
cp assets/icon.png "$src/assets/"
(cd "$src" && "$fyne" package --target linux --release --executable "$exe")
fyne_tar=$(find "$src" -maxdepth 1 -name '*.tar.xz' -print -quit)
[ -n "$fyne_tar" ] || die "the packaging tool made no archive"

tree=$work/tree
mkdir -p "$tree"
tar -xJf "$fyne_tar" -C "$tree"
top=$(find "$tree" -mindepth 1 -maxdepth 1 -type d -print -quit)
[ -n "$top" ] || die "unexpected layout in $fyne_tar"
mv "$top" "$tree/$name"
top=$tree/$name
# usr/local, or usr when the machine that packaged has no /usr/local.
prefix=$(dirname "$(find "$top/usr" -path '*/bin/*' -name "$APP" -print -quit)")
prefix=${prefix%/bin}
[ -x "$prefix/bin/$APP" ] || die "no binary in the tool's archive"
# The tool picks usr/ when the packaging machine has no /usr/local; the
# archive always uses usr/local (install.sh finds either).
if [ "$prefix" = "$top/usr" ]; then
  mv "$top/usr" "$top/local" && mkdir "$top/usr" && mv "$top/local" "$top/usr/local"
  prefix=$top/usr/local
fi

share=$prefix/share
rm -f "$share"/applications/*.desktop
rm -rf "$share/pixmaps"
install -Dm0644 assets/gxptray.desktop "$share/applications/gxptray.desktop"
install -Dm0644 assets/gxptray-dial.desktop "$share/applications/gxptray-dial.desktop"
install -Dm0644 assets/icon.png "$share/icons/hicolor/256x256/apps/$APP.png"
install -m0755 scripts/install.sh scripts/uninstall.sh "$top/"
install -m0644 scripts/destinations.sh "$top/"
install -m0644 README.md "$top/"
[ -f LICENSE ] && install -m0644 LICENSE "$top/"

# Fyne's Makefile targets, kept by name, now doing the full install.
cat >"$top/Makefile" <<'EOF'
# GXP Tray release archive.
#   make user-install     for you only: ~/.local/bin, menu entry, tel:/callto: links
#   make user-uninstall
#   sudo make install     for everybody, into PREFIX (default /usr/local)
#   sudo make uninstall
# The same as ./install.sh [--autostart] and ./uninstall.sh [--purge].
PREFIX ?= /usr/local

default:
	@sed -n '2,5s/^# *//p' Makefile

user-install:
	PREFIX= ./install.sh

user-uninstall:
	PREFIX= ./uninstall.sh

install:
	PREFIX=$(PREFIX) ./install.sh

uninstall:
	PREFIX=$(PREFIX) ./uninstall.sh

.PHONY: default user-install user-uninstall install uninstall
EOF

# A reproducible archive: sorted names, no owner, the last commit's time.
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
archive=$out/$name.tar.xz
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
  --format=gnu -cJf "$archive.tmp" -C "$tree" "$name"
mv -f "$archive.tmp" "$archive"
(cd "$out" && sha256sum "$name.tar.xz" >"$name.tar.xz.sha256")
say "$archive ($(du -h "$archive" | cut -f1))"
