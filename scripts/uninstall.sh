#!/usr/bin/env bash
# Removes what install.sh put in place: the binary, the icon, the menu entry,
# the tel:/callto: handler entry and its registration in mimeapps.list, and the
# autostart entry. Settings, call history and the saved passcode stay unless
# --purge is given.
#
# Usage: uninstall.sh [--purge]
#   PREFIX=/usr/local uninstall.sh   remove a system install (sudo when needed)
set -euo pipefail

APP=gxptray
DIAL_ENTRY=gxptray-dial.desktop

die() { echo "uninstall: $*" >&2; exit 1; }
say() { echo "uninstall: $*"; }

purge=0
while (($#)); do
  case $1 in
    --purge) purge=1 ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) die "unknown option $1 (try --help)" ;;
  esac
  shift
done

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=destinations.sh
. "$here/destinations.sh"
home_or_die
confighome=$(xdg_dir "${XDG_CONFIG_HOME:-}" .config)
datahome=$(xdg_dir "${XDG_DATA_HOME:-}" .local/share)

SUDO=()
if ((system)) && [ "$(id -u)" != 0 ] && [ -e "$bindir/$APP" ] && [ ! -w "$bindir" ]; then
  command -v sudo >/dev/null || die "$PREFIX is not writable and sudo is missing: run as root"
  say "removing from $PREFIX needs root: using sudo"
  SUDO=(sudo)
fi
run() { "${SUDO[@]}" "$@"; }

removed=0
remove() {
  local f
  for f; do
    if [ -e "$f" ] || [ -L "$f" ]; then
      run rm -f "$f"
      say "removed $f"
      removed=1
    fi
  done
}
remove "$bindir/$APP" "$appsdir/$APP.desktop" "$appsdir/$DIAL_ENTRY" \
  "$icondir/$APP.png"
if ((!system)); then
  remove "$confighome/autostart/$APP.desktop"
fi
[ -d "$datadir/icons/hicolor" ] && run touch "$datadir/icons/hicolor"
if [ -d "$appsdir" ] && command -v update-desktop-database >/dev/null; then
  run update-desktop-database -q "$appsdir" || true
fi

# forget_handler drops the dial entry from a mimeapps.list (what xdg-mime and
# desktop settings write), leaving every other association as it was.
forget_handler() { # $1 = mimeapps.list
  [ -f "$1" ] && grep -qF "$DIAL_ENTRY" "$1" || return 0
  awk -v app="$DIAL_ENTRY" '
    /^[ \t]*\[/ { sec = $0; print; next }
    sec ~ /^\[(Default Applications|Added Associations|Removed Associations)\]/ && index($0, "=") && index($0, app) {
      k = substr($0, 1, index($0, "=") - 1); v = substr($0, index($0, "=") + 1)
      c = split(v, parts, ";"); nv = ""
      for (i = 1; i <= c; i++) if (parts[i] != "" && parts[i] != app) nv = nv parts[i] ";"
      if (nv != "") print k "=" nv
      next
    }
    { print }' "$1" >"$1.tmp.$$"
  mv -f "$1.tmp.$$" "$1"
  say "tel: and callto: no longer open GXP Tray ($1)"
}
forget_handler "$confighome/mimeapps.list"
forget_handler "$datahome/applications/mimeapps.list"

if ((purge)); then
  for d in "${GXPTRAY_CONFIG_DIR:-$confighome/$APP}" "${GXPTRAY_DATA_DIR:-$datahome/$APP}"; do
    if [ -d "$d" ]; then
      rm -rf -- "$d"
      say "removed $d"
    fi
  done
  # The passcode and push token in the Secret Service keyring. A locked keyring
  # would prompt or hang: give up after a while.
  if command -v secret-tool >/dev/null; then
    if timeout 15 secret-tool clear service "$APP" 2>/dev/null; then
      say "removed the saved passcode from the keyring"
    else
      say "could not reach the keyring; remove the \"$APP\" entries with your keyring manager (e.g. Seahorse)"
    fi
  else
    say "remove the saved passcode with your keyring manager (entries of service \"$APP\")"
  fi
fi

((removed)) || say "nothing of GXP Tray was installed in $bindir or $appsdir"
say "done (a running gxptray keeps running until you quit it from its menu)"
