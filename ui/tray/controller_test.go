package tray

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/service"
	"github.com/gxptray/gxptray/ui/settings"
)

const testPass = "tray-Test-pass"

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// opened records the windows the service asked for.
type opened struct {
	mu   sync.Mutex
	list []string
	ch   chan struct{}
}

func (o *opened) open(name string, args ...string) error {
	o.mu.Lock()
	o.list = append(o.list, strings.Join(append([]string{name}, args...), " "))
	o.mu.Unlock()
	select {
	case o.ch <- struct{}{}:
	default:
	}
	return nil
}

func (o *opened) names() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.list)
}

// phoneRig is the real service on a simulated phone (or on the phones of
// its settings: startRig).
type phoneRig struct {
	phone   *phonesim.Phone // newPhoneRig's phone
	svc     *service.Service
	notes   *notify.Recorder
	windows *opened
	paths   settings.Paths
}

func testPaths(t *testing.T) settings.Paths {
	dir := t.TempDir()
	return settings.Paths{
		ConfigDir: dir, ConfigFile: filepath.Join(dir, "settings.json"),
		DataDir: dir, HistoryFile: filepath.Join(dir, "history.json"),
		RuntimeDir: dir, Socket: filepath.Join(dir, "gxptray.sock"),
	}
}

func newPhoneRig(t *testing.T, language string) *phoneRig {
	t.Helper()
	return newPhoneRigWith(t, language, phonesim.Options{})
}

// newPhoneRigWith is newPhoneRig with a phone of these options (passcode,
// key interval and lines are the rig's).
func newPhoneRigWith(t *testing.T, language string, o phonesim.Options) *phoneRig {
	t.Helper()
	p, url := startSimPhone(t, o)
	paths := testPaths(t)
	saveSettings(t, paths, func(s *settings.Settings) { s.Language = language })
	r := startRig(t, paths, &settings.MemoryStore{}, url)
	r.phone = p
	return r
}

// startRig runs the real service, with the rigs' quiet log and fast
// polling, over the settings of paths and the secrets until the test ends;
// a phone given is the one it watches (with the rigs' passcode) whatever
// the settings say.
func startRig(t *testing.T, paths settings.Paths, secrets settings.SecretStore, phone string) *phoneRig {
	t.Helper()
	r := &phoneRig{notes: notify.NewRecorder(true), windows: &opened{ch: make(chan struct{}, 10)}, paths: paths}
	c := service.Config{Paths: paths, Secrets: secrets, Notifier: r.notes, OpenWindow: r.windows.open, Logger: quietLog(),
		Tuning: service.Tuning{PollInterval: 20 * time.Millisecond, KeyInterval: 5 * time.Millisecond}}
	if phone != "" {
		c.Override = service.Override{Phone: phone, Passcode: testPass}
	}
	var err error
	if r.svc, err = service.New(c); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.svc.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return r
}

// startSimPhone starts a simulated phone of these options (passcode, key
// interval and lines are the rigs') until the test ends; url is its address.
func startSimPhone(t *testing.T, o phonesim.Options) (p *phonesim.Phone, url string) {
	t.Helper()
	o.Passcode, o.KeyInterval, o.Lines = testPass, 5*time.Millisecond, 3
	p = phonesim.New(o)
	srv, err := phonesim.Listen("127.0.0.1:0", p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close(); p.Close() })
	return p, srv.URL()
}

// menuRig is a controller on a fake tray.
type menuRig struct {
	c      *controller
	tray   *fakeMenu
	said   chan string
	cancel context.CancelFunc
	done   chan struct{}
}

func startMenu(t *testing.T, svc backend) *menuRig {
	t.Helper()
	m := &menuRig{tray: newFakeMenu(), said: make(chan string, 20), done: make(chan struct{})}
	m.c = newController(svc, func(s string) { m.said <- s }, quietLog())
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	m.c.start(ctx, m.tray)
	go func() { defer close(m.done); m.c.run(ctx) }()
	t.Cleanup(func() { cancel(); <-m.done })
	return m
}

func (m *menuRig) wait(t *testing.T, what string, cond func(map[string]shownItem) bool) map[string]shownItem {
	t.Helper()
	return waitShown(t, m.tray, func() *binder { return m.c.bind }, what, cond)
}

func (m *menuRig) waitLabel(t *testing.T, id, label string) {
	t.Helper()
	m.wait(t, id+" = "+label, func(s map[string]shownItem) bool { return s[id].label == label })
}

// notified is what the menu told the user next; what names the message
// awaited for the failure.
func (m *menuRig) notified(t *testing.T, what string) string {
	t.Helper()
	select {
	case said := <-m.said:
		return said
	case <-time.After(10 * time.Second):
		t.Fatal("no notification about " + what)
	}
	return ""
}

func (m *menuRig) click(t *testing.T, id string) {
	t.Helper()
	m.tray.click(t, m.c.bind, id)
}

func waitPhone(t *testing.T, p *phonesim.Phone, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.Wait(ctx, cond); err != nil {
		t.Fatalf("phone: waiting for %s: %v", what, err)
	}
}

func TestMenuFollowsThePhoneAndDrivesIt(t *testing.T) {
	r := newPhoneRig(t, "en")
	m := startMenu(t, r.svc)
	host := strings.TrimPrefix(mustState(r).Phone, "http://")
	m.waitLabel(t, "status", host+" — Idle")

	if _, err := r.phone.Ring("203", "Виталик"); err != nil {
		t.Fatal(err)
	}
	m.wait(t, "the ringing call with Answer", func(s map[string]shownItem) bool {
		return s["detail"].label == "Line 1: Виталик (203) — Ringing" && s["answer"].enabled && s["reject"].enabled
	})
	m.click(t, "answer")
	waitPhone(t, r.phone, "line 1 connected", func() bool { return r.phone.Line(1).State == cti.StateConnected })
	m.wait(t, "Hold and Hang up", func(s map[string]shownItem) bool {
		return s["hold"].label == "Hold" && s["hangup"].enabled && !s["answer"].enabled
	})

	m.click(t, "hold")
	waitPhone(t, r.phone, "line 1 on hold", func() bool { return r.phone.Line(1).State == cti.StateOnHold })
	m.waitLabel(t, "hold", "Resume")

	m.click(t, "hangup")
	waitPhone(t, r.phone, "line 1 idle", func() bool { return r.phone.Line(1).State == cti.StateIdle })
	m.wait(t, "the call in Recent calls", func(s map[string]shownItem) bool {
		return strings.HasPrefix(s["recent.0"].label, "↙ Виталик (203) — ")
	})

	// A caller who gives up: a missed call, marked and counted.
	r.missCall(t, m, "+74951234567", "Анна Смирнова")
	s := m.wait(t, "the missed call", func(s map[string]shownItem) bool {
		return strings.HasPrefix(s["recent.0"].label, "✗ Анна Смирнова (+74951234567) — ") && s["recent"].label == "Recent calls (1 missed)"
	})
	if !strings.HasSuffix(s["recent.0"].label, "(missed)") {
		t.Errorf("missed call shown as %q", s["recent.0"].label)
	}

	// Call back from Recent calls.
	m.click(t, "recent.0")
	waitPhone(t, r.phone, "the call back", func() bool { return slices.Contains(r.phone.Dialed(), "+74951234567") })
	m.wait(t, "the outgoing call", func(s map[string]shownItem) bool {
		return s["detail"].label == "Line 1: +74951234567 — Calling" && s["hangup"].enabled
	})
	m.click(t, "hangup")
	waitPhone(t, r.phone, "line 1 idle", func() bool { return r.phone.Line(1).State == cti.StateIdle })
}

// missCall rings the idle phone from name (number), waits until the menu
// shows the ringing line, and has the caller give up.
func (r *phoneRig) missCall(t *testing.T, m *menuRig, number, name string) {
	t.Helper()
	line, err := r.phone.Ring(number, name)
	if err != nil {
		t.Fatal(err)
	}
	m.waitLabel(t, "detail", fmt.Sprintf("Line %d: %s (%s) — Ringing", line, name, number))
	if err := r.phone.RemoteHangup(line); err != nil {
		t.Fatal(err)
	}
}

func mustState(r *phoneRig) localapi.State { return r.svc.State(context.Background()) }

func TestMenuClipboardNumberIsDialedAsCopied(t *testing.T) {
	r := newPhoneRig(t, "en")
	m := startMenu(t, r.svc)
	m.wait(t, "an online phone", func(s map[string]shownItem) bool { return strings.HasSuffix(s["status"].label, "Idle") })
	if s := m.tray.shown(m.c.bind); s["call_clipboard"].enabled {
		t.Fatal("clipboard item enabled with nothing on the clipboard")
	}
	m.c.setClipboard(" +7 (495) 123-45-67\n")
	m.wait(t, "the clipboard number", func(s map[string]shownItem) bool {
		return s["call_clipboard"] == shownItem{"Call +74951234567", true}
	})
	m.click(t, "call_clipboard")
	waitPhone(t, r.phone, "the dial", func() bool { return slices.Equal(r.phone.Dialed(), []string{"+74951234567"}) })

	m.c.setClipboard("not a number at all")
	m.wait(t, "no clipboard number", func(s map[string]shownItem) bool {
		return s["call_clipboard"] == shownItem{"Call clipboard number", false}
	})
}

func TestMenuPhoneControlsWindowsAndQuit(t *testing.T) {
	r := newPhoneRig(t, "ru")
	m := startMenu(t, r.svc)
	m.wait(t, "an online phone", func(s map[string]shownItem) bool {
		return strings.HasSuffix(s["status"].label, "Свободен") && s["controls.mute"].enabled
	})
	m.click(t, "controls.mute")
	m.click(t, "controls.vup")
	waitPhone(t, r.phone, "MUTE and VUP", func() bool {
		k := r.phone.KeysReceived()
		return slices.Contains(k, "MUTE") && slices.Contains(k, "VUP")
	})
	for _, id := range []string{"dialpad", "settings", "recent.all", "phone.reboot", "phone.reset"} {
		m.click(t, id)
	}
	want := []string{"dialpad", "history", "reboot", "reset", "settings"}
	deadline := time.After(10 * time.Second)
	for !slices.Equal(slices.Sorted(slices.Values(r.windows.names())), want) {
		select {
		case <-r.windows.ch:
		case <-deadline:
			t.Fatalf("windows opened: %v, want %v", r.windows.names(), want)
		}
	}
	m.click(t, "quit")
	waitDone(t, r.svc.Done(), "Quit did not stop the service")
	waitDone(t, m.done, "the menu did not stop after Quit")
}

func TestMenuStaysStillWhileNothingChanges(t *testing.T) {
	r := newPhoneRig(t, "en")
	m := startMenu(t, r.svc)
	m.wait(t, "an online phone", func(s map[string]shownItem) bool { return strings.HasSuffix(s["status"].label, "Idle") })
	// Let the service settle, then watch many polls go by.
	polls := func() int { return r.phone.RequestCount("api-get_line_status") }
	start := polls()
	waitPhone(t, r.phone, "a few polls", func() bool { return polls() >= start+3 })
	m.tray.resetCalls()
	start = polls()
	waitPhone(t, r.phone, "more polls", func() bool { return polls() >= start+10 })
	if calls := m.tray.callList(); len(calls) != 0 {
		t.Errorf("the tray was touched while the phone idled: %v", calls)
	}
}

// fakeBackend is a service whose commands fail.
type fakeBackend struct {
	mu      sync.Mutex
	st      localapi.State
	updates chan localapi.Update
	subs    int
	done    chan struct{}
	fail    error
	history []cti.Call
	ops     []cti.Operation
	dials   []string
}

func (f *fakeBackend) State(context.Context) localapi.State { return f.st }
func (f *fakeBackend) Subscribe(ctx context.Context) <-chan localapi.Update {
	f.mu.Lock()
	f.subs++
	f.mu.Unlock()
	return f.updates
}
func (f *fakeBackend) History(context.Context, int) ([]cti.Call, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.history), nil
}
func (f *fakeBackend) DialAnnounced(_ context.Context, text string) (localapi.Dialed, error) {
	f.mu.Lock()
	f.dials = append(f.dials, text)
	f.mu.Unlock()
	return localapi.Dialed{}, f.fail
}
func (f *fakeBackend) DialChoice(_ context.Context, text string) (localapi.Dialed, error) {
	f.mu.Lock()
	f.dials = append(f.dials, "choice:"+text)
	f.mu.Unlock()
	return localapi.Dialed{}, f.fail
}
func (f *fakeBackend) DialClipboard(context.Context, string) error { return f.fail }
func (f *fakeBackend) Operate(_ context.Context, op cti.Operation) error {
	f.mu.Lock()
	f.ops = append(f.ops, op)
	f.mu.Unlock()
	return f.fail
}
func (f *fakeBackend) SendKeys(context.Context, []string) error { return f.fail }
func (f *fakeBackend) SetDND(context.Context, bool) localapi.DNDResult {
	return localapi.DNDResult{Problem: "not here"}
}
func (f *fakeBackend) Show(context.Context, string) error { return f.fail }
func (f *fakeBackend) Quit(context.Context) error         { return nil }
func (f *fakeBackend) Preview(_ context.Context, text string) (string, error) {
	n, err := cti.NumberRules{}.Normalize(text)
	return n.String(), err
}
func (f *fakeBackend) Catalog() *i18n.Catalog { return i18n.New(i18n.English) }
func (f *fakeBackend) Done() <-chan struct{}  { return f.done }

func TestMenuCommandFailureIsNotified(t *testing.T) {
	f := &fakeBackend{st: ringing("A", "1"), updates: make(chan localapi.Update), done: make(chan struct{}),
		fail: fmt.Errorf("api-phone_operation: %w", &cti.NoCallError{Op: cti.OpAccept})}
	m := startMenu(t, f)
	m.click(t, "answer")
	if said := m.notified(t, "the failed answer"); said != "The phone did not do it: No call is ringing." {
		t.Errorf("notified %q", said)
	}
	m.click(t, "dialpad")
	if said := m.notified(t, "the window"); !strings.HasPrefix(said, "Could not open the window: ") {
		t.Errorf("notified %q", said)
	}
}

func TestMenuSubscribesAgainWhenDropped(t *testing.T) {
	f := &fakeBackend{st: online(), updates: make(chan localapi.Update), done: make(chan struct{})}
	m := startMenu(t, f)
	close(f.updates) // the service dropped us
	eventually(t, "the menu to subscribe again", func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.subs >= 2
	})
	close(f.done)
	waitDone(t, m.done, "the menu did not stop with the service")
}

// Call waiting: during a call a second one rings; Answer is for the second.
func TestMenuAnswersTheWaitingCall(t *testing.T) {
	r := newPhoneRig(t, "en")
	m := startMenu(t, r.svc)
	if _, err := r.phone.Ring("100", "Reception"); err != nil {
		t.Fatal(err)
	}
	m.wait(t, "the first call", func(s map[string]shownItem) bool { return s["answer"].enabled })
	m.click(t, "answer")
	waitPhone(t, r.phone, "line 1 connected", func() bool { return r.phone.Line(1).State == cti.StateConnected })
	line, err := r.phone.Ring("203", "Виталик")
	if err != nil {
		t.Fatal(err)
	}
	m.wait(t, "the waiting call", func(s map[string]shownItem) bool {
		return s["detail"].label == "Line 2: Виталик (203) — Ringing (+1 more)" && s["answer"].enabled
	})
	m.click(t, "answer")
	waitPhone(t, r.phone, "the waiting call answered", func() bool { return r.phone.Line(line).State == cti.StateConnected })
}

func TestMenuOperatesWithoutLineSupport(t *testing.T) {
	f := &fakeBackend{st: ringing("A", "1"), updates: make(chan localapi.Update), done: make(chan struct{})}
	m := startMenu(t, f)
	m.click(t, "reject")
	eventually(t, "the reject", func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		return slices.Equal(f.ops, []cti.Operation{cti.OpReject})
	})
}

func TestMenuForgetsClearedHistory(t *testing.T) {
	r := newPhoneRig(t, "en")
	m := startMenu(t, r.svc)
	r.missCall(t, m, "203", "Виталик")
	m.wait(t, "the missed call", func(s map[string]shownItem) bool {
		return strings.HasPrefix(s["recent.0"].label, "✗ Виталик (203)")
	})
	if err := r.svc.ClearHistory(context.Background()); err != nil {
		t.Fatal(err)
	}
	m.wait(t, "no recent calls", func(s map[string]shownItem) bool {
		_, call := s["recent.0"]
		return !call && s["recent.none"].label == "No calls yet" && s["recent"].label == "Recent calls"
	})
}
