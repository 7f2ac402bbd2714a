package cti

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/testkit"
)

// ---- snapshot diffing ----

func ln(line int, st LineState, number, name string) Line {
	return Line{Line: line, State: st, Account: 1, RemoteNumber: number, RemoteName: name}
}

func idle(line int) Line { return Line{Line: line, State: StateIdle, Account: NoAccount} }

// evString renders the fields a user would see, for compact comparisons.
func evString(e Event) string {
	s := fmt.Sprintf("%s/%d/%s", e.Kind, e.Line, e.Number)
	if e.Direction != "" {
		s += "/" + string(e.Direction)
	}
	if e.Kind == EventEnded {
		s += "/" + string(e.Outcome)
	}
	return s
}

func evStrings(evs []Event) []string {
	out := []string{}
	for _, e := range evs {
		out = append(out, evString(e))
	}
	return out
}

type snap struct {
	lines    []Line
	baseline bool // first snapshot after a start or a gap
	reject   int  // NoteRejected(line) before this snapshot
	want     []string
}

func runSnaps(t *testing.T, snaps []snap) []Event {
	t.Helper()
	var tr lineTracker
	t0 := time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)
	var all []Event
	for i, s := range snaps {
		if s.reject != 0 {
			tr.noteRejected(s.reject)
		}
		got := tr.apply(s.lines, t0.Add(time.Duration(i)*time.Second), s.baseline)
		if g, w := strings.Join(evStrings(got), " "), strings.Join(s.want, " "); g != w {
			t.Fatalf("snapshot %d: events\n got  %q\n want %q", i, g, w)
		}
		all = append(all, got...)
	}
	return all
}

func TestTrackerIncomingAnsweredHeldResumedEnded(t *testing.T) {
	evs := runSnaps(t, []snap{
		{lines: []Line{idle(1), idle(2)}, baseline: true},
		{lines: []Line{ln(1, StateRinging, "203", "Виталик"), idle(2)}, want: []string{"incoming/1/203/incoming"}},
		{lines: []Line{ln(1, StateRinging, "203", "Виталик"), idle(2)}}, // the phone repeats itself
		{lines: []Line{ln(1, StateConnected, "203", "Виталик"), idle(2)}, want: []string{"answered/1/203/incoming"}},
		{lines: []Line{ln(1, StateOnHold, "203", "Виталик"), idle(2)}, want: []string{"held/1/203/incoming"}},
		{lines: []Line{ln(1, StateConnected, "203", "Виталик"), idle(2)}, want: []string{"resumed/1/203/incoming"}},
		{lines: []Line{ln(1, StateConnected, "203", "Виталик"), idle(2)}},
		{lines: []Line{idle(1), idle(2)}, want: []string{"ended/1/203/incoming/answered"}},
		{lines: []Line{idle(1), idle(2)}},
	})
	end := evs[len(evs)-1]
	if end.Duration != 4*time.Second { // answered at snapshot 3, gone at 7
		t.Errorf("duration %v, want 4s", end.Duration)
	}
	if end.Name != "Виталик" || end.Account != 1 {
		t.Errorf("ended event lost the caller: %+v", end)
	}
}

func TestTrackerMissedAndRejected(t *testing.T) {
	missed := runSnaps(t, []snap{
		{lines: []Line{idle(1)}, baseline: true},
		{lines: []Line{ln(1, StateRinging, "+15555550100", "")}, want: []string{"incoming/1/+15555550100/incoming"}},
		{lines: []Line{idle(1)}, want: []string{"ended/1/+15555550100/incoming/missed"}},
	})
	if missed[1].Duration != 0 {
		t.Errorf("missed call duration %v, want 0", missed[1].Duration)
	}
	runSnaps(t, []snap{
		{lines: []Line{ln(1, StateRinging, "100", "Reception")}, baseline: true, want: []string{"incoming/1/100/incoming"}},
		{lines: []Line{idle(1)}, reject: 1, want: []string{"ended/1/100/incoming/rejected"}},
	})
	// A reject noted for another line does not touch this one.
	runSnaps(t, []snap{
		{lines: []Line{ln(1, StateRinging, "100", "")}, baseline: true, want: []string{"incoming/1/100/incoming"}},
		{lines: []Line{idle(1)}, reject: 2, want: []string{"ended/1/100/incoming/missed"}},
	})
	// Noted, but answered after all: the call was answered.
	runSnaps(t, []snap{
		{lines: []Line{ln(1, StateRinging, "100", "")}, baseline: true, want: []string{"incoming/1/100/incoming"}},
		{lines: []Line{ln(1, StateConnected, "100", "")}, reject: 1, want: []string{"answered/1/100/incoming"}},
		{lines: []Line{idle(1)}, want: []string{"ended/1/100/incoming/answered"}},
	})
}

func TestTrackerOutgoing(t *testing.T) {
	runSnaps(t, []snap{
		{lines: []Line{idle(1)}, baseline: true},
		{lines: []Line{ln(1, StateDialing, "2", "")}, want: []string{"outgoing/1/2/outgoing"}},
		{lines: []Line{ln(1, StateDialing, "20", "")}}, // dial buffer growing: same call
		{lines: []Line{ln(1, StateDialing, "203", "")}},
		{lines: []Line{ln(1, StateCalling, "203", "")}}, // dialing -> calling: same call
		{lines: []Line{ln(1, StateConnected, "203", "")}, want: []string{"answered/1/203/outgoing"}},
		{lines: []Line{idle(1)}, want: []string{"ended/1/203/outgoing/answered"}},
	})
	runSnaps(t, []snap{
		{lines: []Line{ln(1, StateCalling, "555", "")}, baseline: true, want: []string{"outgoing/1/555/outgoing"}},
		{lines: []Line{ln(1, StateFailed, "555", "")}},
		{lines: []Line{idle(1)}, want: []string{"ended/1/555/outgoing/unanswered"}},
	})
	runSnaps(t, []snap{
		{lines: []Line{idle(1)}, baseline: true},
		{lines: []Line{ln(1, StateFailed, "000", "")}, want: []string{"outgoing/1/000/outgoing"}},
		{lines: []Line{idle(1)}, want: []string{"ended/1/000/outgoing/unanswered"}},
	})
}

func TestTrackerTwoLinesInOnePoll(t *testing.T) {
	runSnaps(t, []snap{
		{lines: []Line{idle(1), idle(2)}, baseline: true},
		// Listed out of order on purpose: events come in line order.
		{lines: []Line{ln(2, StateCalling, "300", ""), ln(1, StateRinging, "100", "")},
			want: []string{"incoming/1/100/incoming", "outgoing/2/300/outgoing"}},
		{lines: []Line{ln(1, StateConnected, "100", ""), ln(2, StateConnected, "300", "")},
			want: []string{"answered/1/100/incoming", "answered/2/300/outgoing"}},
		{lines: []Line{idle(1), idle(2)},
			want: []string{"ended/1/100/incoming/answered", "ended/2/300/outgoing/answered"}},
	})
}

func TestTrackerStartWhileBusy(t *testing.T) {
	// Ringing at start: the user can still act on it.
	runSnaps(t, []snap{
		{lines: []Line{ln(1, StateRinging, "203", "")}, baseline: true, want: []string{"incoming/1/203/incoming"}},
	})
	// Connected at start: no event now (no screen pop for an old call), but
	// the end is reported.
	evs := runSnaps(t, []snap{
		{lines: []Line{ln(1, StateConnected, "203", ""), ln(2, StateOnHold, "204", "")}, baseline: true},
		{lines: []Line{ln(1, StateOnHold, "203", ""), ln(2, StateOnHold, "204", "")}, want: []string{"held/1/203"}},
		{lines: []Line{idle(1), idle(2)}, want: []string{"ended/1/203/answered", "ended/2/204/answered"}},
	})
	if evs[1].Duration != 2*time.Second {
		t.Errorf("duration %v, want 2s counted from the first snapshot", evs[1].Duration)
	}
}

func TestTrackerNumberChangeIsNewCall(t *testing.T) {
	runSnaps(t, []snap{
		{lines: []Line{ln(1, StateRinging, "100", "A")}, baseline: true, want: []string{"incoming/1/100/incoming"}},
		{lines: []Line{ln(1, StateRinging, "200", "B")},
			want: []string{"ended/1/100/incoming/missed", "incoming/1/200/incoming"}},
		{lines: []Line{ln(1, StateConnected, "200", "B")}, want: []string{"answered/1/200/incoming"}},
		{lines: []Line{ln(1, StateConnected, "300", "C")},
			want: []string{"ended/1/200/incoming/answered", "answered/1/300"}},
		{lines: []Line{idle(1)}, want: []string{"ended/1/300/answered"}},
	})
	// A number filled in late, or a name resolved late, is the same call.
	evs := runSnaps(t, []snap{
		{lines: []Line{ln(1, StateRinging, "", "")}, baseline: true, want: []string{"incoming/1//incoming"}},
		{lines: []Line{ln(1, StateRinging, "100", "")}},
		{lines: []Line{ln(1, StateRinging, "100", "Reception")}},
		{lines: []Line{idle(1)}, want: []string{"ended/1/100/incoming/missed"}},
	})
	if evs[1].Name != "Reception" {
		t.Errorf("ended event name %q, want the late name", evs[1].Name)
	}
}

func TestTrackerShortcuts(t *testing.T) {
	// Answered between two polls: idle -> connected.
	runSnaps(t, []snap{
		{lines: []Line{idle(1)}, baseline: true},
		{lines: []Line{ln(1, StateConnected, "100", "")}, want: []string{"answered/1/100"}},
		{lines: []Line{idle(1)}, want: []string{"ended/1/100/answered"}},
	})
	// Answered and held between two polls.
	runSnaps(t, []snap{
		{lines: []Line{ln(1, StateRinging, "100", "")}, baseline: true, want: []string{"incoming/1/100/incoming"}},
		{lines: []Line{ln(1, StateOnHold, "100", "")}, want: []string{"answered/1/100/incoming", "held/1/100/incoming"}},
	})
	// An answered call said to ring again is still the answered call.
	runSnaps(t, []snap{
		{lines: []Line{ln(1, StateRinging, "100", "")}, baseline: true, want: []string{"incoming/1/100/incoming"}},
		{lines: []Line{ln(1, StateConnected, "100", "")}, want: []string{"answered/1/100/incoming"}},
		{lines: []Line{ln(1, StateRinging, "100", "")}},
		{lines: []Line{ln(1, StateConnected, "100", "")}},
		{lines: []Line{idle(1)}, want: []string{"ended/1/100/incoming/answered"}},
	})
}

func TestTrackerUnknownStates(t *testing.T) {
	var seen []LineState
	tr := lineTracker{onUnknown: func(s LineState) { seen = append(seen, s) }}
	now := time.Now()
	step := func(want string, lines ...Line) {
		t.Helper()
		now = now.Add(time.Second)
		if got := strings.Join(evStrings(tr.apply(lines, now, false)), " "); got != want {
			t.Fatalf("events %q, want %q", got, want)
		}
	}
	step("incoming/1/100/incoming", ln(1, StateRinging, "100", ""))
	step("answered/1/100/incoming", ln(1, StateConnected, "100", ""))
	step("", ln(1, "conference", "100", ""))                  // unknown: busy, no event
	step("", ln(1, StateConnected, "100", ""))                // back: no Resumed, no Answered
	step("", ln(1, "transfer", "100", ""))                    //
	step("ended/1/100/incoming/answered", idle(1))            // ends normally
	step("", ln(2, "paging", "", ""))                         // never announced...
	step("", idle(2))                                         // ...so no end either
	step("", ln(3, "ZZ\x00weird", "", ""), ln(4, "", "", "")) // garbage does not crash
	if len(seen) != 4 {
		t.Errorf("unknown states reported %q, want conference, transfer, paging, garbage", seen)
	}
}

func TestTrackerMissingAndDuplicateLines(t *testing.T) {
	runSnaps(t, []snap{
		{lines: []Line{ln(1, StateRinging, "100", ""), ln(2, StateRinging, "200", "")}, baseline: true,
			want: []string{"incoming/1/100/incoming", "incoming/2/200/incoming"}},
		{lines: []Line{ln(1, StateRinging, "100", "")}}, // line 2 missing: unchanged
		{lines: []Line{}}, // empty reply: nothing ends
		{lines: []Line{ln(1, StateRinging, "100", ""), idle(1), idle(2)}, want: []string{"ended/2/200/incoming/missed"}}, // first entry of line 1 wins
	})
}

func TestTrackerAfterGap(t *testing.T) {
	evs := runSnaps(t, []snap{
		{lines: []Line{ln(1, StateConnected, "100", ""), ln(2, StateRinging, "200", ""), ln(3, StateRinging, "300", "")},
			baseline: true, want: []string{"incoming/2/200/incoming", "incoming/3/300/incoming"}},
		{lines: []Line{ln(1, StateConnected, "100", ""), ln(2, StateRinging, "200", ""), ln(3, StateRinging, "300", "")}},
		// (offline for a while: nothing emitted) back with fresh state:
		{lines: []Line{idle(1), ln(2, StateConnected, "200", ""), idle(3), ln(4, StateConnected, "400", "")}, baseline: true,
			want: []string{"ended/1/100/answered", "answered/2/200/incoming", "ended/3/300/incoming/missed"}},
		{lines: []Line{idle(1), idle(2), idle(3), idle(4)},
			want: []string{"ended/2/200/incoming/answered", "ended/4/400/answered"}},
	})
	if d := evs[2].Duration; d != time.Second {
		t.Errorf("call that ended unseen: duration %v, want 1s (up to when it was last seen)", d)
	}
}

// ---- the polling loop ----

type fakeStep struct {
	lines []Line
	err   error
	hold  chan struct{} // if set, the request waits for it
}

// fakeSource answers LineStatus from a script and counts requests. A request
// past the script blocks until the monitor stops.
type fakeSource struct {
	mu          sync.Mutex
	steps       []fakeStep
	calls       int
	inFlight    int
	maxInFlight int
	started     chan int      // receives the request number, if set
	done        chan struct{} // closed at the first request past the script
	doneOnce    sync.Once
}

func newFake(steps ...fakeStep) *fakeSource {
	return &fakeSource{steps: steps, done: make(chan struct{}), started: make(chan int, 100)}
}

func (f *fakeSource) LineStatus(ctx context.Context) ([]Line, error) {
	f.mu.Lock()
	f.calls++
	n := f.calls
	f.inFlight++
	f.maxInFlight = max(f.maxInFlight, f.inFlight)
	past := n > len(f.steps)
	var s fakeStep
	if !past {
		s = f.steps[n-1]
	}
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
	}()
	select {
	case f.started <- n:
	default:
	}
	if past {
		f.doneOnce.Do(func() { close(f.done) })
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if s.hold != nil {
		select {
		case <-s.hold:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return s.lines, s.err
}

func (f *fakeSource) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func ok(lines ...Line) fakeStep { return fakeStep{lines: lines} }

// running is a monitor under test.
type running struct {
	t      *testing.T
	m      *Monitor
	cancel context.CancelFunc
	result chan error
	mu     sync.Mutex
	events []Event
	snaps  []MonitorState // Snapshot() taken inside emit
	waits  chan waitReason
	delays []time.Duration // back-off delays Run waited
}

func startMonitor(t *testing.T, src LineSource, cfg MonitorConfig) *running {
	t.Helper()
	cfg.AllowFastPolling = true
	if cfg.Interval == 0 {
		cfg.Interval = time.Millisecond
	}
	r := &running{t: t, m: NewMonitor(src, cfg), result: make(chan error, 1), waits: make(chan waitReason, 1000)}
	r.m.onWait = func(reason waitReason, d time.Duration) {
		r.mu.Lock()
		if reason == waitBackoff {
			r.delays = append(r.delays, d)
		}
		r.mu.Unlock()
		select {
		case r.waits <- reason:
		default:
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	go func() {
		r.result <- r.m.Run(ctx, func(e Event) {
			s := r.m.Snapshot()
			r.mu.Lock()
			r.events = append(r.events, e)
			r.snaps = append(r.snaps, s)
			r.mu.Unlock()
		})
	}()
	t.Cleanup(func() { r.stop() })
	return r
}

// stop cancels Run and waits for it; safe to call twice.
func (r *running) stop() {
	r.cancel()
	select {
	case err, open := <-r.result:
		if open && !errors.Is(err, context.Canceled) {
			r.t.Errorf("Run returned %v, want context.Canceled", err)
		}
		if open {
			close(r.result)
		}
	case <-time.After(10 * time.Second):
		r.t.Fatal("Run did not return after cancel")
	}
}

func (r *running) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return evStrings(r.events)
}

func waitReasonIs(t *testing.T, r *running, want waitReason) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case got := <-r.waits:
			if got == want {
				return
			}
		case <-deadline:
			t.Fatalf("timed out waiting for Run to wait for %s", want)
		}
	}
}

func assertEvents(t *testing.T, got []string, want ...string) {
	t.Helper()
	if g, w := strings.Join(got, " "), strings.Join(want, " "); g != w {
		t.Fatalf("events\n got  %q\n want %q", g, w)
	}
}

func TestMonitorPollsIntoEvents(t *testing.T) {
	src := newFake(
		ok(idle(1), idle(2)),
		ok(ln(1, StateRinging, "203", "Виталик"), idle(2)),
		ok(ln(1, StateRinging, "203", "Виталик"), idle(2)),
		ok(ln(1, StateConnected, "203", "Виталик"), ln(2, StateRinging, "100", "")),
		ok(idle(1), idle(2)),
	)
	r := startMonitor(t, src, MonitorConfig{})
	testkit.Receive(t, src.done, "the script to be played")
	r.stop()
	assertEvents(t, r.got(), "online/0/", "incoming/1/203/incoming", "answered/1/203/incoming",
		"incoming/2/100/incoming", "ended/1/203/incoming/answered", "ended/2/100/incoming/missed")
	if s := r.m.Snapshot(); s.Conn != ConnOnline || len(s.Lines) != 2 || s.Lines[0].State != StateIdle {
		t.Errorf("snapshot %+v", s)
	}
}

func TestMonitorOfflineBackoffAndBack(t *testing.T) {
	unreachable := fmt.Errorf("api-get_line_status: %w: Get \"http://10.0.0.9/cgi-bin/api-get_line_status?passcode=s3cret\": connection refused", ErrUnreachable)
	bad := fmt.Errorf("api-get_line_status: %w", ErrBadReply)
	src := newFake(
		ok(ln(1, StateRinging, "100", ""), ln(2, StateRinging, "200", "")),
		ok(ln(1, StateConnected, "100", ""), ln(2, StateRinging, "200", "")),
		fakeStep{err: unreachable},
		fakeStep{err: unreachable},
		fakeStep{err: bad},
		fakeStep{err: unreachable},
		fakeStep{err: unreachable},
		fakeStep{err: unreachable},
		// Back: line 1's call ended while we could not see it, line 2 is
		// still ringing (no second incoming event).
		ok(idle(1), ln(2, StateRinging, "200", "")),
	)
	r := startMonitor(t, src, MonitorConfig{BackoffMin: time.Millisecond, BackoffMax: 4 * time.Millisecond})
	testkit.Receive(t, src.done, "the script to be played")
	r.stop()
	assertEvents(t, r.got(), "online/0/", "incoming/1/100/incoming", "incoming/2/200/incoming",
		"answered/1/100/incoming", "offline/0/", "online/0/", "ended/1/100/incoming/answered")

	r.mu.Lock()
	defer r.mu.Unlock()
	// One back-off wait per failure, growing 1, 2, 4, 4, 4, 4 ms, each
	// jittered into [d/2, d].
	nominal := []time.Duration{1, 2, 4, 4, 4, 4}
	if len(r.delays) != len(nominal) {
		t.Fatalf("back-off waits %v, want %d of them", r.delays, len(nominal))
	}
	for i, d := range r.delays {
		n := nominal[i] * time.Millisecond
		if d < n/2 || d > n {
			t.Errorf("back-off wait %d = %v, want within [%v, %v]", i, d, n/2, n)
		}
	}
	off := r.events[4]
	if strings.Contains(off.Err, "s3cret") || !strings.Contains(off.Err, "passcode=***") {
		t.Errorf("offline event error not redacted: %q", off.Err)
	}
	if s := r.snaps[4]; s.Conn != ConnOffline || s.Lines != nil || s.LastErr == "" || strings.Contains(s.LastErr, "s3cret") {
		t.Errorf("snapshot while offline: %+v", s)
	}
	if s := r.snaps[5]; s.Conn != ConnOnline || s.LastErr != "" {
		t.Errorf("snapshot after coming back: %+v", s)
	}
}

func TestMonitorFirstPollFails(t *testing.T) {
	src := newFake(fakeStep{err: ErrUnreachable}, ok(ln(1, StateRinging, "100", "")))
	r := startMonitor(t, src, MonitorConfig{BackoffMin: time.Millisecond})
	testkit.Receive(t, src.done, "the script to be played")
	r.stop()
	assertEvents(t, r.got(), "offline/0/", "online/0/", "incoming/1/100/incoming")
}

func TestMonitorUnauthorizedStopsRequests(t *testing.T) {
	src := newFake(
		ok(idle(1)),
		fakeStep{err: fmt.Errorf("api-get_line_status: %w", ErrUnauthorized)},
		ok(ln(1, StateRinging, "100", "")),
	)
	r := startMonitor(t, src, MonitorConfig{PushInterval: -1})
	waitReasonIs(t, r, waitResume)
	if n := src.count(); n != 2 {
		t.Fatalf("%d requests before the stop, want 2", n)
	}
	// Nothing may wake it: not pokes, pushes, nor a new interval.
	for range 3 {
		r.m.Poke()
		r.m.NotePush()
	}
	r.m.SetInterval(2 * time.Millisecond)
	// Not synchronization: a window in which a wrong implementation would
	// send; the assertion below holds however long it is.
	time.Sleep(30 * time.Millisecond)
	if n := src.count(); n != 2 {
		t.Fatalf("the phone got %d requests after rejecting the passcode, want none before Resume", n-2)
	}
	if s := r.m.Snapshot(); s.Conn != ConnUnauthorized {
		t.Fatalf("state %v, want unauthorized", s.Conn)
	}
	r.m.Resume()
	testkit.Receive(t, src.done, "polling after Resume")
	r.stop()
	assertEvents(t, r.got(), "online/0/", "unauthorized/0/", "online/0/", "incoming/1/100/incoming")
}

func TestMonitorResumeDuringRejectedPoll(t *testing.T) {
	// The credentials change while a request with the old ones is out: its
	// rejection must not stop the monitor.
	hold := make(chan struct{})
	src := newFake(
		ok(idle(1)),
		fakeStep{err: ErrUnauthorized, hold: hold},
		ok(ln(1, StateRinging, "100", "")),
	)
	r := startMonitor(t, src, MonitorConfig{})
	for n := range src.started {
		if n == 2 {
			break
		}
	}
	r.m.Resume()
	close(hold)
	testkit.Receive(t, src.done, "the script to be played")
	r.stop()
	assertEvents(t, r.got(), "online/0/", "incoming/1/100/incoming")
}

func TestMonitorStaleResumeDoesNotRetry(t *testing.T) {
	// A Resume long before a rejection must not cause a retry after it.
	src := newFake(ok(idle(1)), fakeStep{err: ErrUnauthorized})
	r := startMonitor(t, src, MonitorConfig{Interval: 10 * time.Second})
	r.m.Resume()
	waitReasonIs(t, r, waitInterval)
	r.m.Poke()
	waitReasonIs(t, r, waitResume)
	time.Sleep(20 * time.Millisecond) // window for a wrong implementation (see above)
	if n := src.count(); n != 2 {
		t.Fatalf("%d requests, want 2: none after the rejection", n)
	}
}

func TestMonitorSlowPhoneNeverStacksRequests(t *testing.T) {
	hold := make(chan struct{})
	src := newFake(fakeStep{lines: []Line{idle(1)}, hold: hold}, ok(idle(1)), ok(idle(1)))
	r := startMonitor(t, src, MonitorConfig{Interval: 10 * time.Second})
	<-src.started // the first request is out and hangs
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() { defer wg.Done(); r.m.Poke(); r.m.NotePush() }()
	}
	wg.Wait()
	close(hold)
	waitReasonIs(t, r, waitInterval) // after request 1
	waitReasonIs(t, r, waitInterval) // after the one follow-up
	if n := src.count(); n != 2 {
		t.Fatalf("%d requests after 20 pokes during one slow request, want 2 (one follow-up)", n)
	}
	r.m.Poke() // pokes still work afterwards
	waitReasonIs(t, r, waitInterval)
	if n := src.count(); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}
	r.stop()
	src.mu.Lock()
	defer src.mu.Unlock()
	if src.maxInFlight != 1 {
		t.Errorf("%d requests in flight at once, want 1", src.maxInFlight)
	}
}

func TestMonitorNoteRejected(t *testing.T) {
	src := newFake(ok(idle(1)), ok(ln(1, StateRinging, "100", "")))
	r := startMonitor(t, src, MonitorConfig{Interval: 10 * time.Second})
	waitReasonIs(t, r, waitInterval)
	r.m.Poke()
	waitReasonIs(t, r, waitInterval) // the ringing snapshot was seen
	r.m.NoteRejected(1)
	src.mu.Lock()
	src.steps = append(src.steps, ok(idle(1)))
	src.mu.Unlock()
	r.m.Poke()
	waitReasonIs(t, r, waitInterval)
	r.stop()
	assertEvents(t, r.got(), "online/0/", "incoming/1/100/incoming", "ended/1/100/incoming/rejected")
}

func TestMonitorUnknownStateLoggedOnce(t *testing.T) {
	var buf testkit.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	src := newFake(
		ok(ln(1, "transfer", "100", "")), ok(ln(1, "transfer", "100", "")),
		ok(ln(1, "paging", "100", "")), ok(ln(1, "transfer", "100", "")), ok(idle(1)),
	)
	r := startMonitor(t, src, MonitorConfig{Logger: log})
	testkit.Receive(t, src.done, "the script to be played")
	r.stop()
	out := buf.String()
	if n := strings.Count(out, "unknown line state"); n != 2 {
		t.Errorf("logged %d times, want once per state name (2):\n%s", n, out)
	}
	assertEvents(t, r.got(), "online/0/")
}

func TestMonitorRunTwice(t *testing.T) {
	src := newFake()
	r := startMonitor(t, src, MonitorConfig{})
	<-src.started
	if err := r.m.Run(context.Background(), nil); err == nil {
		t.Fatal("second Run at the same time: want an error")
	}
}

func TestMonitorIntervalClampAndPush(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	m := NewMonitor(newFake(), MonitorConfig{Interval: time.Millisecond, Now: clock})
	if m.interval != MinPollInterval {
		t.Errorf("1ms interval -> %v, want clamped to %v", m.interval, MinPollInterval)
	}
	m.SetInterval(time.Hour)
	if m.interval != MaxPollInterval {
		t.Errorf("1h interval -> %v, want clamped to %v", m.interval, MaxPollInterval)
	}
	m.SetInterval(0)
	if m.currentInterval() != time.Second {
		t.Errorf("default interval %v", m.currentInterval())
	}
	m.NotePush()
	if got := m.currentInterval(); got != DefaultPushInterval {
		t.Errorf("interval while pushes arrive: %v, want %v", got, DefaultPushInterval)
	}
	now = now.Add(DefaultPushFresh + time.Second)
	if got := m.currentInterval(); got != time.Second {
		t.Errorf("interval after pushes stopped: %v, want 1s", got)
	}
	m2 := NewMonitor(newFake(), MonitorConfig{PushInterval: -1, Now: clock})
	m2.NotePush()
	if got := m2.currentInterval(); got != time.Second {
		t.Errorf("PushInterval -1: %v, want the poll interval", got)
	}
	m3 := NewMonitor(newFake(), MonitorConfig{BackoffMin: time.Nanosecond, BackoffMax: time.Hour})
	if m3.backoff.min != MinPollInterval || m3.backoff.max != maxBackoff {
		t.Errorf("back-off clamped to %v..%v", m3.backoff.min, m3.backoff.max)
	}
	if s := m.Snapshot(); s.Conn != ConnUnknown || s.Lines != nil {
		t.Errorf("initial snapshot %+v", s)
	}
}

func TestBackoff(t *testing.T) {
	b := pollBackoff{min: time.Second, max: 30 * time.Second, rand: func() float64 { return 0.999999 }}
	var got []time.Duration
	for range 7 {
		got = append(got, b.next().Round(time.Second))
	}
	want := []time.Duration{1, 2, 4, 8, 16, 30, 30}
	for i := range want {
		if got[i] != want[i]*time.Second {
			t.Fatalf("delays %v, want %v seconds (upper jitter)", got, want)
		}
	}
	b.reset()
	b.rand = func() float64 { return 0 }
	if d := b.next(); d != 500*time.Millisecond {
		t.Errorf("after reset with lowest jitter: %v, want 500ms", d)
	}
}

func TestScrubPollErr(t *testing.T) {
	in := `Get "http://p/cgi-bin/api-make_call?phonenumber=1&password=hunter2&passcode=abc": refused`
	out := scrubPollErr(in)
	if strings.Contains(out, "hunter2") || strings.Contains(out, "abc\"") {
		t.Errorf("not redacted: %s", out)
	}
}

func TestMonitorSetSource(t *testing.T) {
	old := newFake(ok(ln(1, StateConnected, "100", "")), fakeStep{err: ErrUnauthorized})
	r := startMonitor(t, old, MonitorConfig{})
	waitReasonIs(t, r, waitResume)
	// New credentials, new client: polling resumes on it, and the call the
	// old view had is not there any more.
	src := newFake(ok(idle(1), ln(2, StateRinging, "200", "")))
	r.m.SetSource(src)
	testkit.Receive(t, src.done, "the new source's script")
	r.stop()
	if n := old.count(); n != 2 {
		t.Errorf("old source got %d requests, want 2", n)
	}
	assertEvents(t, r.got(), "online/0/", "unauthorized/0/", "online/0/", "ended/1/100/answered", "incoming/2/200/incoming")
}

// Polled is called once per poll with the poll's lines already in the
// snapshot, so a display refreshed from it shows only what the monitor (and
// so NoteAnswered) knows.
func TestMonitorPolledSeesTheNewLines(t *testing.T) {
	src := newFake(
		ok(idle(1)),
		ok(ln(1, StateRinging, "203", "")),
		ok(ln(1, StateConnected, "203", "")),
	)
	var (
		mu   sync.Mutex
		seen []LineState
		m    *Monitor
	)
	ready := make(chan struct{})
	r := startMonitor(t, src, MonitorConfig{Polled: func() {
		<-ready
		s := m.Snapshot()
		mu.Lock()
		if len(s.Lines) == 1 {
			seen = append(seen, s.Lines[0].State)
		}
		mu.Unlock()
	}})
	m = r.m
	close(ready)
	testkit.Receive(t, src.done, "the script to be played")
	r.stop()
	mu.Lock()
	defer mu.Unlock()
	if got := fmt.Sprint(seen); got != "[idle ringing connected]" {
		t.Errorf("Polled saw %s, want each poll's own lines", got)
	}
}
