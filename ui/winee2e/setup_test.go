//go:build e2e && wine

package winee2e

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// Where Wine's Credential Manager keeps generic credentials (its own
// registry key; Windows keeps them in the user's DPAPI-protected vault).
const wineCredKey = `HKCU\Software\Wine\Credential Manager\Generic: gxptray:passcode`

// TestPasswordCredentialManager: `gxptray.exe password` saves the password
// through go-keyring's Windows backend (CredWriteW), a later command logs
// in with it (CredReadW), no file of the prefix holds it in clear, and
// after --delete the commands say how to give one.
func TestPasswordCredentialManager(t *testing.T) {
	w := needWine(t)
	s := w.NewSession(t, false)
	ph := NewPhone(t)
	ctx := within(t, 2*time.Minute)
	phone := []string{"GXPTRAY_PHONE=" + ph.URL()}

	r := s.Run(ctx, phone, PhonePasscode+"\r\n", "password")
	if r.Code != 0 || !strings.Contains(r.Stdout, "saved in the keyring") {
		t.Fatalf("password: %s", r)
	}
	t.Cleanup(func() { s.Run(context.Background(), nil, "", "password", "--delete") })
	if _, err := s.RegValue(ctx, wineCredKey, "Password"); err != nil {
		t.Fatalf("no generic credential gxptray:passcode in Credential Manager: %v", err)
	}

	before := ph.RequestCount("api-get_line_status")
	r = s.Run(ctx, phone, "", "status")
	if r.Code != 0 || !strings.Contains(r.Stdout, "available") {
		t.Fatalf("status with the password from Credential Manager: %s", r)
	}
	if got := ph.RequestCount("api-get_line_status"); got != before+1 || ph.FailedLogins() != 0 {
		t.Errorf("status: %d authorized line status requests (want 1), %d failed logins", got-before, ph.FailedLogins())
	}

	if files := filesContaining(t, w.Prefix, w.Booted, PhonePasscode); len(files) > 0 {
		t.Errorf("the password is readable in files of the prefix: %q", files)
	}

	if r := s.Run(ctx, nil, "", "password", "--delete"); r.Code != 0 {
		t.Fatalf("password --delete: %s", r)
	}
	if s.RegKeyExists(ctx, wineCredKey) {
		t.Error("password --delete left the credential in Credential Manager")
	}
	r = s.Run(ctx, phone, "", "status")
	if r.Code != 2 || !strings.Contains(r.Stderr, "save it in Settings") {
		t.Errorf("status without a saved password: want exit 2 and where to save one; %s", r)
	}
}

// filesContaining lists the files under dir written since the time since
// (the prefix's own 700 MB of Windows files, untouched after wineboot, are
// not read again) that hold s as UTF-8 or as UTF-16LE (what Windows
// programs write).
func filesContaining(t *testing.T, dir string, since time.Time, s string) []string {
	t.Helper()
	u16 := utf16.Encode([]rune(s))
	wide := make([]byte, 0, 2*len(u16))
	for _, c := range u16 {
		wide = append(wide, byte(c), byte(c>>8))
	}
	var found []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		if fi, err := d.Info(); err != nil || fi.ModTime().Before(since) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err == nil && (bytes.Contains(b, []byte(s)) || bytes.Contains(b, wide)) {
			found = append(found, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// TestAutostart: `gxptray.exe autostart on` writes the per-user Run key with
// the quoted path of the exe, status reads it, off removes it.
func TestAutostart(t *testing.T) {
	w := needWine(t)
	s := w.NewSession(t, false)
	ctx := within(t, time.Minute)
	const run = `HKCU\Software\Microsoft\Windows\CurrentVersion\Run`

	if r := s.Run(ctx, nil, "", "autostart", "on"); r.Code != 0 {
		t.Fatalf("autostart on: %s", r)
	}
	t.Cleanup(func() { s.Run(context.Background(), nil, "", "autostart", "off") })
	got, err := s.RegValue(ctx, run, "GXP Tray")
	if err != nil {
		t.Fatal(err)
	}
	if want := `"` + w.Exe + `"`; got != want {
		t.Errorf("Run value: %q, want %q", got, want)
	}
	if r := s.Run(ctx, nil, "", "autostart", "status"); strings.TrimSpace(r.Stdout) != "on" {
		t.Errorf("autostart status after on: %s", r)
	}
	if r := s.Run(ctx, nil, "", "autostart", "off"); r.Code != 0 {
		t.Fatalf("autostart off: %s", r)
	}
	if v, err := s.RegValue(ctx, run, "GXP Tray"); err == nil {
		t.Errorf("autostart off left the Run value %q", v)
	}
	if r := s.Run(ctx, nil, "", "autostart", "status"); strings.TrimSpace(r.Stdout) != "off" {
		t.Errorf("autostart status after off: %s", r)
	}
}
