//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// tooltipSays waits until the tray icon's tooltip contains word.
func (s *session) tooltipSays(word string) string {
	s.t.Helper()
	var tip string
	err := waitFor(s.within(10*time.Second), "tooltip saying "+word, func(ctx context.Context) error {
		title, text, err := s.tray.Tooltip(ctx)
		if err != nil {
			return err
		}
		tip = title + " " + text
		if !strings.Contains(tip, word) {
			return fmt.Errorf("tooltip %q", tip)
		}
		return nil
	})
	if err != nil {
		s.t.Error(err)
	}
	return tip
}

// icon returns the current tray icon's digest.
func (s *session) icon() string {
	s.t.Helper()
	d, err := s.tray.IconDigest(s.within(5 * time.Second))
	if err != nil {
		s.t.Fatal(err)
	}
	return d
}

// TestPhoneOffline: the phone disappears from the network and comes back;
// the app shows it and recovers by itself.
func TestPhoneOffline(t *testing.T) {
	s := newSession(t, sessionOptions{})
	s.wantMenu("online", status(statusIdle))
	s.tooltipSays(statusIdle)
	idleIcon := s.icon()
	s.step("online")

	s.phone.Kill()
	s.wantMenu("the phone gone", status(statusOffline), disabled(labelAnswer, labelHold, labelHangUp))
	s.tooltipSays(statusOffline)
	if s.icon() == idleIcon {
		t.Error("the tray icon did not change when the phone went offline")
	}
	s.step("offline")

	if err := s.phone.Revive(s.within(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	// The app backs off while the phone is away (1 s, 2 s, 4 s...): give it
	// time to look again.
	s.wantMenuWithin(40*time.Second, "back online", status(statusIdle))
	s.tooltipSays(statusIdle)
	if s.icon() != idleIcon {
		t.Error("the tray icon is not the idle one again")
	}
	s.app.CheckRunning(t)
	s.step("online-again")

	// Calls work again without restarting the app.
	if _, err := s.phone.Ring("204", "Back Again"); err != nil {
		t.Fatal(err)
	}
	s.wantMenu("ringing after the recovery", status(statusRinging), enabled(labelAnswer))
}

// TestWrongPasscode: the phone rejects the password. The app says so and
// stops asking: a phone locks its admin account after a few failures.
func TestWrongPasscode(t *testing.T) {
	s := newSession(t, sessionOptions{passcode: "not-the-password"})
	s.wantMenu("sign-in problem", status(statusSignIn), disabled(labelAnswer, labelHold, labelHangUp))
	s.tooltipSays(statusSignIn)
	s.step("sign-in-problem")

	// Nothing signals "no request": watch the phone for a while, many poll
	// intervals (250 ms) and the monitor's back-off steps long.
	n := s.phone.TotalRequests()
	fails := s.phone.FailedLogins()
	observe := time.NewTimer(3 * time.Second)
	defer observe.Stop()
	select {
	case <-observe.C:
	case <-s.ctx.Done():
		t.Fatal(s.ctx.Err())
	}
	if got := s.phone.TotalRequests(); got != n {
		t.Errorf("the app kept asking the phone after the password was rejected: %d requests, then %d (%v)",
			n, got, s.phone.RequestCounts())
	}
	if s.phone.Locked() {
		t.Errorf("the phone locked its account: %d failed logins", s.phone.FailedLogins())
	}
	if fails > 2 {
		t.Errorf("the app tried the wrong password %d times", fails)
	}
	s.app.CheckRunning(t)
}
