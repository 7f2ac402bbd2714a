package cti

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/testkit"
)

// A call answered from the app is answered even when no poll saw it connected.

// trackerRun feeds a tracker snapshot by snapshot, one second apart.
type trackerRun struct {
	t  *testing.T
	tr lineTracker
	t0 time.Time
	i  int
}

func newTrackerRun(t *testing.T) *trackerRun {
	return &trackerRun{t: t, t0: time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC)}
}

// at is the time of snapshot i.
func (r *trackerRun) at(i int) time.Time { return r.t0.Add(time.Duration(i) * time.Second) }

func (r *trackerRun) step(baseline bool, lines []Line, want ...string) []Event {
	r.t.Helper()
	got := r.tr.apply(lines, r.at(r.i), baseline)
	r.i++
	assertEvents(r.t, evStrings(got), want...)
	return got
}

// noteAnswered notes the answer half a second after the last snapshot.
func (r *trackerRun) noteAnswered(line int) (bool, time.Time) {
	when := r.at(r.i - 1).Add(500 * time.Millisecond)
	return r.tr.noteAnswered(line, when), when
}

func TestTrackerAnsweredFromAppNeverSeenConnected(t *testing.T) {
	r := newTrackerRun(t)
	r.step(true, []Line{idle(1)})
	r.step(false, []Line{ln(1, StateRinging, "203", "Виталик")}, "incoming/1/203/incoming")
	ok, noted := r.noteAnswered(1)
	if !ok {
		t.Fatal("noteAnswered refused a ringing call")
	}
	r.step(false, []Line{ln(1, StateRinging, "203", "Виталик")}) // the phone is slow to show it
	evs := r.step(false, []Line{idle(1)}, "answered/1/203/incoming", "ended/1/203/incoming/answered")
	if !evs[0].Time.Equal(noted) {
		t.Errorf("answered event at %v, want the time of the note %v", evs[0].Time, noted)
	}
	end := evs[1]
	if want := r.at(3).Sub(noted); end.Duration != want {
		t.Errorf("duration %v, want %v (from the note to the end)", end.Duration, want)
	}
	if end.Name != "Виталик" || end.Account != 1 {
		t.Errorf("ended event lost the caller: %+v", end)
	}

	// The next call on the same line knows nothing of that answer.
	r.step(false, []Line{ln(1, StateRinging, "100", "")}, "incoming/1/100/incoming")
	r.step(false, []Line{idle(1)}, "ended/1/100/incoming/missed")
}

func TestTrackerAnsweredFromAppThenSeenConnected(t *testing.T) {
	r := newTrackerRun(t)
	r.step(true, []Line{ln(1, StateRinging, "203", "")}, "incoming/1/203/incoming")
	if ok, _ := r.noteAnswered(1); !ok {
		t.Fatal("noteAnswered refused a ringing call")
	}
	r.step(false, []Line{ln(1, StateConnected, "203", "")}, "answered/1/203/incoming")
	r.step(false, []Line{ln(1, StateConnected, "203", "")})
	// One EventAnswered only, and the duration counts from the connected state.
	evs := r.step(false, []Line{idle(1)}, "ended/1/203/incoming/answered")
	if evs[0].Duration != 2*time.Second {
		t.Errorf("duration %v, want 2s (connected at snapshot 1, gone at 3)", evs[0].Duration)
	}
}

func TestTrackerAnsweredFromAppOnlyForTheCallRingingThen(t *testing.T) {
	r := newTrackerRun(t)
	r.step(true, []Line{ln(1, StateRinging, "203", "")}, "incoming/1/203/incoming")
	r.noteAnswered(1)
	// Between two polls the answered call ended and another one rings on
	// the same line: the first was answered, the second is untouched.
	r.step(false, []Line{ln(1, StateRinging, "100", "")},
		"answered/1/203/incoming", "ended/1/203/incoming/answered", "incoming/1/100/incoming")
	r.step(false, []Line{idle(1)}, "ended/1/100/incoming/missed")
}

func TestTrackerAnsweredNoteIgnored(t *testing.T) {
	r := newTrackerRun(t)
	r.step(true, []Line{idle(1), idle(2)})
	if ok, _ := r.noteAnswered(1); ok {
		t.Error("noteAnswered accepted an idle line")
	}
	// A note made before the call rang is not remembered for it.
	r.step(false, []Line{ln(1, StateRinging, "100", ""), ln(2, StateCalling, "300", "")},
		"incoming/1/100/incoming", "outgoing/2/300/outgoing")
	// Outgoing calls are not answered by the app.
	if ok, _ := r.noteAnswered(2); ok {
		t.Error("noteAnswered accepted an outgoing call")
	}
	r.step(false, []Line{idle(1), idle(2)}, "ended/1/100/incoming/missed", "ended/2/300/outgoing/unanswered")
}

func TestTrackerAnsweredWinsOverRejected(t *testing.T) {
	// A reject that failed on the phone, then an answer that worked.
	r := newTrackerRun(t)
	r.step(true, []Line{ln(1, StateRinging, "100", "")}, "incoming/1/100/incoming")
	r.tr.noteRejected(1)
	r.noteAnswered(1)
	r.step(false, []Line{idle(1)}, "answered/1/100/incoming", "ended/1/100/incoming/answered")
}

func TestTrackerAnsweredFromAppEndedDuringGap(t *testing.T) {
	r := newTrackerRun(t)
	r.step(true, []Line{ln(1, StateRinging, "203", "")}, "incoming/1/203/incoming")
	r.noteAnswered(1)
	// The phone was unreachable meanwhile: the call's end is unknown, so
	// its duration is not guessed.
	evs := r.step(true, []Line{idle(1)}, "answered/1/203/incoming", "ended/1/203/incoming/answered")
	if evs[1].Duration != 0 {
		t.Errorf("duration %v, want 0", evs[1].Duration)
	}
}

func TestMonitorNoteAnswered(t *testing.T) {
	clk := testkit.NewClock(time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC))
	src := newFake(ok(idle(1)), ok(ln(1, StateRinging, "100", "")))
	r := startMonitor(t, src, MonitorConfig{Interval: 10 * time.Second, Now: clk.Now})
	waitReasonIs(t, r, waitInterval)
	r.m.Poke()
	waitReasonIs(t, r, waitInterval) // the ringing snapshot was seen
	clk.Add(time.Second)
	r.m.NoteAnswered(1)
	// The caller hangs up before the next poll: the line is idle again.
	src.mu.Lock()
	src.steps = append(src.steps, ok(idle(1)), ok(idle(1)), ok(ln(1, StateRinging, "203", "")), ok(idle(1)))
	src.mu.Unlock()
	clk.Add(3 * time.Second)
	for range 4 {
		r.m.Poke()
		waitReasonIs(t, r, waitInterval)
	}
	r.stop()
	assertEvents(t, r.got(), "online/0/", "incoming/1/100/incoming",
		"answered/1/100/incoming", "ended/1/100/incoming/answered",
		"incoming/1/203/incoming", "ended/1/203/incoming/missed")
	r.mu.Lock()
	defer r.mu.Unlock()
	if d := r.events[3].Duration; d != 3*time.Second {
		t.Errorf("answered call lasted %v, want 3s (from NoteAnswered to the poll that saw it gone)", d)
	}
}

// An outgoing call that the far end answered and hung up between two polls:
// the phone's "established" push makes it answered, not unanswered.
func TestTrackerEstablishedPushOutgoing(t *testing.T) {
	r := newTrackerRun(t)
	r.step(true, []Line{idle(1), idle(2)})
	r.step(false, []Line{ln(1, StateCalling, "95550100", ""), ln(2, StateRinging, "203", "")},
		"outgoing/1/95550100/outgoing", "incoming/2/203/incoming")
	when := r.at(1).Add(300 * time.Millisecond)
	// The push gives the number as the phone dialed it, maybe formatted.
	if line := r.tr.noteEstablished("9 555-0100", when); line != 1 {
		t.Fatalf("noteEstablished matched line %d, want 1", line)
	}
	evs := r.step(false, []Line{idle(1), ln(2, StateRinging, "203", "")},
		"answered/1/95550100/outgoing", "ended/1/95550100/outgoing/answered")
	if !evs[0].Time.Equal(when) || evs[1].Duration != r.at(2).Sub(when) {
		t.Errorf("answered at %v, duration %v", evs[0].Time, evs[1].Duration)
	}
	// Without a number, the only call in setup is the one.
	if line := r.tr.noteEstablished("", when); line != 2 {
		t.Errorf("noteEstablished without a number matched line %d, want the ringing line 2", line)
	}
	r.step(false, []Line{idle(1), idle(2)}, "answered/2/203/incoming", "ended/2/203/incoming/answered")
	// Nothing in setup: nothing noted, and the next call is not touched.
	if line := r.tr.noteEstablished("203", when); line != 0 {
		t.Errorf("noteEstablished with no call matched line %d", line)
	}
	r.step(false, []Line{ln(1, StateCalling, "203", ""), idle(2)}, "outgoing/1/203/outgoing")
	r.step(false, []Line{idle(1), idle(2)}, "ended/1/203/outgoing/unanswered")
}

// Two calls in setup and a push whose number matches neither: no guess.
func TestTrackerEstablishedPushAmbiguous(t *testing.T) {
	r := newTrackerRun(t)
	r.step(true, []Line{ln(1, StateCalling, "100", ""), ln(2, StateRinging, "203", "")},
		"outgoing/1/100/outgoing", "incoming/2/203/incoming")
	if line := r.tr.noteEstablished("555", r.at(0)); line != 0 {
		t.Errorf("matched line %d", line)
	}
	r.step(false, []Line{idle(1), idle(2)}, "ended/1/100/outgoing/unanswered", "ended/2/203/incoming/missed")
}

// The ended event says when the call began, so the history needs no
// tracking of its own: the ring, or the snapshot that found it in progress.
func TestEndedEventCarriesStart(t *testing.T) {
	r := newTrackerRun(t)
	r.step(true, []Line{idle(1), ln(2, StateConnected, "300", "")})
	r.step(false, []Line{ln(1, StateRinging, "203", ""), ln(2, StateConnected, "300", "")}, "incoming/1/203/incoming")
	r.step(false, []Line{ln(1, StateConnected, "203", ""), ln(2, StateConnected, "300", "")}, "answered/1/203/incoming")
	evs := r.step(false, []Line{idle(1), idle(2)}, "ended/1/203/incoming/answered", "ended/2/300/answered")
	if !evs[0].Start.Equal(r.at(1)) || !evs[1].Start.Equal(r.at(0)) {
		t.Errorf("starts %v, %v; want the ring %v and the first snapshot %v", evs[0].Start, evs[1].Start, r.at(1), r.at(0))
	}
	if c := CallFromEvent(evs[0]); !c.Start.Equal(r.at(1)) || c.Duration != time.Second {
		t.Errorf("history entry %+v", c)
	}
	b, err := json.Marshal(evs[0])
	if err != nil {
		t.Fatal(err)
	}
	var back Event
	if err := json.Unmarshal(b, &back); err != nil || !back.Start.Equal(evs[0].Start) {
		t.Errorf("JSON %s read back as start %v, %v", b, back.Start, err)
	}
}
