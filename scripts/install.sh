#!/usr/bin/env bash
# Installs GXP Tray for the current user (or, with PREFIX, for everybody):
#
#   binary        ~/.local/bin/gxptray
#   icon          $XDG_DATA_HOME/icons/hicolor/256x256/apps/gxptray.png
#   menu entry    $XDG_DATA_HOME/applications/gxptray.desktop
#   link handler  $XDG_DATA_HOME/applications/gxptray-dial.desktop (tel:, callto:),
#                 made the default with xdg-mime
#   autostart     $XDG_CONFIG_HOME/autostart/gxptray.desktop (--autostart only)
#
# ($XDG_DATA_HOME defaults to ~/.local/share, $XDG_CONFIG_HOME to ~/.config.)
#
# Usage: install.sh [--autostart] [--no-default-handler] [--bin FILE]
#   PREFIX=/usr/local install.sh   system install into PREFIX/bin and PREFIX/share;
#                                  uses sudo when PREFIX is not writable
#   DESTDIR=/stage PREFIX=/usr install.sh
#                                  stage files for a distribution package (no sudo,
#                                  no handler registration)
#
# Works from the source tree (after `make build`: ./gxptray, assets/) and from the
# unpacked release archive (usr/local/...). Never writes outside the user's home
# unless PREFIX is given.
set -euo pipefail

APP=gxptray
DIAL_ENTRY=gxptray-dial.desktop
SCHEMES=(x-scheme-handler/tel x-scheme-handler/callto)

die() { echo "install: $*" >&2; exit 1; }
say() { echo "install: $*"; }

autostart=0 register=1 bin_src=''
while (($#)); do
  case $1 in
    --autostart) autostart=1 ;;
    --no-default-handler) register=0 ;;
    --bin) (($# > 1)) || die "--bin needs a file"; bin_src=$2; shift ;;
    --bin=*) bin_src=${1#--bin=} ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) die "unknown option $1 (try --help)" ;;
  esac
  shift
done

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Sources: the release archive keeps a usr/ tree beside this script; the source
# tree has the binary at its top and the rest in assets/.
src_share=
for p in "$here/usr/local" "$here/usr"; do
  if [ -x "$p/bin/$APP" ]; then
    : "${bin_src:=$p/bin/$APP}"
    icon_src=$p/share/icons/hicolor/256x256/apps/$APP.png
    src_share=$p/share/applications
    break
  fi
done
if [ -z "$src_share" ]; then
  root=$(cd "$here/.." && pwd)
  : "${bin_src:=$root/$APP}"
  icon_src=$root/assets/icon.png
  src_share=$root/assets
fi
[ -e "$bin_src" ] || die "no $APP binary at $bin_src: run 'make build' first (or pass --bin FILE)"
[ -x "$bin_src" ] || die "$bin_src is not executable"
for f in "$icon_src" "$src_share/$APP.desktop" "$src_share/$DIAL_ENTRY"; do
  [ -f "$f" ] || die "missing $f"
done

# Destinations. DESTDIR only prefixes where files are written; the paths put
# into the menu entries are the final ones.
destdir=${DESTDIR:-}
[ -n "${PREFIX:-}" ] || [ -z "$destdir" ] || die "DESTDIR needs PREFIX (e.g. DESTDIR=$destdir PREFIX=/usr)"
# shellcheck source=destinations.sh
. "$here/destinations.sh"

# A system install asks for root explicitly, and only for the copying.
SUDO=()
if ((system)) && [ -z "$destdir" ] && [ "$(id -u)" != 0 ]; then
  probe=$PREFIX
  while [ ! -e "$probe" ]; do probe=$(dirname "$probe"); done
  if [ ! -w "$probe" ] || { [ -e "$bindir" ] && [ ! -w "$bindir" ]; } || { [ -e "$datadir" ] && [ ! -w "$datadir" ]; }; then
    command -v sudo >/dev/null || die "$PREFIX is not writable and sudo is missing: run as root"
    say "installing into $PREFIX needs root: using sudo"
    SUDO=(sudo)
  fi
fi
run() { "${SUDO[@]}" "$@"; }

# exec_arg quotes one argument for a Desktop Entry Exec key (the rules of the
# Desktop Entry Specification, as ui/autostart writes them): plain when it has
# only safe characters, otherwise in double quotes with " ` $ \ escaped; '%'
# doubled. The caller applies the string-level escaping (backslashes doubled).
exec_arg() {
  local a=${1//%/%%}
  if [[ $a =~ ^[A-Za-z0-9_./+,:@=%-]+$ ]]; then
    printf '%s' "$a"
    return
  fi
  a=${a//\\/\\\\}
  a=${a//\"/\\\"}
  a=${a//\`/\\\`}
  a=${a//\$/\\\$}
  printf '"%s"' "$a"
}

exe=$bindir/$APP
case $exe in *[[:cntrl:]]*) die "the install path contains a control character: $exe" ;; esac
exec_prog=$(exec_arg "$exe")
# GLib looks the program up before it expands "%%": hand such a path to env.
case $exe in *%*) exec_prog="env $exec_prog" ;; esac
exec_prog=${exec_prog//\\/\\\\}

# render_entry copies a .desktop file, pointing every "Exec=gxptray ..." at the
# installed binary by its absolute path: ~/.local/bin is often not on the PATH
# of the desktop session.
render_entry() { # $1 = source, $2 = output
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    if [[ $line == "Exec=$APP" || $line == "Exec=$APP "* ]]; then
      line="Exec=$exec_prog${line#"Exec=$APP"}"
    fi
    printf '%s\n' "$line"
  done <"$1" >"$2"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
render_entry "$src_share/$APP.desktop" "$tmp/$APP.desktop"
render_entry "$src_share/$DIAL_ENTRY" "$tmp/$DIAL_ENTRY"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$tmp/$APP.desktop" "$tmp/$DIAL_ENTRY" || die "the menu entries do not validate"
fi

# The binary goes in under a temporary name and is renamed over the old one,
# so a running gxptray keeps its file and nobody sees a half-copied binary.
run mkdir -p "$destdir$bindir" "$destdir$appsdir" "$destdir$icondir"
run install -m 0755 "$bin_src" "$destdir$bindir/.$APP.new"
run mv -f "$destdir$bindir/.$APP.new" "$destdir$exe"
run install -m 0644 "$icon_src" "$destdir$icondir/$APP.png"
run install -m 0644 "$tmp/$APP.desktop" "$destdir$appsdir/$APP.desktop"
run install -m 0644 "$tmp/$DIAL_ENTRY" "$destdir$appsdir/$DIAL_ENTRY"
say "installed $destdir$exe"
say "menu entry $destdir$appsdir/$APP.desktop, icon $destdir$icondir/$APP.png"

if [ -n "$destdir" ]; then
  say "staged under $destdir: the package's scripts run update-desktop-database"
  exit 0
fi

# Icon themes notice new icons by the directory's time stamp; a system theme
# directory with an index may also have a cache to refresh.
run touch "$datadir/icons/hicolor"
if [ -f "$datadir/icons/hicolor/index.theme" ] && command -v gtk-update-icon-cache >/dev/null; then
  run gtk-update-icon-cache -q -t "$datadir/icons/hicolor" || true
fi
if command -v update-desktop-database >/dev/null; then
  run update-desktop-database -q "$appsdir" || say "update-desktop-database failed (harmless: the desktop rescans later)"
fi

# set_default_handler makes the dial entry the default for the schemes, for
# the user running this script (also after a system install).
set_default_handler() {
  if command -v xdg-mime >/dev/null; then
    xdg-mime default "$DIAL_ENTRY" "${SCHEMES[@]}"
    return
  fi
  # No xdg-utils: write mimeapps.list as xdg-mime would.
  home_or_die
  local cfg list
  cfg=$(xdg_dir "${XDG_CONFIG_HOME:-}" .config)
  list=$cfg/mimeapps.list
  mkdir -p "$cfg"
  [ -f "$list" ] || : >"$list"
  awk -v app="$DIAL_ENTRY" -v mimes="${SCHEMES[*]}" '
    function flush(  i) { for (i = 1; i <= n; i++) if (!done[m[i]]) { print m[i] "=" app; done[m[i]] = 1 } }
    BEGIN { n = split(mimes, m, " ") }
    /^[ \t]*\[/ {
      if (insec) flush()
      insec = ($0 ~ /^\[Default Applications\][ \t]*$/)
      if (insec) found = 1
      print; next
    }
    insec && index($0, "=") {
      k = substr($0, 1, index($0, "=") - 1); sub(/[ \t]+$/, "", k)
      for (i = 1; i <= n; i++) if (k == m[i]) { if (!done[k]) { print k "=" app; done[k] = 1 }; next }
    }
    { print }
    END {
      if (insec) flush()
      else if (!found) { print "[Default Applications]"; flush() }
    }' "$list" >"$list.tmp.$$"
  mv -f "$list.tmp.$$" "$list"
}

if ((register)); then
  if ((system)) && [ "$(id -u)" = 0 ]; then
    say "tel: and callto: links: each user runs  xdg-mime default $DIAL_ENTRY ${SCHEMES[*]}"
  else
    before=
    if command -v xdg-mime >/dev/null; then
      before=$(xdg-mime query default x-scheme-handler/tel 2>/dev/null || true)
    fi
    set_default_handler || die "could not register the tel: and callto: handler"
    if [ -n "$before" ] && [ "$before" != "$DIAL_ENTRY" ]; then
      say "tel: and callto: links now open GXP Tray (they opened $before before;"
      say "  to go back: xdg-mime default $before ${SCHEMES[*]})"
    else
      say "tel: and callto: links now open GXP Tray"
    fi
  fi
fi

if ((autostart)); then
  home_or_die
  auto=$(xdg_dir "${XDG_CONFIG_HOME:-}" .config)/autostart
  mkdir -p "$auto"
  # The same entry as Settings -> "Start at login" writes (ui/autostart).
  cat >"$auto/.$APP.desktop.new" <<EOF
[Desktop Entry]
Type=Application
Name=GXP Tray
Comment=Grandstream desk phone companion
Exec=$exec_prog
Icon=$APP
Terminal=false
X-GNOME-Autostart-enabled=true
EOF
  mv -f "$auto/.$APP.desktop.new" "$auto/$APP.desktop"
  say "starts at login: $auto/$APP.desktop"
fi

if ((!system)); then
  case ":$PATH:" in
    *":$bindir:"*) ;;
    *) say "note: $bindir is not on your PATH; add it to use 'gxptray' in a terminal" ;;
  esac
fi
say "done: start GXP Tray from the applications menu, or run $exe"
