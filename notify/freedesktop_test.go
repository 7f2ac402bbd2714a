package notify

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	enotify "github.com/esiqveland/notify"
	"github.com/godbus/dbus/v5"
)

// fakeServer is one connection to a scripted notification server.
type fakeServer struct {
	h    signalHandlers
	done chan struct{}

	mu      sync.Mutex
	sent    []enotify.Notification
	closed  []uint32
	nextID  uint32
	caps    []string
	block   bool // calls hang until the connection is closed
	closeFn func(id uint32) error
	once    sync.Once
}

// kill ends the connection, as when the bus goes away.
func (s *fakeServer) kill() { s.once.Do(func() { close(s.done) }) }

func (s *fakeServer) wait() error {
	s.mu.Lock()
	block := s.block
	s.mu.Unlock()
	if block {
		<-s.done
		return errors.New("connection closed")
	}
	return nil
}

func (s *fakeServer) SendNotification(n enotify.Notification) (uint32, error) {
	if err := s.wait(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, n)
	if n.ReplacesID != 0 {
		return n.ReplacesID, nil
	}
	s.nextID++
	return s.nextID, nil
}

func (s *fakeServer) GetCapabilities() ([]string, error) {
	if err := s.wait(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.caps, nil
}

func (s *fakeServer) CloseNotification(id uint32) (bool, error) {
	if err := s.wait(); err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = append(s.closed, id)
	if s.closeFn != nil {
		return false, s.closeFn(id)
	}
	return true, nil
}

// click signals ActionInvoked for id once per key, in order, as the server
// does when the user clicks a button (a repeated key is a server repeating
// its signal).
func (s *fakeServer) click(id ID, keys ...string) {
	for _, k := range keys {
		s.h.action(uint32(id), k)
	}
}

func (s *fakeServer) lastSent(t *testing.T) enotify.Notification {
	t.Helper()
	return newest(t, &s.mu, &s.sent, "nothing sent")
}

// newest is the last of *items, read under mu; with none the test fails
// with why.
func newest[T any](t *testing.T, mu *sync.Mutex, items *[]T, why string) T {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if len(*items) == 0 {
		t.Fatal(why)
	}
	return (*items)[len(*items)-1]
}

// fakeBus hands out a new fakeServer per dial.
type fakeBus struct {
	mu      sync.Mutex
	conns   []*fakeServer
	dialErr error
	caps    []string
	block   bool // new connections hang on every call
}

func (b *fakeBus) dial(_ Options, h signalHandlers) (*session, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.dialErr != nil {
		return nil, b.dialErr
	}
	s := &fakeServer{h: h, done: make(chan struct{}), caps: b.caps, block: b.block}
	b.conns = append(b.conns, s)
	return &session{srv: s, done: s.done, close: s.kill}, nil
}

func (b *fakeBus) current(t *testing.T) *fakeServer {
	t.Helper()
	return newest(t, &b.mu, &b.conns, "never dialed")
}

func (b *fakeBus) dials() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.conns)
}

// clicks records onAction calls; the notifier runs them synchronously in
// these tests so that "not called" is a plain assertion.
type clicks struct {
	mu   sync.Mutex
	keys []string
}

func (c *clicks) on(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keys = append(c.keys, key)
}

func (c *clicks) got() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Join(c.keys, ",")
}

// newTestNotifier is a notifier on a fake bus whose servers advertise caps
// (by default actions, body and body markup).
func newTestNotifier(t *testing.T, caps ...string) (*fakeBus, *freedesktop) {
	t.Helper()
	if caps == nil {
		caps = []string{"actions", "body", "body-markup"}
	}
	bus := &fakeBus{caps: caps}
	f, err := newFreedesktop(Options{AppName: "GXP Tray", DesktopEntry: "gxptray", CallTimeout: time.Second}.withDefaults(), bus.dial)
	if err != nil {
		t.Fatal(err)
	}
	f.dispatch = func(fn func()) { fn() }
	t.Cleanup(func() { f.Shutdown() })
	return bus, f
}

var callNotification = Notification{
	Summary:  "Incoming call",
	Body:     "Иван Петров <101>",
	Actions:  []Action{{"accept", "Accept"}, {"reject", "Reject"}},
	Urgency:  UrgencyCritical,
	Timeout:  -1,
	Category: "call.incoming",
}

func TestShowSendsWhatTheUserShouldSee(t *testing.T) {
	bus, f := newTestNotifier(t)
	n := callNotification
	n.Icon = "/usr/share/icons/gxp tray.png"
	id, err := f.Show(n, nil)
	if err != nil || id != 1 {
		t.Fatalf("Show = %d, %v", id, err)
	}
	w := bus.current(t).lastSent(t)
	if w.AppName != "GXP Tray" || w.Summary != "Incoming call" {
		t.Errorf("app/summary = %q/%q", w.AppName, w.Summary)
	}
	if w.Body != "Иван Петров &lt;101&gt;" {
		t.Errorf("body = %q, want the markup escaped", w.Body)
	}
	if w.AppIcon != "file:///usr/share/icons/gxp%20tray.png" {
		t.Errorf("icon = %q", w.AppIcon)
	}
	if len(w.Actions) != 2 || w.Actions[0] != (enotify.Action{Key: "accept", Label: "Accept"}) || w.Actions[1].Key != "reject" {
		t.Errorf("actions = %+v", w.Actions)
	}
	if w.ExpireTimeout != enotify.ExpireTimeoutNever {
		t.Errorf("timeout = %v, want never", w.ExpireTimeout)
	}
	want := map[string]any{"urgency": byte(2), "category": "call.incoming", "desktop-entry": "gxptray", "resident": false}
	for k, v := range want {
		if got := w.Hints[k]; got.Value() != v {
			t.Errorf("hint %s = %v, want %v", k, got, v)
		}
	}
	if !f.SupportsActions() {
		t.Error("SupportsActions = false with a server advertising actions")
	}
}

func TestWireTimeoutsAndText(t *testing.T) {
	o := Options{}.withDefaults()
	cases := []struct {
		in   time.Duration
		want time.Duration
	}{
		{0, enotify.ExpireTimeoutSetByNotificationServer},
		{-time.Second, enotify.ExpireTimeoutNever},
		{5 * time.Second, 5 * time.Second},
		{time.Nanosecond, time.Millisecond}, // not rounded down to "never"
	}
	for _, c := range cases {
		if got := toWire(o, Notification{Timeout: c.in}, false).ExpireTimeout; got != c.want {
			t.Errorf("Timeout %v -> %v, want %v", c.in, got, c.want)
		}
	}
	w := toWire(o, Notification{Summary: "a\x00b\x1b[31m\xffc", Body: "x & y", Icon: "phone"}, false)
	if w.Summary != "ab[31m\uFFFDc" || w.Body != "x & y" || w.AppIcon != "phone" {
		t.Errorf("summary/body/icon = %q / %q / %q", w.Summary, w.Body, w.AppIcon)
	}
	long := toWire(o, Notification{Summary: strings.Repeat("я", 500)}, false).Summary
	if n := len([]rune(long)); n != maxSummary+1 || !strings.HasSuffix(long, "…") {
		t.Errorf("long summary: %d runes, suffix %q", n, long[len(long)-3:])
	}
}

func TestActionCalledOnceEvenWhenSignalledTwice(t *testing.T) {
	bus, f := newTestNotifier(t)
	var c clicks
	id, err := f.Show(callNotification, c.on)
	if err != nil {
		t.Fatal(err)
	}
	srv := bus.current(t)
	srv.click(id, "accept", "accept", "reject")
	if got := c.got(); got != "accept" {
		t.Fatalf("onAction calls = %q, want one accept", got)
	}
}

func TestNoActionAfterCloseOrServerClose(t *testing.T) {
	bus, f := newTestNotifier(t)
	var c clicks
	a, _ := f.Show(callNotification, c.on)
	b, _ := f.Show(callNotification, c.on)
	srv := bus.current(t)

	if err := f.Close(a); err != nil {
		t.Fatal(err)
	}
	srv.click(a, "accept")
	srv.h.closed(uint32(b)) // expired or dismissed on the desktop
	srv.click(b, "accept")
	if got := c.got(); got != "" {
		t.Fatalf("onAction calls after close = %q", got)
	}
	if len(srv.closed) != 1 || srv.closed[0] != uint32(a) {
		t.Errorf("CloseNotification calls = %v, want [%d]", srv.closed, a)
	}
	// Already closed or never known: no-op, no bus call.
	if err := f.Close(a); err != nil {
		t.Error(err)
	}
	if err := f.Close(b); err != nil {
		t.Error(err)
	}
	if err := f.Close(999); err != nil {
		t.Error(err)
	}
	if len(srv.closed) != 1 {
		t.Errorf("CloseNotification calls = %v, want only the first", srv.closed)
	}
}

func TestCloseOfNotificationGoneOnTheServerIsNoError(t *testing.T) {
	bus, f := newTestNotifier(t)
	id, _ := f.Show(callNotification, nil)
	bus.current(t).closeFn = func(uint32) error {
		return dbus.Error{Name: "org.freedesktop.Notifications.Error.NotFound"}
	}
	if err := f.Close(id); err != nil {
		t.Errorf("Close = %v", err)
	}
}

func TestReplacedNotificationCanFireAgain(t *testing.T) {
	bus, f := newTestNotifier(t)
	var c clicks
	id, _ := f.Show(callNotification, c.on)
	srv := bus.current(t)
	srv.click(id, "accept")
	n := callNotification
	n.Replaces = id
	n.Summary = "Missed call"
	n.Actions = []Action{{"callback", "Call back"}}
	id2, err := f.Show(n, c.on)
	if err != nil || id2 != id {
		t.Fatalf("replace: %d, %v", id2, err)
	}
	srv.click(id, "callback", "callback")
	if got := c.got(); got != "accept,callback" {
		t.Errorf("onAction calls = %q", got)
	}
}

func TestNoActionsMeansNoCallback(t *testing.T) {
	bus, f := newTestNotifier(t)
	var c clicks
	n := callNotification
	n.Actions = nil
	id, _ := f.Show(n, c.on)
	bus.current(t).click(id, "default")
	if got := c.got(); got != "" {
		t.Errorf("onAction = %q for a notification without buttons", got)
	}
}

func TestHungServerTimesOutAndNextShowReconnects(t *testing.T) {
	bus, f := newTestNotifier(t)
	f.opts.CallTimeout = 20 * time.Millisecond
	first := bus.current(t)
	first.mu.Lock()
	first.block = true
	first.mu.Unlock()
	if _, err := f.Show(callNotification, nil); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Show on a hung server = %v, want ErrTimeout", err)
	}
	select {
	case <-first.done:
	default:
		t.Fatal("hung connection not closed")
	}
	var c clicks
	id, err := f.Show(callNotification, c.on)
	if err != nil {
		t.Fatalf("Show after timeout = %v", err)
	}
	if bus.dials() != 2 {
		t.Fatalf("dials = %d, want a reconnect", bus.dials())
	}
	bus.current(t).click(id, "reject")
	if c.got() != "reject" {
		t.Errorf("action on the new connection: %q", c.got())
	}
}

func TestLostConnectionForgetsItsNotifications(t *testing.T) {
	bus, f := newTestNotifier(t)
	var c clicks
	id, _ := f.Show(callNotification, c.on)
	old := bus.current(t)
	old.h.closed(0) // unknown id: ignored
	old.kill()      // bus restarted

	bus.dialErr = errors.New("no bus")
	if _, err := f.Show(callNotification, nil); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Show without bus = %v, want ErrUnavailable", err)
	}
	bus.dialErr = nil
	id2, err := f.Show(callNotification, nil)
	if err != nil {
		t.Fatal(err)
	}
	if id2 != 1 || id != 1 {
		t.Fatalf("ids %d, %d: the fresh server numbers from 1", id, id2)
	}
	// The old connection's late signal and the new server's click on its
	// own id 1 must not reach the first notification's callback.
	old.click(1, "accept")
	bus.current(t).click(1, "accept")
	if got := c.got(); got != "" {
		t.Errorf("callback of a notification from the lost connection ran: %q", got)
	}
}

func TestDialFailureAndShutdown(t *testing.T) {
	if _, err := newFreedesktop(Options{}.withDefaults(), (&fakeBus{dialErr: errors.New("no bus")}).dial); !errors.Is(err, ErrUnavailable) {
		t.Errorf("newFreedesktop without bus = %v", err)
	}
	blocked := &fakeBus{block: true}
	o := Options{CallTimeout: 10 * time.Millisecond}.withDefaults()
	if _, err := newFreedesktop(o, blocked.dial); !errors.Is(err, ErrTimeout) || !errors.Is(err, ErrUnavailable) {
		t.Errorf("newFreedesktop with a hung server = %v", err)
	}

	bus, f := newTestNotifier(t, "body")
	if f.SupportsActions() {
		t.Error("SupportsActions = true without the capability")
	}
	if err := f.Shutdown(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-bus.current(t).done:
	default:
		t.Error("Shutdown left the connection open")
	}
	if _, err := f.Show(callNotification, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Show after Shutdown = %v", err)
	}
	if err := f.Shutdown(); err != nil {
		t.Errorf("second Shutdown = %v", err)
	}
}

func TestMalformedSignalsAreDropped(t *testing.T) {
	inner := dbus.NewSequentialSignalHandler().(signalHandler)
	w := wellFormedSignals{inner}
	ch := make(chan *dbus.Signal, 10)
	w.AddSignal(ch)
	defer w.Terminate()
	for _, sig := range []*dbus.Signal{
		nil,
		{Name: signalActionInvoked, Body: []any{"1", "accept"}},
		{Name: signalActionInvoked, Body: []any{uint32(1)}},
		{Name: signalClosed, Body: []any{uint32(1), "x"}},
		{Name: signalClosed},
		{Name: signalActionInvoked, Body: []any{uint32(7), "accept"}}, // the only good one
	} {
		name := ""
		if sig != nil {
			name = sig.Name
		}
		w.DeliverSignal(notificationsInterface, strings.TrimPrefix(name, notificationsInterface+"."), sig)
	}
	select {
	case got := <-ch:
		if got.Body[0] != uint32(7) {
			t.Fatalf("delivered %+v, want the well-formed signal", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("well-formed signal not delivered")
	}
	select {
	case got := <-ch:
		t.Fatalf("extra signal delivered: %+v", got)
	default:
	}
}

// Without an icon of their own, notifications carry the application's, so
// servers show something recognisable.
func TestDefaultIcon(t *testing.T) {
	o := Options{Icon: "/run/user/1000/gxptray/gxptray.png"}
	if got := toWire(o, Notification{Summary: "Incoming call"}, false).AppIcon; got != "file:///run/user/1000/gxptray/gxptray.png" {
		t.Errorf("default icon = %q", got)
	}
	if got := toWire(o, Notification{Summary: "x", Icon: "call-start"}, false).AppIcon; got != "call-start" {
		t.Errorf("own icon = %q", got)
	}
}
