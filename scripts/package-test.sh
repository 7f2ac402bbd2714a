#!/usr/bin/env bash
# Packaging test: builds the release archive around a gxptray binary, unpacks
# it, installs it as a normal user into a throw-away HOME and checks what that
# user gets: the binary, the menu entries, the icon, tel:/callto: links that
# open GXP Tray and really dial (a simulated phone receives the call), and an
# uninstall that leaves nothing behind and keeps the user's other link handlers.
#
# Usage: package-test.sh [BINARY]
#   BINARY defaults to ./gxptray when it exists, else one is built.
# Needs: tar xz-utils xdg-utils desktop-file-utils libglib2.0-bin (gio) curl.
set -euo pipefail

bin=''
if [ -n "${1:-}" ]; then bin=$(realpath "$1"); fi
cd "$(dirname "$0")/.."
GO=${GO:-go}

fail() { echo "package-test: FAIL: $*" >&2; exit 1; }
step() { echo "package-test: $*"; }

need=(tar:tar xz:xz-utils xdg-mime:xdg-utils desktop-file-validate:desktop-file-utils
  update-desktop-database:desktop-file-utils gio:libglib2.0-bin curl:curl awk:gawk)
missing=()
for n in "${need[@]}"; do command -v "${n%%:*}" >/dev/null || missing+=("${n#*:}"); done
((${#missing[@]} == 0)) || fail "missing tools; install the Debian packages: ${missing[*]}"

tmp=$(mktemp -d)
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

version=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
arch=$("$GO" env GOARCH)
name=gxptray-$version-linux-$arch

if [ -z "$bin" ] && [ -x ./gxptray ]; then bin=./gxptray; fi
if [ -z "$bin" ]; then
  step "building gxptray"
  "$GO" build -ldflags "-X main.version=$version" -o "$tmp/gxptray" .
  bin=$tmp/gxptray
fi
[ -x "$bin" ] || fail "$bin is not an executable"
bin=$(realpath "$bin")

step "packaging $bin"
toml_before=$(sha256sum <FyneApp.toml)
XZ_OPT="-0 -T0" bash scripts/package.sh --exe "$bin" --out "$tmp/dist" >"$tmp/package.log" 2>&1 ||
  { cat "$tmp/package.log" >&2; fail "package.sh failed"; }
archive=$tmp/dist/$name.tar.xz
[ -f "$archive" ] || fail "no $name.tar.xz in the output: $(ls "$tmp/dist")"
(cd "$tmp/dist" && sha256sum --quiet -c "$name.tar.xz.sha256") || fail "checksum file does not match"
# The packaging tool bumps Build in the FyneApp.toml it packages from: not ours.
[ "$(sha256sum <FyneApp.toml)" = "$toml_before" ] || fail "packaging changed FyneApp.toml"

listing=$(tar -tJf "$archive")
for f in Makefile install.sh uninstall.sh destinations.sh README.md usr/local/bin/gxptray \
  usr/local/share/applications/gxptray.desktop usr/local/share/applications/gxptray-dial.desktop \
  usr/local/share/icons/hicolor/256x256/apps/gxptray.png; do
  grep -qxF "$name/$f" <<<"$listing" || fail "the archive has no $name/$f"
done
if grep -q 'io.github.gxptray.GXPTray' <<<"$listing"; then
  fail "the archive still carries the packaging tool's own menu entry or icon"
fi

mkdir -p "$tmp/unpacked"
tar -xJf "$archive" -C "$tmp/unpacked"
pkg=$tmp/unpacked/$name
cmp -s "$pkg/usr/local/bin/gxptray" "$bin" || fail "the archive's binary is not the one packaged"

# A simulated phone, so that opening a tel: link can be checked at the far end.
"$bin" phonesim --listen 127.0.0.1:0 --key-interval 0 >"$tmp/phonesim.log" 2>&1 &
pids+=($!)
phone=
for _ in $(seq 100); do
  phone=$(sed -n 's/^Simulated Grandstream phone at //p' "$tmp/phonesim.log")
  [ -n "$phone" ] && break
  kill -0 "${pids[0]}" 2>/dev/null || break
  sleep 0.1
done
[ -n "$phone" ] || { cat "$tmp/phonesim.log" >&2; fail "the simulated phone did not start"; }
passcode=$(sed -n 's/^Passcode: //p' "$tmp/phonesim.log")

# as_user runs a command as a fresh user whose whole desktop lives in $home.
as_user() { # $1 = home, $2 = PATH, rest = command
  local home=$1 path=$2
  shift 2
  env -i HOME="$home" PATH="$path" LANG=C.UTF-8 USER="${USER:-user}" \
    XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" \
    XDG_CACHE_HOME="$home/.cache" XDG_DATA_DIRS=/usr/local/share:/usr/share XDG_CONFIG_DIRS=/etc/xdg \
    GXPTRAY_RUNTIME_DIR="$home/run" GXPTRAY_CONFIG_DIR="$home/.config/gxptray" \
    GXPTRAY_DATA_DIR="$home/.local/share/gxptray" \
    GXPTRAY_PHONE="$phone" GXPTRAY_PASSCODE="$passcode" "$@"
}

# dialed_by_link opens URI the way a browser does (the user's default handler)
# and waits until the simulated phone has dialed WANT.
dialed_by_link() { # $1 = home, $2 = URI, $3 = the number the phone should dial
  as_user "$1" /usr/local/bin:/usr/bin:/bin gio open "$2" >>"$tmp/dial.log" 2>&1 ||
    { cat "$tmp/dial.log" >&2; fail "gio open $2 failed"; }
  local state
  for _ in $(seq 100); do
    state=$(curl -fsS "$phone/sim/state") || fail "the simulated phone stopped answering"
    grep -qF "\"$3\"" <<<"$(grep -o '"dialed":\[[^]]*\]' <<<"$state")" && return 0
    sleep 0.1
  done
  cat "$tmp/dial.log" >&2
  fail "opening $2 did not make the phone dial $3 (dialed: $(grep -o '"dialed":\[[^]]*\]' <<<"$state"))"
}

check_installed() { # $1 = home
  local home=$1 apps=$1/.local/share/applications exe=$1/.local/bin/gxptray f
  [ -x "$exe" ] || fail "no executable $exe"
  cmp -s "$exe" "$bin" || fail "$exe is not the packaged binary"
  as_user "$home" /usr/bin:/bin "$exe" version | grep -qxF "$("$bin" version)" || fail "the installed gxptray does not run"
  cmp -s "$home/.local/share/icons/hicolor/256x256/apps/gxptray.png" assets/icon.png ||
    fail "icon missing from the user's hicolor theme"
  for f in gxptray.desktop gxptray-dial.desktop; do
    [ -f "$apps/$f" ] || fail "no $apps/$f"
    desktop-file-validate "$apps/$f" || fail "$f does not validate"
  done
  grep -q '^NoDisplay=true$' "$apps/gxptray-dial.desktop" || fail "the link handler shows in the menu"
  grep -q '^MimeType=x-scheme-handler/tel;x-scheme-handler/callto;$' "$apps/gxptray-dial.desktop" ||
    fail "the link handler does not claim tel: and callto:"
  local s
  for s in tel callto; do
    [ "$(as_user "$home" /usr/bin:/bin xdg-mime query default "x-scheme-handler/$s")" = gxptray-dial.desktop ] ||
      fail "xdg-mime does not name gxptray-dial.desktop for $s: links"
  done
}

# 1. The common case: ./install.sh --autostart from the unpacked archive.
home=$tmp/alice
mkdir -p "$home/.config" "$home/.local/share/applications"
# Another softphone already owns tel: links; the mail client owns mailto:.
printf '[Desktop Entry]\nType=Application\nName=Softphone\nExec=true %%u\nMimeType=x-scheme-handler/tel;\n' \
  >"$home/.local/share/applications/softphone.desktop"
printf '[Default Applications]\nx-scheme-handler/mailto=thunderbird.desktop\nx-scheme-handler/tel=softphone.desktop\n' \
  >"$home/.config/mimeapps.list"
step "installing into $home"
as_user "$home" /usr/bin:/bin "$pkg/install.sh" --autostart >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log" >&2; fail "install.sh failed"; }
check_installed "$home"
exe=$home/.local/bin/gxptray
grep -qxF "Exec=$exe dial --notify %u" "$home/.local/share/applications/gxptray-dial.desktop" ||
  fail "the link handler does not run the installed binary: $(grep ^Exec= "$home/.local/share/applications/gxptray-dial.desktop")"
grep -qxF "Exec=$exe" "$home/.config/autostart/gxptray.desktop" || fail "no autostart entry for $exe"
grep -q "is not on your PATH" "$tmp/install.log" || fail "no hint that ~/.local/bin is not on PATH"
grep -q "xdg-mime default softphone.desktop" "$tmp/install.log" || fail "no word on how to give tel: back to the softphone"
dialed_by_link "$home" "tel:203" 203

# Installing again changes nothing visible and keeps the user's other handlers.
as_user "$home" /usr/bin:/bin "$pkg/install.sh" >/dev/null 2>&1 || fail "a second install.sh failed"
[ "$(grep -c '^x-scheme-handler/tel=' "$home/.config/mimeapps.list")" = 1 ] || fail "mimeapps.list grew a second tel: line"
grep -qxF 'x-scheme-handler/mailto=thunderbird.desktop' "$home/.config/mimeapps.list" || fail "install lost the mailto: handler"

step "uninstalling"
as_user "$home" /usr/bin:/bin "$pkg/uninstall.sh" >"$tmp/uninstall.log" 2>&1 ||
  { cat "$tmp/uninstall.log" >&2; fail "uninstall.sh failed"; }
# Settings and history stay (uninstall.sh --purge removes them).
left=$(find "$home" -name 'gxptray*' ! -path "$home/run*" ! -path "$home/.config/gxptray*" ! -path "$home/.local/share/gxptray*")
[ -z "$left" ] || fail "uninstall left: $left"
! grep -q gxptray "$home/.config/mimeapps.list" || fail "uninstall left the tel: registration"
grep -qxF 'x-scheme-handler/mailto=thunderbird.desktop' "$home/.config/mimeapps.list" || fail "uninstall lost the mailto: handler"
[ "$(as_user "$home" /usr/bin:/bin xdg-mime query default x-scheme-handler/tel)" = softphone.desktop ] ||
  fail "tel: links do not go back to the other softphone"

# 2. A home whose path needs quoting in the Exec key, installed with the
#    archive's Makefile, on a system without xdg-utils (install.sh writes
#    mimeapps.list itself); GLib (as GNOME, Xfce and Cinnamon do) must still
#    run the handler.
home="$tmp/bob's \$HOME"
mkdir -p "$home" "$tmp/noxdg"
for t in bash sh env make mkdir install mv cp touch awk sed grep cat id dirname mktemp rm \
  desktop-file-validate update-desktop-database; do
  ln -s "$(command -v "$t")" "$tmp/noxdg/$t"
done
step "installing into $home without xdg-utils"
as_user "$home" "$tmp/noxdg" make -s -C "$pkg" user-install >"$tmp/install2.log" 2>&1 ||
  { cat "$tmp/install2.log" >&2; fail "make user-install failed"; }
[ -f "$home/.config/mimeapps.list" ] || fail "no mimeapps.list written without xdg-mime"
# Asked up to three times: once, under load right after the end-to-end suite,
# GLib answered without the default; the answer it gave is kept for the message.
for _ in 1 2 3; do
  gio_says=$(as_user "$home" /usr/bin:/bin gio mime x-scheme-handler/tel 2>&1) || true
  grep -q 'Default application.*gxptray-dial.desktop' <<<"$gio_says" && break
  sleep 1
done
grep -q 'Default application.*gxptray-dial.desktop' <<<"$gio_says" ||
  fail "GLib does not see gxptray-dial.desktop as the tel: handler; gio said: $gio_says; mimeapps.list: $(cat "$home/.config/mimeapps.list")"
exe=$home/.local/bin/gxptray
cmp -s "$exe" "$bin" || fail "no $exe"
grep -qxF "Exec=\"$tmp/bob's \\\\\$HOME/.local/bin/gxptray\" dial --notify %u" "$home/.local/share/applications/gxptray-dial.desktop" ||
  fail "Exec not quoted as the Desktop Entry Specification wants: $(grep ^Exec= "$home/.local/share/applications/gxptray-dial.desktop")"
dialed_by_link "$home" "callto:+1-555-0100" +15550100

step "ok"
