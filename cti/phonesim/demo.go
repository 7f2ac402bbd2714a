package phonesim

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/gxptray/gxptray/cti"
)

// DemoOptions tunes RunDemoWith. Zero fields get RunDemo's values.
type DemoOptions struct {
	Every       time.Duration // mean time between incoming calls (±30 %)
	GiveUpAfter time.Duration // an unanswered caller hangs up after this (default 20 s)
	HangupMin   time.Duration // an answered call is ended by the far end after
	HangupMax   time.Duration // a random time in [HangupMin, HangupMax] (15-60 s)
	AnswerAfter time.Duration // the far end answers outgoing calls after this (default 3 s)
}

// DemoCaller is someone who calls in demo mode.
type DemoCaller struct{ Name, Number string }

// DemoCallers are the demo's callers: names in several scripts, numbers in
// several formats, and one caller without a name.
func DemoCallers() []DemoCaller {
	return []DemoCaller{
		{"Виталик", "203"},
		{"Анна Смирнова", "+74951234567"},
		{"Reception", "100"},
		{"Acme Corp", "+15555550100"},
		{"", "+442079460958"},
		{"Jürgen Weiß", "+4930901820"},
		{"Help Desk", "*97"},
	}
}

// RunDemo makes the phone lively until ctx is done: a call rings about every
// `every`, unanswered callers give up after about 20 s (a missed call),
// answered calls are hung up by the far end after 15 to 60 s, and outgoing
// calls are answered after about 3 s.
func RunDemo(ctx context.Context, p *Phone, every time.Duration) {
	RunDemoWith(ctx, p, DemoOptions{Every: every})
}

// RunDemoWith is RunDemo with every duration chosen by the caller.
func RunDemoWith(ctx context.Context, p *Phone, o DemoOptions) {
	o = o.normalized()
	d := demo{p: p, o: o, seen: map[int]demoSeen{}, hangups: map[uint64]bool{}}
	d.run(ctx)
}

func (o DemoOptions) normalized() DemoOptions {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Every, 2*time.Minute)
	def(&o.GiveUpAfter, 20*time.Second)
	def(&o.HangupMin, 15*time.Second)
	def(&o.HangupMax, 60*time.Second)
	def(&o.AnswerAfter, 3*time.Second)
	if o.HangupMax < o.HangupMin {
		o.HangupMax = o.HangupMin
	}
	return o
}

type demoSeen struct {
	call  uint64
	state cti.LineState
}

type demoAction struct {
	at     time.Time
	line   int
	call   uint64
	hangup bool // the far end's planned hangup of an answered call
	do     func(p *Phone, line int, call uint64) error
}

type demo struct {
	p       *Phone
	o       DemoOptions
	seen    map[int]demoSeen
	hangups map[uint64]bool // calls whose far-end hangup is planned
	pending []demoAction
	next    int // index of the next caller
}

// run is a single loop: one timer for the next thing due, woken early by
// phone changes. Nothing outlives it.
func (d *demo) run(ctx context.Context) {
	changes, cancel := d.p.Subscribe()
	defer cancel()
	d.next = rand.IntN(len(DemoCallers()))
	nextRing := time.Now().Add(jitter(d.o.Every))
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for {
		d.observe()
		now := time.Now()
		if !now.Before(nextRing) {
			d.ring()
			nextRing = now.Add(jitter(d.o.Every))
			continue // observe the new call before sleeping
		}
		d.runDue(now)
		wake := nextRing
		for _, a := range d.pending {
			if a.at.Before(wake) {
				wake = a.at
			}
		}
		t.Reset(time.Until(wake))
		select {
		case <-ctx.Done():
			return
		case _, ok := <-changes:
			if !ok {
				return // phone closed
			}
		case <-t.C:
		}
	}
}

func (d *demo) ring() {
	callers := DemoCallers()
	c := callers[d.next%len(callers)]
	d.next++
	if _, err := d.p.Ring(c.Number, c.Name); err != nil {
		d.p.log.Debug("demo: no ring", "err", err)
	}
}

// observe plans the far end's reaction to every line that changed: a
// caller gives up, the far end answers, the far end hangs up.
func (d *demo) observe() {
	for n, s := range d.p.lineCalls() {
		if d.seen[n] == s {
			continue
		}
		d.seen[n] = s
		switch s.state {
		case cti.StateRinging:
			d.plan(n, s.call, jitter(d.o.GiveUpAfter), false, (*Phone).remoteHangupCall)
		case cti.StateCalling:
			d.plan(n, s.call, jitter(d.o.AnswerAfter), false, (*Phone).remoteAnswerCall)
		case cti.StateConnected:
			// Resuming a held call must not plan a second hangup.
			if !d.hangups[s.call] {
				after := d.o.HangupMin
				if span := d.o.HangupMax - d.o.HangupMin; span > 0 {
					after += rand.N(span)
				}
				d.hangups[s.call] = true
				d.plan(n, s.call, after, true, (*Phone).remoteHangupCall)
			}
		}
	}
}

func (d *demo) plan(line int, call uint64, after time.Duration, hangup bool, do func(*Phone, int, uint64) error) {
	d.pending = append(d.pending, demoAction{at: time.Now().Add(after), line: line, call: call, hangup: hangup, do: do})
}

func (d *demo) runDue(now time.Time) {
	keep := d.pending[:0]
	for _, a := range d.pending {
		if now.Before(a.at) {
			keep = append(keep, a)
			continue
		}
		if a.hangup {
			delete(d.hangups, a.call)
		}
		// The call may have moved on (answered, hung up): then this does nothing.
		_ = a.do(d.p, a.line, a.call)
	}
	d.pending = keep
}

// jitter returns d ±30 %.
func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	spread := int64(d) * 6 / 10
	if spread <= 0 {
		return d
	}
	return time.Duration(int64(d) - spread/2 + rand.Int64N(spread+1))
}

// lineCalls returns, for every line in use, its call id and state.
func (p *Phone) lineCalls() map[int]demoSeen {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[int]demoSeen{}
	for _, l := range p.lines {
		if l.state.Busy() {
			out[l.n] = demoSeen{call: l.call, state: l.state}
		}
	}
	return out
}
