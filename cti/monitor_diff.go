package cti

import (
	"sort"
	"strings"
	"time"
)

// callPhase is where a call is in its life, whatever name the phone gives
// the state. Unknown states (transfer, conference, paging...) keep the phase
// the call had, so a connected -> "conference" -> connected round trip emits
// nothing.
type callPhase int

const (
	phaseSetup   callPhase = iota // ringing, dialing, calling, failed: not answered yet
	phaseTalking                  // connected
	phaseHeld                     // onhold
)

// phaseOf maps a state to its phase; ok is false for states that say nothing
// about the phase (unknown ones).
func phaseOf(s LineState) (p callPhase, ok bool) {
	switch s {
	case StateRinging, StateDialing, StateCalling, StateFailed:
		return phaseSetup, true
	case StateConnected:
		return phaseTalking, true
	case StateOnHold:
		return phaseHeld, true
	}
	return 0, false
}

// trackedCall is what the monitor remembers about the call on one line.
type trackedCall struct {
	line        int
	dir         Direction // "" until a ringing/dialing/calling state said which
	number      string
	name        string
	account     AccountID
	state       LineState
	phase       callPhase
	began       time.Time // when an event first announced it, or it was found in progress
	connectedAt time.Time // zero while never answered
	lastSeen    time.Time // last snapshot that showed the call
	rejected    bool      // the app rejected it while it rang
	// appAnswered is when the app's own answer of this ringing call
	// succeeded (NoteAnswered), or when the phone pushed "established"
	// for it (NoteEstablished, either direction); zero if neither. It makes
	// the call answered even when no poll caught it connected.
	appAnswered time.Time
	// visible: an event announced the call, or it was found in progress.
	// A call only ever seen in unknown states ends without an event: nobody
	// was told it began.
	visible bool
}

// lineTracker turns successive line snapshots into call events. It is not
// safe for concurrent use; the Monitor guards it.
type lineTracker struct {
	calls     map[int]*trackedCall
	onUnknown func(LineState) // called for every busy state that LineState.Known rejects
}

// apply compares a snapshot with the calls seen so far and returns the events,
// ordered by line number.
//
// baseline is true for the first snapshot after the monitor started or after
// the phone was offline or unauthorized. Calls found ringing or dialing/calling
// then still produce EventIncoming/EventOutgoing (the user can still act on
// them), but a call found already connected or on hold produces no event: it
// began before we could see it, and emitting EventAnswered for it would fire
// "on answer" actions (screen pops) for an old call. It is tracked all the
// same, so its end is reported (Outcome Answered, Duration counted from that
// snapshot, a lower bound). Calls that disappeared during a gap end with the
// duration they had when last seen: how long they went on unseen is unknown.
//
// Lines missing from the snapshot keep their state: real phones always list
// every line, and a short reply from a confused phone must not end calls
// that are still up.
func (t *lineTracker) apply(lines []Line, now time.Time, baseline bool) []Event {
	if t.calls == nil {
		t.calls = make(map[int]*trackedCall)
	}
	sorted := make([]Line, len(lines))
	copy(sorted, lines)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Line < sorted[j].Line })

	var events []Event
	for i, l := range sorted {
		if i > 0 && sorted[i-1].Line == l.Line {
			continue // a line listed twice: the first entry wins
		}
		c := t.calls[l.Line]
		if !l.State.Busy() {
			if c != nil {
				events = c.end(events, now, baseline)
				delete(t.calls, l.Line)
			}
			continue
		}
		if !l.State.Known() && t.onUnknown != nil {
			t.onUnknown(l.State)
		}
		number := strings.TrimSpace(l.RemoteNumber)
		// A new remote number on a busy line is a new call, except while
		// dialing, where the number is the dial buffer growing digit by digit.
		if c != nil && c.number != "" && number != "" && number != c.number && c.state != StateDialing {
			events = c.end(events, now, baseline)
			delete(t.calls, l.Line)
			c = nil
		}
		fresh := c == nil
		if fresh {
			c = &trackedCall{line: l.Line, phase: phaseSetup}
			t.calls[l.Line] = c
		}
		if number != "" {
			c.number = number
		}
		if l.RemoteName != "" {
			c.name = l.RemoteName
		}
		if l.Account != NoAccount || fresh {
			c.account = l.Account
		}
		events = c.advance(events, l.State, now, baseline && fresh)
		c.lastSeen = now
	}
	return events
}

// advance moves the call to state st and appends the events that move means.
// quiet suppresses EventAnswered for a call first seen already answered.
func (c *trackedCall) advance(events []Event, st LineState, now time.Time, quiet bool) []Event {
	if c.dir == "" && c.phase == phaseSetup {
		switch st {
		case StateRinging:
			c.dir = Incoming
			c.becomeVisible(now)
			events = append(events, c.event(EventIncoming, now))
		case StateDialing, StateCalling, StateFailed:
			c.dir = Outgoing
			c.becomeVisible(now)
			events = append(events, c.event(EventOutgoing, now))
		}
	}
	c.state = st
	next, ok := phaseOf(st)
	if !ok || next == c.phase {
		return events
	}
	switch {
	case c.phase == phaseSetup: // answered: connected, or answered and held between two polls
		c.connectedAt = now
		c.becomeVisible(now)
		if !quiet {
			events = append(events, c.event(EventAnswered, now))
			if next == phaseHeld {
				events = append(events, c.event(EventHeld, now))
			}
		}
	case c.phase == phaseTalking && next == phaseHeld:
		events = append(events, c.event(EventHeld, now))
	case c.phase == phaseHeld && next == phaseTalking:
		events = append(events, c.event(EventResumed, now))
	default:
		// An answered call does not go back to ringing or dialing; if a phone
		// says so, the call is still the answered one.
		return events
	}
	c.phase = next
	return events
}

// end appends the EventEnded for the call, seen gone at now. After a gap the
// call's end is unknown: its duration is counted up to when it was last seen.
func (c *trackedCall) end(events []Event, now time.Time, gap bool) []Event {
	if !c.visible {
		return events
	}
	end := now
	if gap {
		end = c.lastSeen
	}
	e := c.event(EventEnded, now)
	e.Start = c.began
	switch {
	case !c.connectedAt.IsZero():
		if d := end.Sub(c.connectedAt); d > 0 {
			e.Duration = d
		}
		e.Outcome = Answered
	case !c.appAnswered.IsZero():
		// Answered from the app and gone before a poll saw it connected:
		// announce the answer now, late but once, so whoever waits for it
		// (history, "on answer" actions) sees the call's whole life.
		events = append(events, c.event(EventAnswered, c.appAnswered))
		if d := end.Sub(c.appAnswered); d > 0 {
			e.Duration = d
		}
		e.Outcome = Answered
	case c.dir == Incoming && c.rejected:
		e.Outcome = Rejected
	case c.dir == Incoming:
		e.Outcome = Missed
	default:
		e.Outcome = NoAnswer
	}
	return append(events, e)
}

// becomeVisible marks the call announced (or found in progress) at now.
func (c *trackedCall) becomeVisible(now time.Time) {
	if !c.visible {
		c.visible, c.began = true, now
	}
}

func (c *trackedCall) event(k EventKind, now time.Time) Event {
	return Event{Kind: k, Time: now, Line: c.line, Account: c.account, Number: c.number, Name: c.name, Direction: c.dir}
}

// noteRejected marks the call ringing on line as rejected by the app. It
// reports whether there was such a call.
func (t *lineTracker) noteRejected(line int) bool {
	c := t.calls[line]
	if c == nil || c.dir != Incoming || c.phase != phaseSetup {
		return false
	}
	c.rejected = true
	return true
}

// noteAnswered marks the call ringing on line as answered by the app at
// now. It reports whether there was such a call.
func (t *lineTracker) noteAnswered(line int, now time.Time) bool {
	c := t.calls[line]
	if c == nil || c.dir != Incoming || c.phase != phaseSetup {
		return false
	}
	if c.appAnswered.IsZero() {
		c.appAnswered = now
	}
	return true
}

// noteEstablished marks the call in setup whose number matches remote (the
// only call in setup when none matches) as answered at now, and returns its
// line (0: no such call).
func (t *lineTracker) noteEstablished(remote string, now time.Time) int {
	want := DialDigits(remote)
	var only, match *trackedCall
	n := 0
	for _, c := range t.calls {
		if c.phase != phaseSetup || c.dir == "" {
			continue
		}
		n++
		only = c
		if want != "" && DialDigits(c.number) == want {
			if match == nil || c.line < match.line {
				match = c
			}
		}
	}
	c := match
	if c == nil && n == 1 {
		c = only
	}
	if c == nil {
		return 0
	}
	if c.appAnswered.IsZero() {
		c.appAnswered = now
	}
	return c.line
}
