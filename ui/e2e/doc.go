// Package e2e holds GXP Tray's end-to-end tests: the real gxptray binary on
// a real, headless desktop session (Xvfb, a private D-Bus session bus, an
// unlocked gnome-keyring, a StatusNotifierWatcher, a notification server),
// driven the way a person would drive it: the tray menu over D-Bus
// (com.canonical.dbusmenu), windows, keys and the clipboard with xdotool and
// xclip, a simulated phone on the other side.
//
// Everything but this file is behind the build tag e2e, so `go test ./...`
// does not run it. Run it with the binary to test:
//
//	go build -o gxptray . && GXPTRAY_BIN=$PWD/gxptray go test -tags e2e -count=1 -v ./ui/e2e/
//
// Tests are skipped when GXPTRAY_BIN is unset or a desktop tool is missing
// (Debian: bash scripts/deps.sh --e2e); E2E_REQUIRE=1 makes that a failure
// instead, for CI. scripts/e2e.sh builds the binary and runs them so.
//
// Each test brings up its own session (NewDesktop) and tears it down, every
// process stopped by its pid, also when a check fails. Screenshots of every
// step, the tray menu and icon as text and PNG, and the logs of every
// process go to $E2E_ARTIFACTS (default e2e-artifacts at the top of the
// module); E2E_KEEP=1 keeps each test's session directory (home, keyring,
// bus socket) too.
package e2e
