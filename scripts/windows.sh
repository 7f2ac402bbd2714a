#!/usr/bin/env bash
# Cross-compiles gxptray.exe for 64-bit Windows (10 or newer) with mingw-w64
# (Debian: gcc-mingw-w64-x86-64, which brings windres), cgo on as Fyne needs.
#
# The executable carries a resource section made here: the application icon
# (assets/icon.png inside an .ico), a version block from FyneApp.toml and a
# manifest (Windows 10/11, per-monitor DPI, no elevation). It is a GUI program
# (-H windowsgui): started from the menu, at login or for a tel: link it opens
# no console window; started with a command from a console it attaches to
# that console and prints there (ui/cli/console_windows.go).
#
# Then the per-user installer, FILE-setup.exe beside it (NSIS, Debian: nsis;
# scripts/windows/gxptray.nsi says what it installs).
#
# Usage: windows.sh [-o FILE]
set -euo pipefail

APP=gxptray
die() { echo "windows: $*" >&2; exit 1; }

caller=$PWD
self=$(realpath "$0")
cd "$(dirname "$self")/.."
out=''
while (($#)); do
  case $1 in
    -o) (($# > 1)) || die "-o needs a file"; out=$2; shift
        [ "${out#/}" != "$out" ] || out=$caller/$out ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$self"; exit 0 ;;
    *) die "unknown option $1 (try --help)" ;;
  esac
  shift
done
: "${out:=$PWD/$APP.exe}" # absolute: makensis reads File paths from the script's folder

GO=${GO:-go}
CC=${WINDOWS_CC:-x86_64-w64-mingw32-gcc}
WINDRES=${WINDRES:-x86_64-w64-mingw32-windres}
MAKENSIS=${MAKENSIS:-makensis}
command -v "$GO" >/dev/null || die "Go is not installed: get Go 1.26 or newer from https://go.dev/dl/"
for t in "$CC" "$WINDRES"; do
  command -v "$t" >/dev/null || die "$t is missing: apt-get install gcc-mingw-w64-x86-64"
done
command -v "$MAKENSIS" >/dev/null || die "$MAKENSIS is missing: apt-get install nsis"

version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
build=$(sed -n 's/^Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
[[ ${build:-} =~ ^[0-9]+$ ]] || build=0
[[ $version =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || die "Version in FyneApp.toml is not x.y.z: $version"
quad="${BASH_REMATCH[1]},${BASH_REMATCH[2]},${BASH_REMATCH[3]},$build"
dotted="${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.${BASH_REMATCH[3]}.$build"

# The main package is built from a copy beside its resource object: a .syso
# must sit in the package's directory, and one in the source tree would be
# picked up by every other build there. "./..." skips directories starting
# with "_", so the copy stays out of the project's vet and tests.
mkdir -p build
gen=$(mktemp -d build/_windows.XXXXXX)
trap 'rm -rf "$gen"' EXIT
for f in *.go; do
  case $f in *_test.go) ;; *) cp "$f" "$gen/" ;; esac
done

# An .ico holding the PNG as it is (Windows Vista and later read PNG icons).
le16() { printf "\\x$(printf %02x $(($1 & 255)))\\x$(printf %02x $((($1 >> 8) & 255)))"; }
le32() { le16 $(($1 & 65535)); le16 $((($1 >> 16) & 65535)); }
png=assets/icon.png
size=$(wc -c <"$png")
{
  le16 0; le16 1; le16 1                         # ICONDIR: reserved, type icon, one image
  printf '\0\0\0\0'; le16 1; le16 32             # 256x256 (stored as 0), planes, bits
  le32 "$size"; le32 22                          # bytes, offset after the headers
  cat "$png"
} >"$gen/$APP.ico"

cat >"$gen/$APP.exe.manifest" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0" xmlns:asmv3="urn:schemas-microsoft-com:asm.v3">
  <assemblyIdentity version="$dotted" processorArchitecture="amd64" name="io.github.gxptray.GXPTray" type="win32"/>
  <description>GXP Tray</description>
  <compatibility xmlns="urn:schemas-microsoft-com:compatibility.v1">
    <application>
      <supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"/>
    </application>
  </compatibility>
  <asmv3:application>
    <asmv3:windowsSettings>
      <dpiAware xmlns="http://schemas.microsoft.com/SMI/2005/WindowsSettings">true/pm</dpiAware>
      <dpiAwareness xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">PerMonitorV2</dpiAwareness>
    </asmv3:windowsSettings>
  </asmv3:application>
  <trustInfo xmlns="urn:schemas-microsoft-com:asm.v3">
    <security>
      <requestedPrivileges>
        <requestedExecutionLevel level="asInvoker" uiAccess="false"/>
      </requestedPrivileges>
    </security>
  </trustInfo>
</assembly>
EOF

cat >"$gen/$APP.rc" <<EOF
1 ICON "$APP.ico"
1 24 "$APP.exe.manifest"
1 VERSIONINFO
FILEVERSION $quad
PRODUCTVERSION $quad
FILEOS 0x40004
FILETYPE 0x1
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904B0"
    BEGIN
      VALUE "FileDescription", "GXP Tray"
      VALUE "FileVersion", "$version"
      VALUE "InternalName", "$APP"
      VALUE "OriginalFilename", "$APP.exe"
      VALUE "ProductName", "GXP Tray"
      VALUE "ProductVersion", "$version"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
EOF
(cd "$gen" && "$WINDRES" -O coff -o rsrc_windows_amd64.syso "$APP.rc")

ldflags="-s -w -X main.version=$version -H windowsgui"
CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC="$CC" \
  "$GO" build -trimpath -tags release -ldflags "$ldflags" -o "$out" "./$gen"
echo "windows: $out ($(du -h "$out" | cut -f1))"

setup=${out%.exe}-setup.exe
"$MAKENSIS" -V2 -DVERSION="$version" -DVERSION4="$dotted" -DEXE="$out" \
  -DICON="$PWD/$gen/$APP.ico" -DOUT="$setup" scripts/windows/gxptray.nsi
echo "windows: $setup ($(du -h "$setup" | cut -f1))"
