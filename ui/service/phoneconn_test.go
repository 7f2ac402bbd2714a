package service

import (
	"errors"
	"fmt"
	"testing"

	"github.com/gxptray/gxptray/cti"
)

func newTestClient(t *testing.T, addr string) *cti.Client {
	t.Helper()
	c, err := cti.New(cti.Config{Address: addr, Passcode: "x"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPhoneConnMakesAClientOnlyWhenItsSettingsChange(t *testing.T) {
	var p phoneConn
	made := 0
	mk := func(addr string) func() *cti.Client {
		return func() *cti.Client { made++; return newTestClient(t, addr) }
	}
	key := clientKey{phone: "http://192.168.1.20", passcode: "x"}
	if !p.Update(key, mk("192.168.1.20")) || made != 1 {
		t.Fatalf("first update: made %d", made)
	}
	first, gen := p.Current()
	if p.Update(key, mk("192.168.1.20")) || made != 1 {
		t.Errorf("the same settings made a new client (%d made)", made)
	}
	// The pin the client took was saved: still the same client.
	p.NotePinned("http://192.168.1.20", "ab")
	pinned := key
	pinned.pinned = "ab"
	if p.Update(pinned, mk("192.168.1.20")) || made != 1 {
		t.Errorf("a saved pin of this client made a new one (%d made)", made)
	}
	other := key
	other.passcode = "y"
	if !p.Update(other, mk("192.168.1.20")) || made != 2 {
		t.Fatalf("a new passcode kept the client (%d made)", made)
	}
	if c, g := p.Current(); c == first || g == gen {
		t.Errorf("the client or its generation did not change")
	}
	// No client can be made (no passcode yet): none, and that is a change.
	if !p.Update(clientKey{phone: "http://192.168.1.20"}, func() *cti.Client { return nil }) {
		t.Error("removing the client was not a change")
	}
	if c, _ := p.Current(); c != nil {
		t.Error("a client left after removal")
	}
}

// A rejected passcode stops commands until a request of the same client
// works or the client is replaced; answers of an old client do not count.
func TestPhoneConnRejectedPasscode(t *testing.T) {
	var p phoneConn
	key := clientKey{phone: "http://192.168.1.20", passcode: "x"}
	p.Update(key, func() *cti.Client { return newTestClient(t, "192.168.1.20") })
	_, gen := p.Current()
	p.NoteAuth(gen, fmt.Errorf("poll: %w", cti.ErrUnreachable))
	if _, _, rejected := p.ForCommand(); rejected {
		t.Fatal("an unreachable phone counted as a rejected passcode")
	}
	p.NoteAuth(gen, fmt.Errorf("poll: %w", cti.ErrUnauthorized))
	if _, _, rejected := p.ForCommand(); !rejected {
		t.Fatal("a rejected passcode did not stop commands")
	}
	p.Accepted(gen)
	if _, _, rejected := p.ForCommand(); rejected {
		t.Fatal("a poll that worked did not let commands go again")
	}
	p.NoteAuth(gen-1, cti.ErrUnauthorized)
	if _, _, rejected := p.ForCommand(); rejected {
		t.Error("an old client's rejection stopped the new one")
	}
}

// Events of a monitor stopped or replaced since are stale.
func TestPhoneConnMonitorGenerations(t *testing.T) {
	var p phoneConn
	first := p.nextMonitor()
	m := cti.NewMonitor(nil, cti.MonitorConfig{})
	p.setMonitor(&monitorRun{mon: m, gen: first})
	if p.Monitor() != m || p.staleEvent(first) {
		t.Fatal("the running monitor's events are stale")
	}
	if r := p.takeMonitor(); r == nil || r.mon != m {
		t.Fatalf("takeMonitor = %v", r)
	}
	if p.Monitor() != nil || !p.staleEvent(first) {
		t.Error("events of a stopped monitor are not stale")
	}
	second := p.nextMonitor()
	if p.staleEvent(second) || !p.staleEvent(first) {
		t.Error("generations mixed up after a restart")
	}
}

// The Action URL listener is pushOwner's: take hands the running one to
// the caller to stop, once, and none runs afterwards; why one could not
// start goes with it.
func TestPushOwnerHandsOverTheListenerOnce(t *testing.T) {
	var p pushOwner
	if p.Current() != nil || p.take() != nil {
		t.Fatal("a listener before any was started")
	}
	p.set(nil, errors.New("port taken"))
	if p.Current() != nil || p.Err() == nil {
		t.Fatal("a listener that could not start does not say why")
	}
	r := &pushRun{addr: "127.0.0.1:0"}
	p.set(r, nil)
	if p.Current() != r || p.Err() != nil {
		t.Fatal("the started listener is not the running one")
	}
	if got := p.take(); got != r {
		t.Fatalf("take gave %p, want the running listener %p", got, r)
	}
	if p.Current() != nil || p.take() != nil {
		t.Error("the listener taken to stop still runs")
	}
}
