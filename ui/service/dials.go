package service

import (
	"slices"
	"sync"
	"time"

	"github.com/gxptray/gxptray/cti"
)

// dials owns what the dialer remembers between commands: the dial in
// progress (one at a time: the phone cannot interleave two key sequences)
// and what the State says of it, the last number dialed with the name the
// app knew for it, the extension waiting for the far end to answer, and the
// numbers of a text offered to choose from. It has a lock of its own and
// calls nothing out.
type dials struct {
	mu       sync.Mutex
	busy     bool
	progress string      // "Dialing 203 (2/4 keys)"
	last     dialedCall  // for the name of its call in the history
	ext      pendingDTMF // typed once the dialed call is answered
	choices  []string    // askWhichNumber's offer, as written
	chosenOn string      // the name of the phone the offer dials on
	until    time.Time   // the offer ends then
}

// dialedCall is the last number dialed, with the name the app knew for it:
// the phone rarely names the far end of an outgoing call, and a call back
// from the history must keep the caller's name.
type dialedCall struct {
	phone  *phoneUnit // the phone it was dialed on
	number cti.Dialable
	name   string
}

// pendingDTMF is an extension to type once the dialed call is answered.
type pendingDTMF struct {
	digits string
	until  time.Time
}

// Begin takes the dial slot for number, or reports false when a dial runs.
func (d *dials) Begin(number cti.Dialable, name, progress string) bool {
	return d.BeginOn(nil, number, name, progress)
}

// BeginOn is Begin for a dial on phone u. One dial runs at a time, on
// whichever phone: the person follows one call setup at a time, and the
// State shows one dial's progress (DialPhone says whose).
func (d *dials) BeginOn(u *phoneUnit, number cti.Dialable, name, progress string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.busy {
		return false
	}
	d.busy, d.progress = true, progress
	d.last = dialedCall{phone: u, number: number, name: name}
	return true
}

// Phone is the phone of the last dial (nil: none, or no phone named).
func (d *dials) Phone() *phoneUnit {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.last.phone
}

// Busy reports whether a dial runs.
func (d *dials) Busy() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.busy
}

// SetProgress says how far the dial under way is.
func (d *dials) SetProgress(p string) {
	d.mu.Lock()
	d.progress = p
	d.mu.Unlock()
}

// End frees the dial slot.
func (d *dials) End() {
	d.mu.Lock()
	d.busy, d.progress = false, ""
	d.mu.Unlock()
}

// Status is what the State shows of the dial.
func (d *dials) Status() (busy bool, progress string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.busy, d.progress
}

// Last is the last number dialed and its name.
func (d *dials) Last() dialedCall {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.last
}

// AwaitAnswer keeps digits to type once the call is answered, until until.
func (d *dials) AwaitAnswer(digits string, until time.Time) {
	d.mu.Lock()
	d.ext = pendingDTMF{digits: digits, until: until}
	d.mu.Unlock()
}

// TakeExt returns the extension waiting at now, once ("" = none or too late).
func (d *dials) TakeExt(now time.Time) string {
	d.mu.Lock()
	p := d.ext
	d.ext = pendingDTMF{}
	d.mu.Unlock()
	if p.digits == "" || now.After(p.until) {
		return ""
	}
	return p.digits
}

// Offer puts numbers on offer, to dial on the phone called phone, until
// until (nil withdraws the offer).
func (d *dials) Offer(phone string, texts []string, until time.Time) {
	d.mu.Lock()
	d.choices, d.chosenOn, d.until = texts, phone, until
	d.mu.Unlock()
}

// Choices are the numbers on offer at now, and the phone they dial on.
func (d *dials) Choices(now time.Time) (texts []string, phone string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !now.Before(d.until) || len(d.choices) == 0 {
		return nil, ""
	}
	return slices.Clone(d.choices), d.chosenOn
}
