// Package winee2e runs the Windows build of GXP Tray (gxptray.exe, built by
// scripts/windows.sh) under Wine against the simulated phone on 127.0.0.1:
// the command line, the tray process and its notification-area icon, the
// password in Credential Manager, the tel:/callto: handler in the registry,
// start at login, and the installer.
//
// Everything but this file is behind the build tags e2e and wine, so `go
// test ./...` does not run it.
// scripts/wine-test.sh (make wine-test, part of make test) builds the exe and
// runs it:
//
//	GXPTRAY_EXE=$PWD/gxptray.exe go test -tags 'e2e wine' -count=1 -v ./ui/winee2e/
//
// The suite makes one fresh Wine prefix per run (wineboot -i), puts the
// ProcessPrng stub (scripts/wine/processprng.c, built with mingw) into its
// system32 because Wine 8 lacks that export and Go programs need it, and
// starts its own Xvfb display. Each test has its own settings, data and
// runtime directories inside the prefix and stops the Windows processes it
// started by their pids. What Wine cannot do that Windows can (toast
// notifications, HKCU classes in HKEY_CLASSES_ROOT) is said by name in the
// test that meets it.
//
// Without GXPTRAY_EXE or Wine the tests are skipped; E2E_REQUIRE=1 makes
// that a failure (CI). Screenshots and logs go to $E2E_ARTIFACTS/wine.
package winee2e
