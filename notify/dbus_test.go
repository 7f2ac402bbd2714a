package notify_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/notify/notifytest"
)

// keys collects onAction calls, which arrive on another goroutine.
type keys struct {
	mu  sync.Mutex
	got []string
	ch  chan string
}

func newKeys() *keys { return &keys{ch: make(chan string, 16)} }

func (k *keys) on(key string) {
	k.mu.Lock()
	k.got = append(k.got, key)
	k.mu.Unlock()
	k.ch <- key
}

func (k *keys) list() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return slices.Clone(k.got)
}

func (k *keys) next(t *testing.T) string {
	t.Helper()
	select {
	case key := <-k.ch:
		return key
	case <-time.After(10 * time.Second):
		t.Fatal("onAction not called")
		return ""
	}
}

func ctx10s(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

var incoming = notify.Notification{
	Summary:  "Входящий вызов",
	Body:     "Иван Петров <101> & Co",
	Icon:     "call-start",
	Actions:  []notify.Action{{"accept", "Accept"}, {"reject", "Reject"}},
	Urgency:  notify.UrgencyCritical,
	Timeout:  -1,
	Category: "call.incoming",
}

func startNotifier(t *testing.T) (*notifytest.Server, notify.Notifier) {
	t.Helper()
	srv := notifytest.Start(t)
	n := notify.New("GXP Tray", nil)
	t.Cleanup(func() { n.Shutdown() })
	if n.Name() != "freedesktop" {
		t.Fatalf("notifier = %s, want freedesktop with a server on the bus", n.Name())
	}
	return srv, n
}

func TestSessionBusNotifyArgumentsAndAction(t *testing.T) {
	srv, n := startNotifier(t)
	if !n.SupportsActions() {
		t.Error("SupportsActions = false")
	}
	k := newKeys()
	id, err := n.Show(incoming, k.on)
	if err != nil {
		t.Fatal(err)
	}
	calls := srv.Calls()
	if len(calls) != 1 {
		t.Fatalf("Notify calls = %d", len(calls))
	}
	c := calls[0]
	if c.ID != uint32(id) || c.AppName != "GXP Tray" || c.Summary != "Входящий вызов" || c.AppIcon != "call-start" {
		t.Errorf("call = %+v", c)
	}
	if c.Body != "Иван Петров &lt;101&gt; &amp; Co" {
		t.Errorf("body = %q", c.Body)
	}
	if want := []string{"accept", "Accept", "reject", "Reject"}; !slices.Equal(c.Actions, want) {
		t.Errorf("actions = %q, want %q", c.Actions, want)
	}
	if c.ExpireTimeout != 0 || c.Hint("urgency") != byte(2) || c.Hint("category") != "call.incoming" ||
		c.Hint("desktop-entry") != "gxptray" || c.Hint("resident") != false {
		t.Errorf("timeout %d hints %v", c.ExpireTimeout, c.Hints)
	}

	// Some desktops send ActionInvoked twice for one click.
	srv.InvokeAction(uint32(id), "accept")
	srv.InvokeAction(uint32(id), "accept")
	if got := k.next(t); got != "accept" {
		t.Fatalf("onAction(%q)", got)
	}
	// Signals are handled in order: once a later notification's click has
	// arrived, a duplicate of the first would have too.
	k2 := newKeys()
	id2, _ := n.Show(incoming, k2.on)
	srv.InvokeAction(uint32(id2), "reject")
	k2.next(t)
	if got := k.list(); !slices.Equal(got, []string{"accept"}) {
		t.Errorf("onAction calls = %q, want one", got)
	}
}

func TestSessionBusCloseAndMalformedSignals(t *testing.T) {
	srv, n := startNotifier(t)
	k := newKeys()
	id, _ := n.Show(incoming, k.on)
	if err := n.Close(id); err != nil {
		t.Fatal(err)
	}
	if err := srv.WaitFor(ctx10s(t), func(s notifytest.Snapshot) bool { return slices.Contains(s.Closed, uint32(id)) }); err != nil {
		t.Fatal(err)
	}
	srv.InvokeAction(uint32(id), "accept") // too late: closed
	// Garbage anyone on the bus could send must not crash the application.
	srv.Emit("ActionInvoked", "1", "accept")
	srv.Emit("ActionInvoked")
	srv.Emit("NotificationClosed", uint32(1), "dismissed")

	fence := newKeys()
	id2, err := n.Show(incoming, fence.on)
	if err != nil {
		t.Fatal(err)
	}
	srv.InvokeAction(uint32(id2), "accept")
	fence.next(t)
	if got := k.list(); len(got) != 0 {
		t.Errorf("onAction after Close: %q", got)
	}
	if err := n.Close(id); err != nil {
		t.Errorf("second Close = %v", err)
	}
}

func TestSessionBusRestart(t *testing.T) {
	srv, n := startNotifier(t)
	if _, err := n.Show(incoming, nil); err != nil {
		t.Fatal(err)
	}
	srv.KillBus()
	if _, err := n.Show(incoming, nil); err == nil {
		t.Fatal("Show succeeded with the bus gone")
	}
	if err := srv.RestartBus(); err != nil {
		t.Fatal(err)
	}
	k := newKeys()
	id, err := n.Show(incoming, k.on)
	if err != nil {
		t.Fatalf("Show after the bus came back = %v", err)
	}
	if id != 1 {
		t.Errorf("id = %d, want 1 from the restarted server", id)
	}
	srv.InvokeAction(uint32(id), "reject")
	if got := k.next(t); got != "reject" {
		t.Errorf("onAction(%q)", got)
	}
}

func TestSessionBusWithoutActions(t *testing.T) {
	srv := notifytest.Start(t)
	srv.SetCapabilities("body")
	n := notify.New("GXP Tray", nil)
	defer n.Shutdown()
	if n.Name() != "freedesktop" || n.SupportsActions() {
		t.Errorf("%s SupportsActions=%v", n.Name(), n.SupportsActions())
	}
	n.Show(notify.Notification{Summary: "a", Body: "<b>"}, nil)
	if c := srv.Calls(); len(c) != 1 || c[0].Body != "<b>" {
		t.Errorf("calls = %+v (no markup capability: body sent as is)", c)
	}
}

func TestNoBusFallsBackToBeeep(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/gxptray-test-bus")
	n := notify.New("GXP Tray", nil)
	defer n.Shutdown()
	if n.Name() != "beeep" || n.SupportsActions() {
		t.Errorf("notifier = %s (actions %v), want beeep without actions", n.Name(), n.SupportsActions())
	}
	if err := n.Close(1); err != nil {
		t.Error(err)
	}
	n.Shutdown()
	if _, err := n.Show(notify.Notification{}, nil); !errors.Is(err, notify.ErrClosed) {
		t.Errorf("Show after Shutdown = %v", err)
	}
}
