#!/usr/bin/env bash
# Installs the Debian packages GXP Tray needs to build (cgo: Fyne's GLFW/OpenGL,
# Xlib for the global hotkey) and to run its end-to-end tests headless (Xvfb,
# a private D-Bus session bus, gnome-keyring, a StatusNotifierWatcher, a
# notification daemon, xdotool/xclip, imagemagick for screenshots), and the
# Windows build with its tests under Wine (--windows).
# Idempotent: does nothing, not even apt-get update, when all are installed.
set -euo pipefail

#
#   bash scripts/deps.sh [--demo] [--package] [--windows] [--e2e] [--screenshots] [--list]
#
# Without an option: what `go build` needs. Each option adds its list; --list
# prints the packages instead of installing them.
BUILD_PKGS=(
  gcc libc6-dev pkg-config
  libgl1-mesa-dev                  # GL/gl.h, -lGL (Fyne)
  libx11-dev                       # Xlib (GLFW, ui/hotkey, ui/clipboard)
  libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libxfixes-dev
  libwayland-dev libxkbcommon-dev  # GLFW 3.4 builds its Wayland backend too
  radicale slapd ldap-utils        # unit tests: real CardDAV and LDAP servers on 127.0.0.1 (cti/contacts)
)
DEMO_PKGS=(curl)                   # make demo without a desktop drives the simulated phone
PACKAGE_PKGS=(xz-utils xdg-utils desktop-file-utils)  # make package / install / package-test
WINDOWS_PKGS=(
  gcc-mingw-w64-x86-64             # make windows: cross-compiler and windres
  nsis                             # make windows: the installer (makensis)
  wine wine64                      # make wine-test: the exe under Wine 8 (/usr/lib/wine/wine64)
  libgl1 libxrender1 libxcomposite1  # what Wine's X11 driver loads (libwine only recommends them)
  xvfb x11-utils imagemagick       # make wine-test: its display, xwininfo, screenshots
)
E2E_PKGS=(
  xvfb x11-utils                      # virtual X server, xwininfo
  dbus dbus-bin dbus-x11              # dbus-daemon, dbus-monitor
  libglib2.0-bin                      # gdbus
  gnome-keyring libsecret-tools       # Secret Service for go-keyring; secret-tool
  haskell-status-notifier-item-utils  # status-notifier-watcher
  dunst                               # org.freedesktop.Notifications server
  xdotool xclip                       # windows, keys, clipboard
  imagemagick                         # screenshots (import -window root)
  procps                              # ps, for the idle CPU/memory benchmark
)
# README screenshots only (make screenshots): a panel that draws tray menus,
# and ip(8) for a private network that gives the simulated phone a LAN address.
SHOT_PKGS=(xfce4-panel iproute2)
want=("${BUILD_PKGS[@]}")
list=0
for arg in "$@"; do
  case "$arg" in
    --demo) want+=("${DEMO_PKGS[@]}") ;;
    --package) want+=("${PACKAGE_PKGS[@]}") ;;
    --windows) want+=("${WINDOWS_PKGS[@]}") ;;
    # make test: the end-to-end suite, the demo's script and the package test
    --e2e) want+=("${E2E_PKGS[@]}" "${DEMO_PKGS[@]}" "${PACKAGE_PKGS[@]}") ;;
    --screenshots) want+=("${E2E_PKGS[@]}" "${SHOT_PKGS[@]}") ;;
    --list) list=1 ;;
    *) echo "deps: unknown option $arg" >&2; exit 2 ;;
  esac
done
if ((list)); then
  printf '%s\n' "${want[@]}"
  exit 0
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
((${#missing[@]})) || exit 0

echo "deps: installing ${missing[*]}"
SUDO=
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
