//go:build e2e && wine

package winee2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
)

// wineTrayTitle is the window in which Wine's explorer.exe shows the
// notification area when the X desktop has no XEmbed tray of its own.
const wineTrayTitle = "Wine System Tray"

// startTray starts the resident tray process with the phone and password in
// its environment only (the commands of the test have neither, so what they
// do on the phone can only have gone through the tray process), and waits
// until it polls the phone.
func startTray(ctx context.Context, t *testing.T, s *Session, ph *Phone) *Proc {
	t.Helper()
	before := ph.RequestCount("api-get_line_status")
	tray := s.Start("tray", phoneEnv(ph), "--verbose")
	err := ph.Wait(ctx, func() bool { return ph.RequestCount("api-get_line_status") > before || tray.Exited() })
	if err != nil || tray.Exited() {
		t.Fatalf("the tray process did not poll the phone (exited: %v, %v); its log:\n%s", tray.Exited(), err, tail(tray.LogText(), 3000))
	}
	return tray
}

// TestTray: the tray process under Wine starts, shows its icon in the
// notification area, stays up, answers and records calls, takes tel: and
// callto: links started through the registry, and a second start hands
// over to it.
func TestTray(t *testing.T) {
	w := needWine(t)
	s := w.NewSession(t, false)
	ph := NewPhone(t)
	ctx := within(t, 3*time.Minute)
	tray := startTray(ctx, t, s, ph)

	t.Run("icon", func(t *testing.T) {
		ctx := within(t, time.Minute)
		win, err := w.WaitWindow(ctx, wineTrayTitle)
		if err != nil {
			t.Fatalf("no notification area with an icon: %v", err)
		}
		// The icon is drawn into Wine's tray window: count its coloured
		// pixels (the blue phone; the empty tray is grey and white).
		var shot string
		err = waitFor(ctx, "the GXP Tray icon in "+wineTrayTitle, func() error {
			if shot, err = w.Shot(ctx, win.ID, "TestTray-notification-area"); err != nil {
				return err
			}
			n, err := ColouredPixels(shot)
			if err != nil {
				return err
			}
			if n < 30 {
				return fmt.Errorf("%d coloured pixels in %s", n, shot)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Shot(ctx, "root", "TestTray-screen"); err != nil {
			t.Log(err)
		}
	})

	t.Run("stays-up", func(t *testing.T) {
		ctx := within(t, time.Minute)
		polls := ph.RequestCount("api-get_line_status")
		if err := ph.Wait(ctx, func() bool { return ph.RequestCount("api-get_line_status") >= polls+3 || tray.Exited() }); err != nil {
			t.Fatal(err)
		}
		if tray.Exited() {
			t.Fatalf("the tray process exited; its log:\n%s", tail(tray.LogText(), 3000))
		}
	})

	t.Run("answer-and-history", func(t *testing.T) {
		s := s.In(t)
		ctx := within(t, time.Minute)
		line, err := ph.Ring("+74951234567", "Анна Смирнова")
		if err != nil {
			t.Fatal(err)
		}
		// Wine has no toasts, so the notifier says it has no buttons and the
		// tray process opens its call window with Accept and Reject.
		win, err := w.WaitWindow(ctx, "Incoming call")
		if err != nil {
			t.Fatalf("no call window while the phone rings: %v; tray log:\n%s", err, tail(tray.LogText(), 2000))
		}
		if _, err := w.Shot(ctx, "root", "TestTray-incoming-call"); err != nil {
			t.Log(err)
		}
		// Through the tray process: this command has no password.
		if r := s.Run(ctx, nil, "", "answer"); r.Code != 0 {
			t.Fatalf("answer through the tray process: %s", r)
		}
		if err := ph.WaitLine(ctx, line, cti.StateConnected); err != nil {
			t.Fatal(err)
		}
		// Answered elsewhere: the call window goes away.
		err = waitFor(ctx, "the call window closing once the call was answered", func() error {
			if w.Viewable(ctx, win.ID) {
				return fmt.Errorf("window %s still shown", win.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := ph.RemoteHangup(line); err != nil {
			t.Fatal(err)
		}
		err = waitFor(ctx, "the answered call in gxptray.exe history", func() error {
			r := s.Quiet().Run(ctx, nil, "", "history")
			if r.Code != 0 || !strings.Contains(r.Stdout, "Анна Смирнова <+74951234567>") || !strings.Contains(r.Stdout, "answered") {
				return fmt.Errorf("history: %s", r)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("link-handler", func(t *testing.T) {
		s := s.In(t)
		ctx := within(t, time.Minute)
		registerLinks(ctx, t, s)
		for _, link := range []string{"tel:+74951234567", "callto:205"} {
			want := strings.TrimPrefix(strings.TrimPrefix(link, "callto:"), "tel:")
			startLink(ctx, t, s, link)
			if err := ph.WaitDialed(ctx, want); err != nil {
				t.Fatalf("%s: %v", link, err)
			}
			if err := ph.RemoteHangup(1); err != nil {
				t.Fatal(err)
			}
			if err := ph.WaitLine(ctx, 1, cti.StateIdle); err != nil {
				t.Fatal(err)
			}
		}
	})

	t.Run("bad-links", func(t *testing.T) {
		s := s.In(t)
		ctx := within(t, time.Minute)
		dialed := len(ph.Dialed())
		// As Windows starts the handler: the link as the only argument.
		for _, link := range []string{"tel:call-me", "callto:" + strings.Repeat("7", 5000)} {
			r := s.Run(ctx, nil, "", link)
			if r.Code != 2 || !strings.Contains(r.Stderr, "gxptray: ") || len(r.Stderr) > 600 {
				t.Errorf("%.30s...: want exit 2 and a short message; %.300s", link, r)
			}
		}
		if got := ph.Dialed(); len(got) != dialed {
			t.Errorf("a bad link reached the phone: %q", got[dialed:])
		}
		if tray.Exited() {
			t.Fatal("the tray process exited")
		}
	})

	t.Run("second-start", func(t *testing.T) {
		s := s.In(t)
		ctx := within(t, time.Minute)
		r := s.Run(ctx, nil, "")
		if r.Code != 1 || !strings.Contains(r.Stderr, "already running") {
			t.Errorf("second start: want exit 1 and \"already running\"; %s", r)
		}
		// The first instance opens its main window for it.
		win, err := w.WaitWindow(ctx, "GXP Tray")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Shot(ctx, win.ID, "TestTray-main-window"); err != nil {
			t.Log(err)
		}
		if tray.Exited() {
			t.Fatal("the first instance exited")
		}
	})
}

// TestTrayWithoutPassword: a tray process with a phone but no saved password
// (nothing in Credential Manager) sends the phone nothing it would count as a
// failed login, and the command line gets the same words as on Linux.
func TestTrayWithoutPassword(t *testing.T) {
	s := needWine(t).NewSession(t, false)
	ph := NewPhone(t)
	ctx := within(t, time.Minute)
	tray := s.Start("tray", []string{"GXPTRAY_PHONE=" + ph.URL()}, "--verbose")
	err := waitFor(ctx, "the tray process's word on the missing password", func() error {
		if tray.Exited() {
			return fmt.Errorf("the tray process exited:\n%s", tail(tray.LogText(), 2000))
		}
		r := s.Quiet().Run(ctx, nil, "", "status")
		if r.Code == 0 || !strings.Contains(r.Stderr, "Enter the phone's password in Settings") {
			return fmt.Errorf("status: %s", r)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := ph.FailedLogins(); n != 0 {
		t.Errorf("the phone counted %d failed logins from a tray process without a password", n)
	}
}
