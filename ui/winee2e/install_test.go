//go:build e2e && wine

package winee2e

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
)

// Registry keys the installer writes (scripts/windows/gxptray.nsi).
const (
	uninstallKey = `HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\GXPTray`
	runKey       = `HKCU\Software\Microsoft\Windows\CurrentVersion\Run`
	regAppsKey   = `HKCU\Software\RegisteredApplications`
)

// TestInstaller: the per-user installer, run silently as a user without
// administrator rights would (setup.exe /S /AUTOSTART=1), puts the program,
// its Start menu entry, the link handlers, the Run value and its uninstall
// entry in place; the installed program runs and takes a tel: link; the
// uninstaller stops it and removes the program but keeps the person's
// settings, history and saved password, unless asked (/PURGE=1): then
// nothing is left.
func TestInstaller(t *testing.T) {
	w := needWine(t)
	if w.Setup == "" {
		t.Fatalf("no installer beside %s: scripts/windows.sh builds gxptray-setup.exe with it", w.ExeSource)
	}
	s := w.NewSession(t, true)
	ph := NewPhone(t)
	ctx := within(t, 3*time.Minute)
	profile := `C:\users\` + w.User + `\AppData`
	instDir := profile + `\Local\Programs\GXP Tray`
	exe := instDir + `\gxptray.exe`
	shortcut := profile + `\Roaming\Microsoft\Windows\Start Menu\Programs\GXP Tray.lnk`
	dataDirs := []string{profile + `\Roaming\gxptray`, profile + `\Local\gxptray`}
	handler := `"` + exe + `" "%1"`

	if r := s.RunProgram(ctx, nil, "", w.Setup, "/S", "/AUTOSTART=1"); r.Code != 0 {
		t.Fatalf("silent install: %s", r)
	}
	for _, f := range []string{exe, instDir + `\uninstall.exe`, shortcut} {
		if !fileExists(w.Path(f)) {
			t.Errorf("installed: %s is missing", f)
		}
	}
	want := map[[2]string]string{
		{`HKCU\Software\Classes\tel\shell\open\command`, ""}:           handler,
		{`HKCU\Software\Classes\callto\shell\open\command`, ""}:        handler,
		{`HKCU\Software\Classes\tel`, "URL Protocol"}:                  "",
		{`HKCU\Software\Classes\GXPTray.Link\shell\open\command`, ""}:  handler,
		{`HKCU\Software\GXP Tray\Capabilities\URLAssociations`, "tel"}: "GXPTray.Link",
		{regAppsKey, "GXP Tray"}:                                       `Software\GXP Tray\Capabilities`,
		{runKey, "GXP Tray"}:                                           `"` + exe + `"`,
		{uninstallKey, "DisplayName"}:                                  "GXP Tray",
		{uninstallKey, "UninstallString"}:                              `"` + instDir + `\uninstall.exe"`,
	}
	for kv, v := range want {
		got, err := s.RegValue(ctx, kv[0], kv[1])
		if err != nil || got != v {
			t.Errorf("%s [%s] = %q (%v), want %q", kv[0], kv[1], got, err, v)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	// The installed program: the password saved as a user would, the tray
	// process started from the install folder, a tel: link through the
	// handler the installer registered.
	phone := []string{"GXPTRAY_PHONE=" + ph.URL()}
	if r := s.RunProgram(ctx, phone, PhonePasscode+"\n", exe, "password"); r.Code != 0 {
		t.Fatalf("installed gxptray.exe password: %s", r)
	}
	before := ph.RequestCount("api-get_line_status")
	tray := s.StartProgram("installed-tray", exe, phone)
	if err := ph.Wait(ctx, func() bool { return ph.RequestCount("api-get_line_status") > before || tray.Exited() }); err != nil || tray.Exited() {
		t.Fatalf("the installed tray process did not poll the phone (%v); log:\n%s", err, tail(tray.LogText(), 2000))
	}
	exposeLinksToShell(ctx, t, s)
	startLink(ctx, t, s, "tel:+74951234567")
	if err := ph.WaitDialed(ctx, "+74951234567"); err != nil {
		t.Fatal(err)
	}
	if err := ph.RemoteHangup(1); err != nil {
		t.Fatal(err)
	}
	if err := ph.WaitLine(ctx, 1, cti.StateIdle); err != nil {
		t.Fatal(err)
	}
	if !dirExists(w.Path(dataDirs[1])) {
		t.Fatalf("the installed program kept nothing in %s", dataDirs[1])
	}

	// Uninstall while the tray process runs, not asked to remove the
	// person's data: the program goes, settings, history and the saved
	// password stay for a later install. The uninstaller copies itself to
	// %TEMP% and runs from there, so its end is seen in what it removes.
	keys := []string{`HKCU\Software\Classes\tel`, `HKCU\Software\Classes\callto`, `HKCU\Software\Classes\GXPTray.Link`,
		`HKCU\Software\GXP Tray`, uninstallKey}
	values := [][2]string{{runKey, "GXP Tray"}, {regAppsKey, "GXP Tray"}}
	program := []string{instDir, shortcut}
	if r := s.RunProgram(ctx, nil, "", instDir+`\uninstall.exe`, "/S"); r.Code != 0 {
		t.Fatalf("silent uninstall: %s", r)
	}
	if err := waitGone(ctx, s, tray, program, keys, values); err != nil {
		t.Fatal(err)
	}
	if !dirExists(w.Path(dataDirs[1])) || !s.RegKeyExists(ctx, wineCredKey) {
		t.Fatalf("an uninstall without /PURGE=1 removed the history folder (%v) or the saved password (%v)",
			!dirExists(w.Path(dataDirs[1])), !s.RegKeyExists(ctx, wineCredKey))
	}

	// Installed again and removed with the person's data.
	if r := s.RunProgram(ctx, nil, "", w.Setup, "/S"); r.Code != 0 || !fileExists(w.Path(exe)) {
		t.Fatalf("second silent install: %s", r)
	}
	if _, err := s.RegValue(ctx, runKey, "GXP Tray"); err == nil {
		t.Error("an install without /AUTOSTART=1 turned start at login on")
	}
	if r := s.RunProgram(ctx, nil, "", instDir+`\uninstall.exe`, "/S", "/PURGE=1"); r.Code != 0 {
		t.Fatalf("silent uninstall /PURGE=1: %s", r)
	}
	if err := waitGone(ctx, s, tray, append(program, dataDirs...), append(keys, wineCredKey), values); err != nil {
		t.Fatal(err)
	}
}

// waitGone waits until none of the files, registry keys and values is left
// and the tray process has ended.
func waitGone(ctx context.Context, s *Session, tray *Proc, files, keys []string, values [][2]string) error {
	w := s.W
	return waitFor(ctx, "nothing of GXP Tray left after uninstalling", func() error {
		var left []string
		for _, f := range files {
			if _, err := os.Stat(w.Path(f)); err == nil {
				left = append(left, f)
			}
		}
		for _, k := range keys {
			if s.Quiet().RegKeyExists(ctx, k) {
				left = append(left, k)
			}
		}
		for _, kv := range values {
			if _, err := s.Quiet().RegValue(ctx, kv[0], kv[1]); err == nil {
				left = append(left, kv[0]+" "+kv[1])
			}
		}
		if !tray.Exited() {
			left = append(left, "the running tray process")
		}
		if len(left) > 0 {
			return fmt.Errorf("still there: %s", strings.Join(left, "; "))
		}
		return nil
	})
}

func dirExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
