package phonesim

import (
	"slices"
	"strings"
	"time"

	"github.com/gxptray/gxptray/cti"
)

// line is the state machine of one line:
//
//	idle -> dialing (off hook) -> calling (SEND) -> connected (far end answers)
//	idle -> calling (api-make_call)
//	idle -> ringing (incoming) -> connected (accept) | idle (reject, caller gives up)
//	connected <-> onhold
//	dialing|calling -> failed (empty number, number ending in 000) -> idle
//	any busy state -> idle (hang up, far end hangs up)
//
// At most one line is connected: connecting a line puts the others on hold.
type line struct {
	n       int
	state   cti.LineState
	acct    int // index in Options.Accounts, for the current call
	defAcct int // the line's own account
	name    string
	number  string
	buf     string // digits dialed so far while dialing
	dir     cti.Direction
	call    uint64 // changes with every call the line carries
	since   time.Time
	answer  time.Time // when the call was connected
	timer   *time.Timer
}

func (l *line) stopTimer() {
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
}

// failSuffix: dialing a number that ends with it fails, so tests can produce
// a failed call on purpose.
const failSuffix = "000"

type endReason int

const (
	endLocal    endReason = iota // hung up on the phone (keys, endcall, cancel)
	endRejected                  // incoming call rejected
	endMissed                    // the caller gave up before anyone answered
	endRemote                    // the far end hung up
)

func (p *Phone) setLocked(l *line, st cti.LineState) {
	l.stopTimer()
	l.state = st
	l.since = p.opt.Now()
	// Off hook is reported as soon as it happens, before the call event;
	// on hook only once an operation is complete (settleLocked), so that
	// moving a call between lines does not look like hanging up.
	if !p.offHook && usesHandset(st) {
		p.offHook = true
		p.emitLocked("offhook", l)
	}
}

// usesHandset: states in which the phone is off hook (a held call is not).
func usesHandset(st cti.LineState) bool {
	switch st {
	case cti.StateDialing, cti.StateCalling, cti.StateConnected, cti.StateFailed:
		return true
	}
	return false
}

// armLocked runs f after d unless the line has moved on (other state or
// other call) by then.
func (p *Phone) armLocked(l *line, d time.Duration, f func()) {
	call, st := l.call, l.state
	l.timer = time.AfterFunc(d, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.closed || p.rebooting || l.call != call || l.state != st {
			return
		}
		f()
		p.settleLocked()
	})
}

func (p *Phone) newCallLocked(l *line, dir cti.Direction) {
	p.callSeq++
	l.call = p.callSeq
	l.dir = dir
	l.name, l.number, l.buf = "", "", ""
	l.answer = time.Time{}
}

// holdOthersLocked puts every connected line but keep on hold: the phone has
// one audio path.
func (p *Phone) holdOthersLocked(keep *line) {
	for _, o := range p.lines {
		if o != keep && o.state == cti.StateConnected {
			p.holdLocked(o)
		}
	}
}

func (p *Phone) ringLocked(l *line, number, name string) {
	p.newCallLocked(l, cti.Incoming)
	l.acct = l.defAcct
	l.number, l.name = number, name
	p.setLocked(l, cti.StateRinging)
	p.emitLocked("incoming", l)
}

func (p *Phone) offHookLocked(l *line) {
	p.holdOthersLocked(l)
	p.newCallLocked(l, cti.Outgoing)
	p.setLocked(l, cti.StateDialing)
	p.selected = l.n
}

// dialLocked places an outgoing call on l (idle or dialing).
func (p *Phone) dialLocked(l *line, number string) {
	if l.state == cti.StateIdle {
		p.holdOthersLocked(l)
		p.newCallLocked(l, cti.Outgoing)
	}
	p.selected = l.n
	l.buf = ""
	l.number = number
	if number == "" {
		p.failLocked(l)
		return
	}
	p.dialed = appendCapped(p.dialed, number)
	p.setLocked(l, cti.StateCalling)
	p.emitLocked("outgoing", l)
	if strings.HasSuffix(number, failSuffix) {
		p.failLocked(l)
		return
	}
	if d := p.opt.AutoAnswerAfter; d > 0 {
		p.armLocked(l, d, func() { p.connectLocked(l) })
	}
}

func (p *Phone) failLocked(l *line) {
	p.setLocked(l, cti.StateFailed)
	p.armLocked(l, p.opt.FailedTimeout, func() { p.endLocked(l, endLocal) })
}

// connectLocked answers a ringing line, completes a calling one or resumes a
// held one.
func (p *Phone) connectLocked(l *line) {
	p.holdOthersLocked(l)
	prev := l.state
	p.setLocked(l, cti.StateConnected)
	p.selected = l.n
	if prev == cti.StateOnHold {
		p.emitLocked("unhold", l)
		return
	}
	l.answer = l.since
	p.emitLocked("established", l)
}

func (p *Phone) holdLocked(l *line) {
	p.setLocked(l, cti.StateOnHold)
	p.emitLocked("hold", l)
}

func (p *Phone) endLocked(l *line, why endReason) {
	prev := l.state
	switch {
	case prev == cti.StateRinging && why == endMissed:
		p.emitLocked("missed", l)
	case prev == cti.StateRinging, prev == cti.StateConnected, prev == cti.StateOnHold, prev == cti.StateCalling:
		p.emitLocked("terminated", l)
	}
	p.setLocked(l, cti.StateIdle)
	l.name, l.number, l.buf = "", "", ""
	l.acct = l.defAcct
	l.answer = time.Time{}
}

// current is the line phone operations act on: the focused line if it is in
// use. settleLocked keeps the focus on a busy line whenever there is one, so
// nil means every line is idle.
func (p *Phone) currentLocked() *line {
	l := p.lines[p.selected-1]
	if l.state.Busy() {
		return l
	}
	return nil
}

// ringingLocked is the ringing line acceptcall/rejectcall act on: the
// focused one if it rings, else the first ringing line.
func (p *Phone) ringingLocked() *line {
	if c := p.currentLocked(); c != nil && c.state == cti.StateRinging {
		return c
	}
	return p.firstLocked(cti.StateRinging)
}

func (p *Phone) firstLocked(st cti.LineState) *line {
	for _, l := range p.lines {
		if l.state == st {
			return l
		}
	}
	return nil
}

// settleLocked restores the invariants after an operation (focus on a busy
// line), reports onhook and wakes subscribers.
func (p *Phone) settleLocked() {
	if !p.lines[p.selected-1].state.Busy() {
		// The focused line went idle: show the most relevant other line.
		for _, st := range []cti.LineState{cti.StateConnected, cti.StateOnHold, cti.StateRinging,
			cti.StateCalling, cti.StateDialing, cti.StateFailed} {
			if l := p.firstLocked(st); l != nil {
				p.selected = l.n
				break
			}
		}
	}
	if p.offHook && !slices.ContainsFunc(p.lines, func(l *line) bool { return usesHandset(l.state) }) {
		p.offHook = false
		p.emitLocked("onhook", p.lines[p.selected-1])
	}
	p.changedLocked()
}
