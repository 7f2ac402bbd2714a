//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSettingsPasscode: the user types the phone's password in Settings and
// saves. It lands in the keyring (where any Secret Service client finds it),
// in no file; the app signs in with it at once, and again after a restart.
func TestSettingsPasscode(t *testing.T) {
	s := newSession(t, sessionOptions{passcode: noPasscode, phoneInSettings: true})
	s.wantMenu("no password yet", status(statusSignIn))
	before := s.phone.TotalRequests()
	s.step("no-password")

	s.click(labelSettings)
	w := s.waitWindow(titleSettings)
	// No password stored: the window puts the cursor in the password
	// field itself (the keyring answers first).
	if err := w.WaitFocusedEntry(s.within(15 * time.Second)); err != nil {
		t.Fatalf("no field has the cursor: %v", err)
	}
	if err := w.Type(s.within(20*time.Second), PhonePasscode); err != nil {
		t.Fatal(err)
	}
	s.step("typed")
	if err := w.ClickPrimaryButton(s.within(10 * time.Second)); err != nil {
		t.Fatalf("click Save: %v", err)
	}

	err := waitFor(s.within(15*time.Second), "the password in the keyring", func(ctx context.Context) error {
		got, err := s.d.Secret(ctx, "passcode")
		if err != nil {
			return err
		}
		if got != PhonePasscode {
			return fmt.Errorf("the keyring holds a different password (%d characters)", len(got))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s.step("saved")

	// The app applies it at once: signed in, polling the phone.
	s.wantMenu("signed in with the saved password", status(statusIdle))
	if s.phone.TotalRequests() == before {
		t.Error("the phone got no request after the password was saved")
	}

	// Started again (the next login), the app finds it in the keyring.
	s.restartApp()
	s.wantMenu("signed in after a restart", status(statusIdle))
	s.step("restarted")

	// No file of the user's configuration or data holds it.
	if _, err := os.Stat(filepath.Join(s.d.ConfigHome, "gxptray", "settings.json")); err != nil {
		t.Errorf("the settings were not saved: %v", err)
	}
	for _, dir := range []string{s.d.ConfigHome, s.d.DataHome} {
		err := filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
			if err != nil || !e.Type().IsRegular() {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if bytes.Contains(b, []byte(PhonePasscode)) {
				t.Errorf("the password is written in %s", path)
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	}
}

// TestFirstStartOpensSettings: with no phone set anywhere, the app opens
// Settings by itself instead of showing only a red icon.
func TestFirstStartOpensSettings(t *testing.T) {
	s := newSession(t, sessionOptions{noPhone: true, passcode: noPasscode})
	s.waitWindow(titleSettings)
	s.wantMenu("not set up", func(m MenuItem) error {
		if sh := m.Shown(); len(sh) == 0 || sh[0].Label != "Phone not set up" {
			return fmt.Errorf("status line %v", m.Labels())
		}
		return nil
	})
	s.step("first-start")
	s.app.CheckRunning(t)
}
