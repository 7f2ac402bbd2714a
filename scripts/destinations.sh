# Where GXP Tray is installed: sourced by install.sh, which puts it there,
# and by uninstall.sh, which looks for it there, so the two never disagree.
# Needs die(). Sets system (1 with PREFIX: for everybody), bindir, datadir,
# appsdir and icondir; the rest of HOME's folders come from xdg_dir.
# shellcheck shell=bash

home_or_die() { [ -n "${HOME:-}" ] && [ "${HOME#/}" != "$HOME" ] || die "HOME is not set to an absolute path"; }
xdg_dir() { # $1 = value of the XDG variable, $2 = default under HOME
  if [ -n "$1" ] && [ "${1#/}" != "$1" ]; then echo "$1"; else echo "$HOME/$2"; fi
}

system=0
if [ -n "${PREFIX:-}" ]; then
  [ "${PREFIX#/}" != "$PREFIX" ] || die "PREFIX must be an absolute path, not $PREFIX"
  system=1
  bindir=$PREFIX/bin
  datadir=$PREFIX/share
else
  home_or_die
  bindir=${BINDIR:-$HOME/.local/bin}
  datadir=$(xdg_dir "${XDG_DATA_HOME:-}" .local/share)
fi
appsdir=$datadir/applications
icondir=$datadir/icons/hicolor/256x256/apps
