package phonesim

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/gxptray/gxptray/cti"
)

// Logs kept for inspection are capped so a simulator left running for days
// does not grow without bound.
const (
	maxLog     = 10000
	maxDTMF    = 256
	maxVolume  = 7
	defaultVol = 4
)

// Phone is a simulated Grandstream desk phone. All methods are safe for
// concurrent use. A Phone starts no goroutine until it has work to do
// (keys to press, a reboot, an Action URL to send); Close stops them.
type Phone struct {
	opt     Options
	log     *slog.Logger
	actions map[string]actionTemplate

	ctx    context.Context // canceled by Close
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex
	closed    bool
	lines     []*line
	selected  int // 1-based line number that has the focus
	offHook   bool
	callSeq   uint64
	passcode  string
	makeCall  bool
	rebooting bool
	bootNow   chan struct{} // closed by BootNow to end the downtime early

	consecutiveFails int
	failedLogins     int
	locked           bool

	mute, dnd, speaker, headset bool
	volume                      int
	dtmf                        string

	keyQueue   []string
	keyRunning bool
	lastKey    time.Time
	overlaps   int
	keys       []string
	dialed     []string

	requests []Request
	counts   map[string]int

	subs      map[int]chan struct{}
	bootHooks map[int]func(up bool)
	nextID    int

	web webState

	outbox        []actionRequest
	outboxRunning bool
}

// New creates a phone with all lines idle.
func New(opts Options) *Phone {
	o := opts.normalized()
	ctx, cancel := context.WithCancel(context.Background())
	p := &Phone{
		opt:       o,
		log:       o.Logger,
		ctx:       ctx,
		cancel:    cancel,
		passcode:  o.Passcode,
		makeCall:  !o.DisableMakeCall,
		counts:    map[string]int{},
		subs:      map[int]chan struct{}{},
		bootHooks: map[int]func(bool){},
	}
	p.actions = parseActionURLs(o.ActionURLs, p.log)
	p.resetLocked()
	p.initWebLocked()
	return p
}

// resetLocked puts the phone in its power-on state (lines idle, volume and
// flags at their defaults). Caller holds p.mu.
func (p *Phone) resetLocked() {
	for _, l := range p.lines {
		l.stopTimer()
	}
	p.lines = make([]*line, p.opt.Lines)
	for i := range p.lines {
		acct := i % len(p.opt.Accounts)
		p.lines[i] = &line{n: i + 1, state: cti.StateIdle, acct: acct, defAcct: acct}
	}
	p.selected = 1
	p.offHook = false
	p.mute, p.dnd, p.speaker, p.headset = false, false, false, false
	p.volume = defaultVol
	p.dtmf = ""
	p.keyQueue = nil
}

// Close stops the phone's timers and background work and waits for them.
// Afterwards the Handler answers 503 and control methods return ErrClosed.
func (p *Phone) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	for _, l := range p.lines {
		l.stopTimer()
	}
	p.keyQueue = nil
	for id, ch := range p.subs {
		close(ch)
		delete(p.subs, id)
	}
	p.mu.Unlock()
	p.cancel()
	p.wg.Wait()
	return nil
}

// changedLocked wakes every subscriber. Caller holds p.mu.
func (p *Phone) changedLocked() {
	for _, ch := range p.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// Subscribe returns a channel that receives a value (coalesced) after every
// change of the phone's state: lines, keys, requests, reboot, lock. The
// channel is closed by cancel or by Close.
func (p *Phone) Subscribe() (<-chan struct{}, func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ch := make(chan struct{}, 1)
	if p.closed {
		close(ch)
		return ch, func() {}
	}
	id := p.nextID
	p.nextID++
	p.subs[id] = ch
	return ch, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if c, ok := p.subs[id]; ok {
			delete(p.subs, id)
			close(c)
		}
	}
}

// Wait blocks until cond returns true, re-evaluating it after every change.
// cond runs without the phone's lock held, so it may call the phone's methods.
// Notifications are coalesced: a state that lasts only between two
// evaluations (a line idle for a microsecond before the next call rings on
// it) can be missed, so wait for lasting conditions.
func (p *Phone) Wait(ctx context.Context, cond func() bool) error {
	ch, cancel := p.Subscribe()
	defer cancel()
	for {
		if cond() {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case _, ok := <-ch:
			if !ok {
				if cond() {
					return nil
				}
				return ErrClosed
			}
		}
	}
}

// WaitState blocks until line n is in state st.
func (p *Phone) WaitState(ctx context.Context, n int, st cti.LineState) error {
	if err := p.checkLine(n); err != nil {
		return err
	}
	err := p.Wait(ctx, func() bool { return p.Line(n).State == st })
	if err != nil {
		return fmt.Errorf("waiting for line %d to be %s (it is %s): %w", n, st, p.Line(n).State, err)
	}
	return nil
}

// WaitKeysDone blocks until every key received by api-send_key has been processed.
func (p *Phone) WaitKeysDone(ctx context.Context) error {
	return p.Wait(ctx, func() bool { return p.KeysPending() == 0 })
}

func (p *Phone) checkLine(n int) error {
	if n < 1 || n > p.opt.Lines {
		return fmt.Errorf("%w: %d (the phone has %d lines)", ErrNoSuchLine, n, p.opt.Lines)
	}
	return nil
}

// onBoot registers f to be called when the phone goes down (up=false) and
// comes back (up=true) around a reboot; the returned func removes it.
func (p *Phone) onBoot(f func(up bool)) func() {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := p.nextID
	p.nextID++
	p.bootHooks[id] = f
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		delete(p.bootHooks, id)
	}
}

// Lines returns a snapshot of every line as api-get_line_status reports it.
func (p *Phone) Lines() []cti.Line {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]cti.Line, len(p.lines))
	for i, l := range p.lines {
		out[i] = p.ctiLineLocked(l)
	}
	return out
}

// Line returns a snapshot of line n (1-based). An invalid n gives a zero Line.
func (p *Phone) Line(n int) cti.Line {
	if p.checkLine(n) != nil {
		return cti.Line{Account: cti.NoAccount}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ctiLineLocked(p.lines[n-1])
}

func (p *Phone) ctiLineLocked(l *line) cti.Line {
	acct := cti.AccountID(l.acct + p.opt.AccountBase)
	if l.state == cti.StateIdle && p.opt.IdleAccountEmpty {
		acct = cti.NoAccount
	}
	return cti.Line{
		Line:         l.n,
		State:        l.state,
		Account:      acct,
		Active:       l.n == p.selected && l.state.Busy(),
		RemoteName:   l.name,
		RemoteNumber: l.number,
	}
}

// PhoneStatus is what api-get_phone_status reports: ringing if a line rings,
// busy if another line is in use, available otherwise.
func (p *Phone) PhoneStatus() cti.PhoneStatus {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.phoneStatusLocked()
}

func (p *Phone) phoneStatusLocked() cti.PhoneStatus {
	busy := false
	for _, l := range p.lines {
		if l.state == cti.StateRinging {
			return cti.PhoneRinging
		}
		busy = busy || l.state.Busy()
	}
	if busy {
		return cti.PhoneBusy
	}
	return cti.PhoneAvailable
}

// KeysReceived returns every key token processed so far, in order.
func (p *Phone) KeysReceived() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.keys)
}

// KeysPending is the number of keys received but not processed yet.
func (p *Phone) KeysPending() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.keyQueue)
}

// Overlaps counts api-send_key requests that arrived while keys of an earlier
// one were still being pressed (a real phone would mix them up).
func (p *Phone) Overlaps() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.overlaps
}

// Dialed returns the numbers dialed (by api-make_call or keys + SEND), in order.
func (p *Phone) Dialed() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.dialed)
}

// DTMF returns the digits pressed during connected calls (the last 256).
func (p *Phone) DTMF() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.dtmf
}

// Audio reports the state the MUTE, VUP/VDOWN, SPEAKER and HEADSET keys change.
type Audio struct {
	Muted   bool `json:"mute"`
	DND     bool `json:"dnd"` // MUTE on an idle phone toggles Do Not Disturb
	Volume  int  `json:"volume"`
	Speaker bool `json:"speaker"`
	Headset bool `json:"headset"`
}

// Audio returns the mute flag, DND, volume level (0-7) and speaker/headset flags.
func (p *Phone) Audio() Audio {
	p.mu.Lock()
	defer p.mu.Unlock()
	return Audio{Muted: p.mute, DND: p.dnd, Volume: p.volume, Speaker: p.speaker, Headset: p.headset}
}

// Selected returns the line that has the focus (the one phone_operation acts on).
func (p *Phone) Selected() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.selected
}

// SetMakeCall switches api-make_call on or off.
func (p *Phone) SetMakeCall(enabled bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.makeCall = enabled
	p.changedLocked()
}

// MakeCallEnabled reports whether api-make_call is on.
func (p *Phone) MakeCallEnabled() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.makeCall
}

// SetPasscode changes the passcode the phone expects ("" rejects everything).
func (p *Phone) SetPasscode(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.passcode = s
	p.changedLocked()
}

// Rebooting reports whether the phone is down after REBOOT or RESET.
func (p *Phone) Rebooting() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rebooting
}

// Locked reports whether too many failed logins locked the account.
func (p *Phone) Locked() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.locked
}

// FailedLogins counts every request rejected as unauthorized since New.
func (p *Phone) FailedLogins() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.failedLogins
}

// Unlock lifts the lock that failed logins put on the account.
func (p *Phone) Unlock() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.locked = false
	p.consecutiveFails = 0
	p.changedLocked()
}

// Ring starts an incoming call on the first idle line and returns its number.
// The line keeps the account it is configured with.
func (p *Phone) Ring(number, name string) (int, error) {
	if err := checkText(number, maxNumberLen); err != nil {
		return 0, fmt.Errorf("%w: number: %v", ErrBadArgument, err)
	}
	if err := checkText(name, maxNameLen); err != nil {
		return 0, fmt.Errorf("%w: name: %v", ErrBadArgument, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.usableLocked(); err != nil {
		return 0, err
	}
	l := p.firstLocked(cti.StateIdle)
	if l == nil {
		return 0, ErrNoIdleLine
	}
	p.ringLocked(l, number, name)
	p.settleLocked()
	return l.n, nil
}

// RemoteAnswer makes the far end answer the outgoing call on line n.
func (p *Phone) RemoteAnswer(n int) error { return p.remoteAnswerCall(n, 0) }

// RemoteHangup makes the far end hang up (or the caller give up) on line n:
// a ringing line goes idle as a missed call; calling, connected and on-hold
// lines go idle as ended calls.
func (p *Phone) RemoteHangup(n int) error { return p.remoteHangupCall(n, 0) }

// remoteAnswerCall is RemoteAnswer, restricted to call when it is not 0.
func (p *Phone) remoteAnswerCall(n int, call uint64) error {
	return p.remote(n, call, func(l *line) error {
		if l.state != cti.StateCalling {
			return fmt.Errorf("%w: line %d is %s, not calling", ErrWrongState, n, l.state)
		}
		p.connectLocked(l)
		return nil
	})
}

// remoteHangupCall is RemoteHangup, restricted to call when it is not 0.
func (p *Phone) remoteHangupCall(n int, call uint64) error {
	return p.remote(n, call, func(l *line) error {
		switch l.state {
		case cti.StateRinging:
			p.endLocked(l, endMissed)
		case cti.StateCalling, cti.StateConnected, cti.StateOnHold:
			p.endLocked(l, endRemote)
		default:
			return fmt.Errorf("%w: line %d is %s, there is no far end", ErrWrongState, n, l.state)
		}
		return nil
	})
}

// remote runs f on line n under the lock. A non-zero call restricts it to
// that call (the demo uses it so a late timer does not touch a newer call).
func (p *Phone) remote(n int, call uint64, f func(*line) error) error {
	if err := p.checkLine(n); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.usableLocked(); err != nil {
		return err
	}
	l := p.lines[n-1]
	if call != 0 && l.call != call {
		return fmt.Errorf("%w: line %d has another call", ErrWrongState, n)
	}
	if err := f(l); err != nil {
		return err
	}
	p.settleLocked()
	return nil
}

func (p *Phone) usableLocked() error {
	if p.closed {
		return ErrClosed
	}
	if p.rebooting {
		return ErrRebooting
	}
	return nil
}

// Reboot takes the phone down for RebootDowntime, like api-sys_operation
// REBOOT. It returns at once.
func (p *Phone) Reboot() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.usableLocked(); err != nil {
		return err
	}
	p.rebootLocked()
	return nil
}

// rebootLocked drops every call and starts the downtime in the background.
// Caller holds p.mu.
func (p *Phone) rebootLocked() {
	p.rebooting = true
	p.resetLocked()
	p.changedLocked()
	p.bootNow = make(chan struct{})
	p.wg.Add(1)
	go p.runReboot(p.bootNow)
}

// BootNow ends a reboot's downtime at once (tests use it to bring the phone
// back exactly when they want). It does nothing if the phone is up.
func (p *Phone) BootNow() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rebooting && p.bootNow != nil {
		close(p.bootNow)
		p.bootNow = nil
	}
}

func (p *Phone) runReboot(now <-chan struct{}) {
	defer p.wg.Done()
	p.log.Info("phone rebooting", "downtime", p.opt.RebootDowntime)
	p.runBootHooks(false)
	t := time.NewTimer(p.opt.RebootDowntime)
	defer t.Stop()
	select {
	case <-p.ctx.Done():
		return
	case <-t.C:
	case <-now:
	}
	// Listeners come back before the flag clears, so a caller that saw
	// Rebooting() turn false can connect at once.
	p.runBootHooks(true)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.resetLocked()
	p.rebooting = false
	p.bootNow = nil
	p.locked = false
	p.consecutiveFails = 0
	p.changedLocked()
	p.log.Info("phone back after reboot")
}

func (p *Phone) runBootHooks(up bool) {
	p.mu.Lock()
	hooks := make([]func(bool), 0, len(p.bootHooks))
	for _, f := range p.bootHooks {
		hooks = append(hooks, f)
	}
	p.mu.Unlock()
	for _, f := range hooks {
		f(up)
	}
}

func appendCapped(s []string, v ...string) []string {
	s = append(s, v...)
	if len(s) > maxLog {
		s = slices.Delete(s, 0, len(s)-maxLog)
	}
	return s
}
