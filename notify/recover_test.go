package notify

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/testkit"
	"github.com/gxptray/gxptray/notify/notifytest"
)

// newClock is the hand-moved time source for the retry interval.
func newClock() *testkit.Clock { return testkit.NewClock(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)) }

// plainDesktop stands in for beeep: it records the summaries it was given.
type plainDesktop struct {
	mu        sync.Mutex
	summaries []string
}

func (p *plainDesktop) notify(title, _ string, _ any) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.summaries = append(p.summaries, title)
	return nil
}

func (p *plainDesktop) shown() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.summaries)
}

// switchableBus is a fakeBus whose server can be absent, and which counts
// every connection attempt.
type switchableBus struct {
	fakeBus
	mu       sync.Mutex
	attempts int
	absent   bool
	gate     chan struct{} // when set, dials wait for it to close
}

func (b *switchableBus) dial(o Options, h signalHandlers) (*session, error) {
	b.mu.Lock()
	b.attempts++
	absent, gate := b.absent, b.gate
	b.mu.Unlock()
	if gate != nil {
		<-gate
	}
	if absent {
		return nil, errors.New("org.freedesktop.Notifications: name has no owner")
	}
	return b.fakeBus.dial(o, h)
}

func (b *switchableBus) set(absent bool, gate chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.absent, b.gate = absent, gate
}

func (b *switchableBus) tries() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.attempts
}

func startRecovering(t *testing.T, o Options, dial dialFunc, plain *plainDesktop, clk *testkit.Clock) *recovering {
	t.Helper()
	n := start(o.withDefaults(), dial, plain.notify, clk.Now)
	t.Cleanup(func() { n.Shutdown() })
	r, ok := n.(*recovering)
	if !ok {
		t.Fatalf("start without a server = %s, want the plain notifier that retries", n.Name())
	}
	if n.Name() != "beeep" || n.SupportsActions() {
		t.Fatalf("without a server: %s, actions %v", n.Name(), n.SupportsActions())
	}
	return r
}

// idle waits until no connection attempt is running.
func (r *recovering) idle(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		r.mu.Lock()
		trying := r.trying
		r.mu.Unlock()
		if !trying {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("connection attempt still running after 10 s")
		}
	}
}

func TestStartsWithFreedesktopWhenTheServerAnswers(t *testing.T) {
	bus := &switchableBus{fakeBus: fakeBus{caps: []string{"actions"}}}
	n := start(Options{}.withDefaults(), bus.dial, (&plainDesktop{}).notify, newClock().Now)
	defer n.Shutdown()
	if _, ok := n.(*freedesktop); !ok || !n.SupportsActions() {
		t.Errorf("start = %s (actions %v), want freedesktop with actions", n.Name(), n.SupportsActions())
	}
}

func TestServerThatAppearsLaterGetsTheNextNotifications(t *testing.T) {
	bus := &switchableBus{fakeBus: fakeBus{caps: []string{"actions", "body"}}, absent: true}
	plain, clk := &plainDesktop{}, newClock()
	r := startRecovering(t, Options{}, bus.dial, plain, clk)

	if _, err := r.Show(Notification{Summary: "Missed call"}, nil); err != nil {
		t.Fatal(err)
	}
	// Still absent half a minute later: one more attempt, then quiet again.
	clk.Add(retryInterval)
	if _, err := r.Show(Notification{Summary: "Missed call 2"}, nil); err != nil {
		t.Fatal(err)
	}
	r.idle(t)
	if got := bus.tries(); got != 2 {
		t.Fatalf("connection attempts = %d, want the one at start and one retry", got)
	}

	bus.set(false, nil) // the desktop's notification server is up now
	clk.Add(retryInterval - time.Second)
	r.Show(Notification{Summary: "Missed call 3"}, nil)
	if got := bus.tries(); got != 2 {
		t.Fatalf("retried after %v (attempts %d), want at most once per %v", retryInterval-time.Second, got, retryInterval)
	}
	if want := []string{"Missed call", "Missed call 2", "Missed call 3"}; !slices.Equal(plain.shown(), want) {
		t.Fatalf("plain notifications = %q, want %q", plain.shown(), want)
	}

	clk.Add(time.Second)
	clicked := make(chan string, 2)
	id, err := r.Show(callNotification, func(key string) { clicked <- key })
	if err != nil {
		t.Fatal(err)
	}
	if r.Name() != "freedesktop" || !r.SupportsActions() {
		t.Errorf("after the server appeared: %s, actions %v", r.Name(), r.SupportsActions())
	}
	srv := bus.current(t)
	w := srv.lastSent(t)
	if w.Summary != "Incoming call" || len(w.Actions) != 2 || w.Actions[0].Key != "accept" || w.Actions[1].Key != "reject" {
		t.Errorf("sent %q with actions %+v, want the incoming call with Accept and Reject", w.Summary, w.Actions)
	}
	if len(plain.shown()) != 3 {
		t.Errorf("the incoming call also went to the plain notifier: %q", plain.shown())
	}
	srv.h.action(uint32(id), "accept")
	wantClick(t, clicked, "accept")

	// For good: later notifications stay on freedesktop without new attempts.
	clk.Add(10 * retryInterval)
	r.Show(Notification{Summary: "Missed call 4"}, nil)
	if got := srv.lastSent(t).Summary; got != "Missed call 4" || bus.tries() != 3 || len(plain.shown()) != 3 {
		t.Errorf("after the switch: server got %q, attempts %d, plain %q", got, bus.tries(), plain.shown())
	}
}

func TestHungRetryDoesNotHoldTheNotification(t *testing.T) {
	bus := &switchableBus{fakeBus: fakeBus{caps: []string{"actions"}}, absent: true}
	plain, clk := &plainDesktop{}, newClock()
	r := startRecovering(t, Options{CallTimeout: 20 * time.Millisecond}, bus.dial, plain, clk)

	gate := make(chan struct{})
	bus.set(false, gate) // the bus accepts the connection but never gets further
	clk.Add(retryInterval)
	if _, err := r.Show(Notification{Summary: "Missed call"}, nil); err != nil {
		t.Fatalf("Show during a hung retry = %v", err)
	}
	if got := plain.shown(); !slices.Equal(got, []string{"Missed call"}) {
		t.Errorf("plain notifications = %q, want the one shown while the retry hung", got)
	}
	close(gate)
	r.idle(t)

	bus.set(false, nil)
	clk.Add(retryInterval)
	if _, err := r.Show(callNotification, nil); err != nil {
		t.Fatal(err)
	}
	if r.Name() != "freedesktop" {
		t.Errorf("after the bus recovered: %s", r.Name())
	}
}

func TestPlainIDsNeverReachTheServer(t *testing.T) {
	bus := &switchableBus{fakeBus: fakeBus{caps: []string{"actions"}}, absent: true}
	plain, clk := &plainDesktop{}, newClock()
	r := startRecovering(t, Options{}, bus.dial, plain, clk)
	plainID, _ := r.Show(Notification{Summary: "Missed call"}, nil)
	r.Show(Notification{Summary: "Missed call 2"}, nil)

	bus.set(false, nil)
	clk.Add(retryInterval)
	n := callNotification
	n.Replaces = plainID // the server never showed it: must not replace its own
	if _, err := r.Show(n, nil); err != nil {
		t.Fatal(err)
	}
	srv := bus.current(t)
	if got := srv.lastSent(t).ReplacesID; got != 0 {
		t.Errorf("ReplacesID = %d, want 0 for a plain notification", got)
	}
	if err := r.Close(2); err != nil {
		t.Fatal(err)
	}
	if len(srv.closed) != 0 {
		t.Errorf("CloseNotification calls = %v for a plain notification", srv.closed)
	}

	r.Shutdown()
	if _, err := r.Show(Notification{Summary: "x"}, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Show after Shutdown = %v", err)
	}
	select {
	case <-srv.done:
	default:
		t.Error("Shutdown left the server connection open")
	}
}

// The whole path on a real (private) session bus: the bus and server come
// up after the application.
func TestSessionBusAppearsAfterStart(t *testing.T) {
	srv := notifytest.Start(t)
	srv.KillBus()
	plain, clk := &plainDesktop{}, newClock()
	r := startRecovering(t, Options{AppName: "GXP Tray"}, dialSessionBus, plain, clk)
	if _, err := r.Show(Notification{Summary: "Missed call"}, nil); err != nil {
		t.Fatal(err)
	}

	if err := srv.RestartBus(); err != nil {
		t.Fatal(err)
	}
	clk.Add(retryInterval)
	clicked := make(chan string, 1)
	id, err := r.Show(callNotification, func(key string) { clicked <- key })
	if err != nil {
		t.Fatal(err)
	}
	calls := srv.Calls()
	if len(calls) != 1 || calls[0].Summary != "Incoming call" || !slices.Equal(calls[0].Actions, []string{"accept", "Accept", "reject", "Reject"}) {
		t.Fatalf("server calls = %+v, want the incoming call with its buttons", calls)
	}
	if !slices.Equal(plain.shown(), []string{"Missed call"}) {
		t.Errorf("plain notifications = %q", plain.shown())
	}
	srv.InvokeAction(uint32(id), "reject")
	wantClick(t, clicked, "reject")
}

// wantClick waits for the onAction call of a click and checks its key.
func wantClick(t *testing.T, clicked <-chan string, want string) {
	t.Helper()
	if key := testkit.Receive(t, clicked, "the click on "+want+" to reach the caller"); key != want {
		t.Errorf("onAction(%q), want %q", key, want)
	}
}
