//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"image/png"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/ui/localapi"
)

// What a person reads in the app (English).
const (
	labelAnswer   = "Answer"
	labelReject   = "Reject"
	labelHold     = "Hold"
	labelResume   = "Resume"
	labelHangUp   = "Hang up"
	labelDialPad  = "Dial pad…"
	labelSettings = "Settings…"
	labelQuit     = "Quit"

	statusIdle    = "Idle"
	statusRinging = "Ringing"
	statusInCall  = "In call"
	statusOnHold  = "On hold"
	statusOffline = "Offline"
	statusSignIn  = "Sign-in problem"

	titleDialPad  = "GXP Tray — Dial pad"
	titleSettings = "GXP Tray — Settings"
	titleMain     = "GXP Tray"

	summaryIncoming = "Incoming call"
	summaryMissed   = "Missed call"
)

// session is one test's world: a desktop, a simulated phone and the app.
type session struct {
	t     *testing.T
	ctx   context.Context
	d     *Desktop
	phone *Phone
	app   *App
	tray  *TrayItem // nil without a tray host

	appOpts AppOptions
	noTray  bool
}

type sessionOptions struct {
	desktop Options
	// passcode for GXPTRAY_PASSCODE; "" = the phone's passcode, noPasscode = none.
	passcode string
	// phoneInSettings puts the phone's address in the settings file instead
	// of GXPTRAY_PHONE (the settings window can then save the passcode).
	phoneInSettings bool
	// noPhone: no phone address anywhere, as at a first start.
	noPhone   bool
	settings  map[string]any
	args      []string       // more arguments of the app (e.g. --contacts FILE)
	beforeApp func(*session) // runs in the desktop before the app starts
}

const noPasscode = "\x00none"

// sessionTimeout bounds a whole test; each wait has its own, shorter one.
const sessionTimeout = 2 * time.Minute

// newSession brings up the desktop, the phone and the app, and waits for
// the tray icon (when the desktop has a tray).
func newSession(t *testing.T, o sessionOptions) *session {
	t.Helper()
	Binary(t)
	ctx, cancel := context.WithTimeout(t.Context(), sessionTimeout)
	t.Cleanup(cancel)
	s := &session{t: t, ctx: ctx}
	s.d = NewDesktop(t, o.desktop)
	s.phone = NewPhone(t)

	set := map[string]any{
		"language":      "en",
		"poll_interval": "250ms", // the fastest the settings allow: quick tests
	}
	maps.Copy(set, o.settings)
	app := AppOptions{Phone: s.phone.URL(), Passcode: PhonePasscode}
	if o.phoneInSettings {
		set["phone"] = s.phone.URL()
		app.Phone = ""
	}
	if o.noPhone {
		app.Phone = ""
	}
	switch o.passcode {
	case "":
	case noPasscode:
		app.Passcode = ""
	default:
		app.Passcode = o.passcode
	}
	s.d.WriteSettings(t, set)
	app.Args = o.args
	s.appOpts = app
	s.noTray = o.desktop.NoTray
	t.Cleanup(func() {
		if t.Failed() {
			// What the screen showed when it went wrong.
			s.step("at-failure")
			if s.app != nil {
				t.Logf("app log (%s), last lines besides requests:\n%s", s.app.Log, tail(withoutRequests(s.app.LogText()), 30))
			}
		}
	})
	if o.beforeApp != nil {
		o.beforeApp(s)
	}
	s.startApp()
	return s
}

// startApp starts the app and waits for its tray icon.
func (s *session) startApp() {
	s.t.Helper()
	s.app = s.d.StartApp(s.t, s.appOpts)
	s.tray = nil
	if s.noTray {
		return
	}
	item, err := s.d.WaitTrayItem(s.within(20*time.Second), s.app.Pid())
	if err != nil {
		s.app.CheckRunning(s.t)
		s.t.Fatalf("the tray icon did not appear: %v", err)
	}
	s.tray = item
}

// restartApp quits the app (SIGTERM, as a session logout does) and starts
// it again with the same environment.
func (s *session) restartApp() {
	s.t.Helper()
	if err := s.app.Stop(); err != nil {
		s.t.Errorf("stopping the app: %v", err)
	}
	s.startApp()
}

// within is a deadline for one step.
func (s *session) within(d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(s.ctx, d)
	s.t.Cleanup(cancel)
	return ctx
}

// step records what the user sees now: a screenshot and the tray menu as
// text.
func (s *session) step(name string) {
	s.t.Helper()
	shot, err := s.d.Screenshot(name)
	if err != nil {
		s.t.Logf("screenshot: %v", err)
		shot = filepath.Join(s.d.Artifacts, fileName(s.t.Name(), name, ".png"))
	}
	if s.tray == nil {
		return
	}
	// Also called from a cleanup, after the test's context has ended.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), 5*time.Second)
	defer cancel()
	m, err := s.tray.Menu(ctx)
	if err != nil {
		s.t.Logf("menu at %s: %v", name, err)
		return
	}
	tip, _, _ := s.tray.Tooltip(ctx)
	text := fmt.Sprintf("tooltip: %s\nmenu:\n%s", tip, m)
	base := strings.TrimSuffix(shot, ".png")
	if err := os.WriteFile(base+"-menu.txt", []byte(text), 0o644); err != nil {
		s.t.Logf("menu at %s: %v", name, err)
	}
	// The icon as a panel would draw it (there is no panel on this display).
	if img, err := s.tray.Icon(ctx); err == nil {
		if f, err := os.Create(base + "-icon.png"); err == nil {
			png.Encode(f, img)
			f.Close()
		}
	}
}

// wantMenu waits until the tray menu satisfies every check.
func (s *session) wantMenu(what string, checks ...menuCheck) MenuItem {
	s.t.Helper()
	return s.wantMenuWithin(15*time.Second, what, checks...)
}

// wantMenuWithin is wantMenu with its own deadline.
func (s *session) wantMenuWithin(d time.Duration, what string, checks ...menuCheck) MenuItem {
	s.t.Helper()
	m, err := s.tray.WaitMenu(s.within(d), what, func(m MenuItem) error {
		for _, c := range checks {
			if err := c(m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.app.CheckRunning(s.t)
		s.t.Fatal(err)
	}
	return m
}

// menuCheck is one expectation on the menu.
type menuCheck func(MenuItem) error

// status: the first line of the menu reads "<phone> — <word>".
func status(word string) menuCheck {
	return func(m MenuItem) error {
		shown := m.Shown()
		if len(shown) == 0 {
			return fmt.Errorf("empty menu, want status %q", word)
		}
		if !strings.HasSuffix(shown[0].Label, " — "+word) {
			return fmt.Errorf("status line %q, want it to end in %q", shown[0].Label, " — "+word)
		}
		return nil
	}
}

// enabled: each label is in the menu and can be clicked.
func enabled(labels ...string) menuCheck {
	return func(m MenuItem) error {
		for _, l := range labels {
			if _, err := m.FindEnabled(l); err != nil {
				return err
			}
		}
		return nil
	}
}

// absent: no visible entry has any of these labels.
func absent(labels ...string) menuCheck {
	return func(m MenuItem) error {
		for _, l := range labels {
			if _, ok := m.Find(l); ok {
				return fmt.Errorf("%q is in the menu, it should not be", l)
			}
		}
		return nil
	}
}

// disabled: each label is in the menu, greyed out.
func disabled(labels ...string) menuCheck {
	return func(m MenuItem) error {
		for _, l := range labels {
			it, ok := m.Find(l)
			if !ok {
				return fmt.Errorf("no %q in the menu", l)
			}
			if it.Enabled {
				return fmt.Errorf("%q can be clicked, it should be disabled", l)
			}
		}
		return nil
	}
}

// samePlaces: every entry of the menu is where it was in before (the same
// item at each position, separators included), and the entries a person
// aims at keep their labels: a state change must not move what is under the
// pointer.
func samePlaces(before MenuItem) menuCheck {
	fixed := map[string]bool{labelAnswer: true, labelReject: true, labelHangUp: true, labelDialPad: true, labelSettings: true, labelQuit: true}
	visible := func(m MenuItem) []MenuItem {
		var out []MenuItem
		for _, c := range m.Children {
			if c.Visible {
				out = append(out, c)
			}
		}
		return out
	}
	was := visible(before)
	return func(m MenuItem) error {
		now := visible(m)
		if len(now) != len(was) {
			return fmt.Errorf("the menu has %d entries, it had %d:\n%s", len(now), len(was), m)
		}
		for i := range was {
			if was[i].ID != now[i].ID || (fixed[was[i].Label] && was[i].Label != now[i].Label) {
				return fmt.Errorf("entry %d is %q (id %d), it was %q (id %d)", i, now[i].Label, now[i].ID, was[i].Label, was[i].ID)
			}
		}
		return nil
	}
}

// entryWith: some visible entry's label contains every fragment.
func entryWith(fragments ...string) menuCheck {
	return func(m MenuItem) error {
		_, ok := m.FindFunc(func(it MenuItem) bool {
			for _, f := range fragments {
				if !strings.Contains(it.Label, f) {
					return false
				}
			}
			return true
		})
		if !ok {
			return fmt.Errorf("no entry showing %q", fragments)
		}
		return nil
	}
}

// click clicks the menu entry labelled label.
func (s *session) click(label string) {
	s.t.Helper()
	if err := s.tray.ClickLabel(s.within(10*time.Second), label); err != nil {
		s.t.Fatalf("click %q: %v", label, err)
	}
}

// waitWindow waits for a window of the app.
func (s *session) waitWindow(title string) Window {
	s.t.Helper()
	w, err := s.d.WaitWindow(s.within(20*time.Second), title)
	if err != nil {
		s.app.CheckRunning(s.t)
		s.t.Fatal(err)
	}
	return w
}

// api is the app's local API (the one its windows and the CLI use), for
// waiting on states a person cannot see directly.
func (s *session) api() *localapi.Client {
	s.t.Helper()
	c, err := localapi.Dial(filepath.Join(s.d.RuntimeDir, "gxptray", "gxptray.sock"))
	if err != nil {
		s.t.Fatalf("the app's local API: %v", err)
	}
	s.t.Cleanup(func() { c.Close() })
	return c
}

// waitState waits until the app's state satisfies cond.
func (s *session) waitState(what string, cond func(localapi.State) error) localapi.State {
	s.t.Helper()
	c := s.api()
	var st localapi.State
	err := waitFor(s.within(15*time.Second), what, func(ctx context.Context) error {
		var err error
		if st, err = c.State(ctx); err != nil {
			return err
		}
		return cond(st)
	})
	if err != nil {
		s.app.CheckRunning(s.t)
		s.t.Fatal(err)
	}
	return st
}

// withoutRequests drops the per-request debug lines (one every poll) from a
// log, leaving what happened.
func withoutRequests(log string) string {
	var keep []string
	for _, l := range strings.Split(log, "\n") {
		if !strings.Contains(l, `msg="cti request"`) && !strings.Contains(l, `msg="local API request"`) {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}
