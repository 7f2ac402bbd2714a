package cti_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
)

const simPasscode = "admin-Pa55"

// scenario is a simulated phone on a real TCP port, a real client and a
// monitor polling it every 20 ms.
type scenario struct {
	t      *testing.T
	p      *phonesim.Phone
	srv    *phonesim.Server
	c      *cti.Client
	m      *cti.Monitor
	events chan cti.Event
	cancel context.CancelFunc
	done   chan error

	mu  sync.Mutex
	all []cti.Event
}

func newScenario(t *testing.T, clientPasscode string) *scenario {
	t.Helper()
	p := phonesim.New(phonesim.Options{Passcode: simPasscode, KeyInterval: 2 * time.Millisecond})
	srv, err := phonesim.Listen("127.0.0.1:0", p)
	if err != nil {
		t.Fatal(err)
	}
	c, err := cti.New(cti.Config{Address: srv.URL(), Passcode: clientPasscode, Timeout: 2 * time.Second,
		KeyInterval: 2 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	s := &scenario{t: t, p: p, srv: srv, c: c, events: make(chan cti.Event, 1000), done: make(chan error, 1)}
	s.m = cti.NewMonitor(c, cti.MonitorConfig{Interval: 20 * time.Millisecond, AllowFastPolling: true,
		PushInterval: -1, BackoffMin: 5 * time.Millisecond, BackoffMax: 40 * time.Millisecond})
	t.Cleanup(func() {
		s.stop()
		srv.Close()
		p.Close()
	})
	return s
}

func (s *scenario) start() {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go func() {
		s.done <- s.m.Run(ctx, func(e cti.Event) {
			s.mu.Lock()
			s.all = append(s.all, e)
			s.mu.Unlock()
			s.events <- e
		})
	}()
}

func (s *scenario) stop() {
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	select {
	case err := <-s.done:
		if !errors.Is(err, context.Canceled) {
			s.t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		s.t.Error("Run did not stop")
	}
}

// expect reads the next events and checks their kinds, in order.
func (s *scenario) expect(kinds ...cti.EventKind) []cti.Event {
	s.t.Helper()
	var got []cti.Event
	deadline := time.After(10 * time.Second)
	for len(got) < len(kinds) {
		select {
		case e := <-s.events:
			got = append(got, e)
			if e.Kind != kinds[len(got)-1] {
				s.t.Fatalf("event %d: %s (%+v), want %s; kinds wanted %v", len(got), e.Kind, e, kinds[len(got)-1], kinds)
			}
		case <-deadline:
			s.t.Fatalf("timed out after %d events %v, want kinds %v", len(got), kindsOf(got), kinds)
		}
	}
	return got
}

// quiet waits until the monitor has polled a few more times, then checks
// that nothing more was emitted.
func (s *scenario) quiet() {
	s.t.Helper()
	n := s.p.RequestCount("api-get_line_status")
	s.wait(func() bool { return s.p.RequestCount("api-get_line_status") >= n+3 })
	select {
	case e := <-s.events:
		s.t.Fatalf("unexpected event %s %+v", e.Kind, e)
	default:
	}
}

func (s *scenario) wait(cond func() bool) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.p.Wait(ctx, cond); err != nil {
		s.t.Fatalf("waiting on the phone: %v", err)
	}
}

func (s *scenario) op(op cti.Operation) {
	s.t.Helper()
	if err := s.c.Operate(context.Background(), op); err != nil {
		s.t.Fatalf("%s: %v", op, err)
	}
	s.m.Poke() // as the app does after a command
}

// onlineScenario is a started scenario whose monitor has seen the phone
// come online.
func onlineScenario(t *testing.T) *scenario {
	t.Helper()
	s := newScenario(t, simPasscode)
	s.start()
	s.expect(cti.EventOnline)
	return s
}

// ring rings the phone and waits for the monitor's incoming event; it
// returns the ringing line.
func (s *scenario) ring(number, name string) int {
	s.t.Helper()
	line, err := s.p.Ring(number, name)
	if err != nil {
		s.t.Fatal(err)
	}
	s.expect(cti.EventIncoming)
	return line
}

func kindsOf(evs []cti.Event) []cti.EventKind {
	var k []cti.EventKind
	for _, e := range evs {
		k = append(k, e.Kind)
	}
	return k
}

func TestScenarioAnswerHoldResumeEnd(t *testing.T) {
	s := onlineScenario(t)
	line, err := s.p.Ring("+74951234567", "Анна Смирнова")
	if err != nil {
		t.Fatal(err)
	}
	in := s.expect(cti.EventIncoming)[0]
	if in.Line != line || in.Number != "+74951234567" || in.Name != "Анна Смирнова" || in.Direction != cti.Incoming || in.Account != 1 {
		t.Errorf("incoming event %+v", in)
	}
	s.op(cti.OpAccept)
	s.expect(cti.EventAnswered)
	s.op(cti.OpHold)
	s.expect(cti.EventHeld)
	s.op(cti.OpHold) // holdcall toggles
	s.expect(cti.EventResumed)
	s.op(cti.OpEnd)
	end := s.expect(cti.EventEnded)[0]
	if end.Outcome != cti.Answered || end.Duration <= 0 || end.Line != line || end.Number != "+74951234567" {
		t.Errorf("ended event %+v", end)
	}
	s.quiet()

	// The ended event carries what the history needs: the start is the ring.
	s.mu.Lock()
	defer s.mu.Unlock()
	var calls []cti.Call
	for _, e := range s.all {
		if e.Kind == cti.EventEnded {
			calls = append(calls, cti.CallFromEvent(e))
		}
	}
	if len(calls) != 1 || calls[0].Outcome != cti.Answered || !calls[0].Start.Equal(in.Time) || calls[0].Name != "Анна Смирнова" {
		t.Errorf("history entries %+v", calls)
	}
}

func TestScenarioMissed(t *testing.T) {
	s := onlineScenario(t)
	line := s.ring("100", "Reception")
	if err := s.p.RemoteHangup(line); err != nil {
		t.Fatal(err)
	}
	end := s.expect(cti.EventEnded)[0]
	if end.Outcome != cti.Missed || end.Duration != 0 || end.Name != "Reception" {
		t.Errorf("ended event %+v", end)
	}
	s.quiet()
}

func TestScenarioRejected(t *testing.T) {
	s := onlineScenario(t)
	line := s.ring("203", "Виталик")
	s.m.NoteRejected(line)
	s.op(cti.OpReject)
	end := s.expect(cti.EventEnded)[0]
	if end.Outcome != cti.Rejected {
		t.Errorf("outcome %s, want rejected", end.Outcome)
	}
	if s.p.Line(line).State != cti.StateIdle {
		t.Errorf("line %d is %s", line, s.p.Line(line).State)
	}
	s.quiet()
}

func TestScenarioTwoCallsAtOnce(t *testing.T) {
	s := onlineScenario(t)
	l1, _ := s.p.Ring("101", "One")
	l2, _ := s.p.Ring("102", "Two")
	got := s.expect(cti.EventIncoming, cti.EventIncoming)
	if got[0].Line != l1 || got[0].Number != "101" || got[1].Line != l2 || got[1].Number != "102" {
		t.Errorf("incoming events %+v", got)
	}
	s.p.RemoteHangup(l1)
	s.p.RemoteHangup(l2)
	got = s.expect(cti.EventEnded, cti.EventEnded)
	lines := map[int]bool{}
	for _, e := range got {
		lines[e.Line] = true
		if e.Outcome != cti.Missed {
			t.Errorf("outcome %s", e.Outcome)
		}
	}
	if !lines[l1] || !lines[l2] {
		t.Errorf("ended lines %v, want %d and %d", lines, l1, l2)
	}
	s.quiet()
}

func TestScenarioOutgoing(t *testing.T) {
	s := onlineScenario(t)
	if _, err := s.c.Dial(context.Background(), mustDialable(t, "203")); err != nil {
		t.Fatal(err)
	}
	s.m.Poke()
	out := s.expect(cti.EventOutgoing)[0]
	if out.Number != "203" || out.Direction != cti.Outgoing {
		t.Errorf("outgoing event %+v", out)
	}
	if err := s.p.RemoteAnswer(out.Line); err != nil {
		t.Fatal(err)
	}
	ans := s.expect(cti.EventAnswered)[0]
	if ans.Direction != cti.Outgoing {
		t.Errorf("answered event %+v", ans)
	}
	s.op(cti.OpEnd)
	if end := s.expect(cti.EventEnded)[0]; end.Outcome != cti.Answered || end.Direction != cti.Outgoing {
		t.Errorf("ended event %+v", end)
	}

	// Nobody answers this one.
	if _, err := s.c.Dial(context.Background(), mustDialable(t, "+15555550100")); err != nil {
		t.Fatal(err)
	}
	out = s.expect(cti.EventOutgoing)[0]
	s.p.RemoteHangup(out.Line)
	if end := s.expect(cti.EventEnded)[0]; end.Outcome != cti.NoAnswer || end.Number != "+15555550100" {
		t.Errorf("ended event %+v", end)
	}
	s.quiet()
}

func TestScenarioOfflineMidCall(t *testing.T) {
	s := onlineScenario(t)
	line := s.ring("555", "")
	s.op(cti.OpAccept)
	s.expect(cti.EventAnswered)

	addr := s.srv.Addr()
	s.srv.Close()
	off := s.expect(cti.EventOffline)[0]
	if off.Err == "" || strings.Contains(off.Err, simPasscode) {
		t.Errorf("offline error %q", off.Err)
	}
	if st := s.m.Snapshot(); st.Conn != cti.ConnOffline || st.Lines != nil {
		t.Errorf("state while offline: %+v", st)
	}
	// The call ends while the phone cannot be seen; a few failed polls
	// emit nothing.
	s.p.RemoteHangup(line)
	srv, err := phonesim.Listen(addr, s.p)
	if err != nil {
		t.Fatalf("listen again on %s: %v", addr, err)
	}
	s.srv = srv
	t.Cleanup(func() { srv.Close() })
	got := s.expect(cti.EventOnline, cti.EventEnded)
	if got[1].Line != line || got[1].Outcome != cti.Answered {
		t.Errorf("ended event %+v", got[1])
	}
	if st := s.m.Snapshot(); st.Conn != cti.ConnOnline || len(st.Lines) != 8 {
		t.Errorf("state after coming back: %+v", st)
	}
	s.quiet()
}

func TestScenarioPasscodeRejected(t *testing.T) {
	s := newScenario(t, "wrong-passcode")
	s.start()
	un := s.expect(cti.EventUnauthorized)[0]
	if strings.Contains(un.Err, "wrong-passcode") || un.Err == "" {
		t.Errorf("unauthorized error %q", un.Err)
	}
	atRejection := s.p.FailedLogins()
	// Pokes (pushes, clicks) must not make it try again.
	for range 5 {
		s.m.Poke()
		s.m.NotePush()
	}
	// Not synchronization: ten poll intervals in which a wrong
	// implementation would send requests.
	time.Sleep(200 * time.Millisecond)
	if n := s.p.FailedLogins() - atRejection; n > 1 {
		t.Fatalf("the phone got %d more rejected requests after the first rejection, want at most 1", n)
	}
	if s.p.Locked() {
		t.Fatal("the monitor locked the phone's account")
	}
	if st := s.m.Snapshot(); st.Conn != cti.ConnUnauthorized {
		t.Errorf("state %s", st.Conn)
	}
	// The user fixes the passcode: a new client, polling resumes.
	c, err := cti.New(cti.Config{Address: s.srv.URL(), Passcode: simPasscode, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	s.m.SetSource(c)
	s.expect(cti.EventOnline)

	// And Resume alone, for a passcode changed on the phone's side.
	s.p.SetPasscode("changed-on-phone")
	s.expect(cti.EventUnauthorized)
	s.p.SetPasscode(simPasscode)
	s.m.Resume()
	s.expect(cti.EventOnline)
	s.quiet()
}

func TestScenarioStartWhileRinging(t *testing.T) {
	s := newScenario(t, simPasscode)
	line, _ := s.p.Ring("203", "Виталик")
	s.start()
	got := s.expect(cti.EventOnline, cti.EventIncoming)
	if got[1].Line != line || got[1].Number != "203" {
		t.Errorf("incoming event %+v", got[1])
	}
	s.quiet()
}

func TestScenarioStartDuringCall(t *testing.T) {
	s := newScenario(t, simPasscode)
	line, _ := s.p.Ring("203", "Виталик")
	if err := s.c.Operate(context.Background(), cti.OpAccept); err != nil {
		t.Fatal(err)
	}
	s.start()
	s.expect(cti.EventOnline) // no Answered for a call older than the monitor
	s.quiet()
	s.p.RemoteHangup(line)
	end := s.expect(cti.EventEnded)[0]
	if end.Outcome != cti.Answered || end.Line != line {
		t.Errorf("ended event %+v", end)
	}
	s.quiet()
}

func ExampleMonitor() {
	p := phonesim.New(phonesim.Options{Passcode: "admin"})
	defer p.Close()
	srv, _ := phonesim.Listen("127.0.0.1:0", p)
	defer srv.Close()
	c, _ := cti.New(cti.Config{Address: srv.URL(), Passcode: "admin"})
	m := cti.NewMonitor(c, cti.MonitorConfig{Interval: 20 * time.Millisecond, AllowFastPolling: true})

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p.Ring("203", "Виталик")
	m.Run(ctx, func(e cti.Event) {
		switch e.Kind {
		case cti.EventOnline:
			fmt.Println("phone online")
		case cti.EventIncoming:
			fmt.Printf("line %d: incoming call from %s (%s)\n", e.Line, e.Name, e.Number)
			cancel()
		}
	})
	// Output:
	// phone online
	// line 1: incoming call from Виталик (203)
}
