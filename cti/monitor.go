package cti

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"regexp"
	"sync"
	"time"
)

// LineSource is what the Monitor polls. *Client satisfies it.
type LineSource interface {
	LineStatus(ctx context.Context) ([]Line, error)
}

// ConnState is the monitor's view of the phone connection.
type ConnState string

// Connection states.
const (
	ConnUnknown      ConnState = "unknown"      // no answer yet
	ConnOnline       ConnState = "online"       // the last poll succeeded
	ConnOffline      ConnState = "offline"      // the phone does not answer (or answers garbage); backing off
	ConnUnauthorized ConnState = "unauthorized" // the passcode was rejected; no requests until Resume
)

// MonitorState is a snapshot of what the monitor knows.
type MonitorState struct {
	Conn     ConnState
	Lines    []Line    // as the phone last reported them; nil while Conn is not online
	LastErr  string    // why the phone is offline/unauthorized (redacted), "" when online
	ErrClass error     // the sentinel LastErr belongs to (see Class), nil when online
	Since    time.Time // when Conn last changed
}

// Poll interval limits. The lower bound protects real phones; tests against
// the simulated phone set MonitorConfig.AllowFastPolling.
const (
	DefaultPollInterval = time.Second
	MinPollInterval     = 250 * time.Millisecond
	MaxPollInterval     = 10 * time.Second
	DefaultPushInterval = 5 * time.Second
	DefaultPushFresh    = 2 * time.Minute
	DefaultBackoffMin   = time.Second
	DefaultBackoffMax   = 30 * time.Second

	fastPollFloor = time.Millisecond
	maxBackoff    = 10 * time.Minute
	// pokeGap is the least time between the starts of two polls when a Poke
	// asks for one: a burst of pushes or clicks is one request, not many.
	pokeGap = 100 * time.Millisecond
)

// MonitorConfig configures a Monitor. Zero values mean the defaults.
type MonitorConfig struct {
	// Interval between polls: default 1 s; clamped to 250 ms..10 s (logged).
	Interval time.Duration
	// PushInterval is the poll interval while Action URL pushes arrive
	// (push gives speed, the poll stays the truth): default 5 s, never below
	// Interval. Negative: keep polling at Interval even when pushes arrive.
	PushInterval time.Duration
	// PushFresh: push counts as working if one arrived within this long
	// (default 2 min). Negative: pushes never slow polling down.
	PushFresh time.Duration
	// BackoffMin, BackoffMax: delays between polls of a phone that does not
	// answer (exponential, with jitter); default 1 s and 30 s.
	BackoffMin, BackoffMax time.Duration
	// AllowFastPolling lifts the 250 ms floor of Interval and BackoffMin (down
	// to 1 ms). For tests and the simulated phone only, never for a real phone.
	AllowFastPolling bool
	Logger           *slog.Logger     // nil = discard
	Now              func() time.Time // clock for event times; nil = time.Now
	// Polled, if set, is called after each poll once its outcome is in
	// Snapshot, before its events are emitted: whoever shows the lines
	// reads them from Snapshot then, and never shows a line that the
	// monitor (and so NoteAnswered or NoteRejected) has not seen yet.
	Polled func()
}

// Monitor polls a phone's line status and turns the differences between
// snapshots into call events, one per real change of a line:
//
//	idle -> ringing                 EventIncoming
//	idle -> dialing/calling/failed  EventOutgoing (dialing -> calling is the same call)
//	ringing/dialing/calling -> connected  EventAnswered
//	connected -> onhold             EventHeld
//	onhold -> connected             EventResumed
//	busy -> idle                    EventEnded: Duration since answered (0 if never),
//	                                Outcome Answered, Missed, Rejected (NoteRejected) or NoAnswer
//
// A call the app answered itself (NoteAnswered), or that the phone pushed as
// established (NoteEstablished), is answered even if it ends before any poll
// sees it connected.
//
// A new remote number on a busy line (not while dialing) ends the call and
// starts another: ringing -> ringing with another caller is a missed call
// and an incoming one. Unknown states count as busy, emit nothing and are
// logged once per name. Lines absent from a reply keep their state.
//
// At start, and after the phone was offline or unauthorized, a ringing line
// still gives EventIncoming and a dialing/calling one EventOutgoing (the user
// can act on them), but a call found already connected or on hold gives no
// event: it began before the monitor could see it, and EventAnswered would
// fire "on answer" actions (screen pops) for an old call. It is tracked all
// the same and its end reported (Outcome Answered, Direction "" since
// unknown). Calls that ended while the phone was unreachable end when it
// answers again, with the duration they had when last seen.
type Monitor struct {
	src          LineSource
	log          *slog.Logger
	now          func() time.Time
	floor        time.Duration
	pushInterval time.Duration // < 0: same as interval
	pushFresh    time.Duration // < 0: never
	backoff      pollBackoff
	pokeGap      time.Duration

	poke   chan struct{} // cap 1: a poll was asked for
	wake   chan struct{} // cap 1: a setting changed, recompute the wait
	resume chan struct{} // cap 1: Resume was called

	polled func() // MonitorConfig.Polled; nil = none

	// onWait, when set (tests), is told each time Run starts waiting.
	onWait func(reason waitReason, d time.Duration)

	mu        sync.Mutex
	newSource bool // SetSource was called: the next snapshot starts afresh
	interval  time.Duration
	lastPush  time.Time
	resumes   uint64 // Resume calls so far
	state     MonitorState
	tracker   lineTracker
	unknown   map[LineState]bool
	running   bool
	lastPollT time.Time
}

// waitReason says what Run is waiting for (tests observe it through onWait).
type waitReason string

const (
	waitInterval waitReason = "interval"
	waitBackoff  waitReason = "backoff"
	waitResume   waitReason = "resume"
)

// NewMonitor makes a monitor for src; invalid settings are clamped and logged.
func NewMonitor(src LineSource, cfg MonitorConfig) *Monitor {
	m := &Monitor{
		src:     src,
		log:     cfg.Logger,
		now:     cfg.Now,
		poke:    make(chan struct{}, 1),
		wake:    make(chan struct{}, 1),
		resume:  make(chan struct{}, 1),
		unknown: make(map[LineState]bool),
		floor:   MinPollInterval,
		pokeGap: pokeGap,
		polled:  cfg.Polled,
	}
	if m.log == nil {
		m.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if m.now == nil {
		m.now = time.Now
	}
	if cfg.AllowFastPolling {
		m.floor = fastPollFloor
		m.pokeGap = min(m.pokeGap, 10*time.Millisecond)
	}
	m.interval = m.clampInterval(cfg.Interval)
	m.pushInterval = cfg.PushInterval
	if m.pushInterval == 0 {
		m.pushInterval = DefaultPushInterval
	}
	if m.pushInterval > maxBackoff {
		m.pushInterval = maxBackoff
	}
	m.pushFresh = cfg.PushFresh
	if m.pushFresh == 0 {
		m.pushFresh = DefaultPushFresh
	}
	bmin, bmax := cfg.BackoffMin, cfg.BackoffMax
	if bmin <= 0 {
		bmin = DefaultBackoffMin
	}
	if bmin < m.floor {
		m.log.Warn("monitor: back-off minimum too small, using the floor", "asked", bmin, "used", m.floor)
		bmin = m.floor
	}
	bmin = min(bmin, maxBackoff)
	if bmax <= 0 {
		bmax = DefaultBackoffMax
	}
	bmax = min(max(bmax, bmin), maxBackoff)
	m.backoff = pollBackoff{min: bmin, max: bmax}
	m.tracker.onUnknown = m.noteUnknownState
	m.state = MonitorState{Conn: ConnUnknown, Since: m.now()}
	return m
}

func (m *Monitor) clampInterval(d time.Duration) time.Duration {
	switch {
	case d == 0:
		return DefaultPollInterval
	case d < m.floor:
		m.log.Warn("monitor: poll interval too short, using the minimum", "asked", d, "used", m.floor)
		return m.floor
	case d > MaxPollInterval:
		m.log.Warn("monitor: poll interval too long, using the maximum", "asked", d, "used", MaxPollInterval)
		return MaxPollInterval
	}
	return d
}

// Run polls until ctx is done and returns ctx.Err(). emit is called from
// Run's goroutine, in order, never concurrently; a slow emit delays the next
// poll. Guarantees:
//   - at most one request in flight; Poke during a poll asks for one
//     follow-up poll, never more;
//   - the first successful poll emits EventOnline, a failing one EventOffline
//     (once, however long it lasts), then polls back off exponentially;
//   - a rejected passcode emits EventUnauthorized once and sends no further
//     request until Resume;
//   - one event per real change of a line (see Monitor).
func (m *Monitor) Run(ctx context.Context, emit func(Event)) error {
	m.mu.Lock()
	noSource := m.src == nil
	m.mu.Unlock()
	if noSource {
		return errors.New("cti: monitor has no line source")
	}
	if emit == nil {
		emit = func(Event) {}
	}
	m.mu.Lock()
	if m.running {
		m.mu.Unlock()
		return errors.New("cti: monitor is already running")
	}
	m.running = true
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		m.running = false
		m.mu.Unlock()
	}()

	baseline := true
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		m.mu.Lock()
		resumes := m.resumes
		src := m.src
		if m.newSource {
			m.newSource = false
			baseline = true
		}
		m.lastPollT = time.Now()
		m.mu.Unlock()

		lines, err := src.LineStatus(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		res := m.handle(lines, err, resumes, baseline)
		baseline = res.baseline
		if m.polled != nil {
			m.polled()
		}
		for _, e := range res.events {
			emit(e)
		}
		switch {
		case res.retry:
			continue
		case res.unauthorized:
			if err := m.waitResume(ctx, resumes); err != nil {
				return err
			}
		default:
			if err := m.waitNext(ctx, res.backoff); err != nil {
				return err
			}
		}
	}
}

type pollResult struct {
	events       []Event
	baseline     bool          // the next snapshot starts afresh
	backoff      time.Duration // > 0: offline, wait this long
	unauthorized bool
	retry        bool // poll again at once: credentials changed during the request
}

// handle updates the state with one poll's outcome.
func (m *Monitor) handle(lines []Line, err error, resumes uint64, baseline bool) pollResult {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	var res pollResult
	if err == nil {
		if m.enterConn(&res, ConnOnline, EventOnline, now, "") {
			m.log.Info("monitor: phone online")
		}
		m.state.LastErr = ""
		m.state.ErrClass = nil
		m.backoff.reset()
		res.events = append(res.events, m.tracker.apply(lines, now, baseline)...)
		m.state.Lines = append([]Line(nil), lines...)
		return res
	}

	msg := scrubPollErr(err.Error())
	res.baseline = true
	m.state.Lines = nil
	m.state.LastErr = msg
	m.state.ErrClass = Class(err)
	if errors.Is(err, ErrUnauthorized) {
		if m.resumes != resumes {
			// Sent with the old credentials; the new ones deserve a try.
			res.retry = true
			return res
		}
		if m.enterConn(&res, ConnUnauthorized, EventUnauthorized, now, msg) {
			m.log.Error("monitor: the phone rejected the passcode; polling stopped until the credentials change", "err", msg)
		}
		res.unauthorized = true
		return res
	}
	// Unreachable, not CTI JSON, certificate changed, the phone's own error:
	// all mean no line status; wait and try again.
	if m.enterConn(&res, ConnOffline, EventOffline, now, msg) {
		m.log.Warn("monitor: phone offline", "err", msg)
	}
	res.backoff = m.backoff.next()
	return res
}

// enterConn moves the connection to c. On a change it adds the event of
// kind (with errMsg, the poll's error) to res and reports true, for the
// caller to log it once.
func (m *Monitor) enterConn(res *pollResult, c ConnState, kind EventKind, now time.Time, errMsg string) bool {
	if m.state.Conn == c {
		return false
	}
	m.state.Conn, m.state.Since = c, now
	res.events = append(res.events, Event{Kind: kind, Time: now, Account: NoAccount, Err: errMsg})
	return true
}

// waitNext waits for the next poll: the back-off delay when offline, else the
// (push-dependent) interval; a Poke cuts it short, a setting change restarts it.
func (m *Monitor) waitNext(ctx context.Context, backoff time.Duration) error {
	start := time.Now()
	m.mu.Lock()
	full, reason := m.currentInterval(), waitInterval
	m.mu.Unlock()
	if backoff > 0 {
		full, reason = backoff, waitBackoff
	}
	if m.onWait != nil {
		m.onWait(reason, full)
	}
	poked := false
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		var d time.Duration
		m.mu.Lock()
		switch {
		case poked:
			d = time.Until(m.lastPollT.Add(m.pokeGap))
		case backoff > 0:
			d = backoff - time.Since(start)
		default:
			d = m.currentInterval() - time.Since(start)
		}
		m.mu.Unlock()
		if d <= 0 {
			return nil
		}
		timer.Reset(d)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
			return nil
		case <-m.poke:
			poked = true
		case <-m.wake:
		}
		if !timer.Stop() {
			select {
			case <-timer.C:
			default:
			}
		}
	}
}

// waitResume blocks until Resume is called after the rejected poll.
func (m *Monitor) waitResume(ctx context.Context, resumes uint64) error {
	told := false
	for {
		m.mu.Lock()
		changed := m.resumes != resumes
		m.mu.Unlock()
		if changed {
			// Pokes made while stopped are stale: the poll that follows
			// Resume covers them.
			select {
			case <-m.poke:
			default:
			}
			return nil
		}
		if !told && m.onWait != nil {
			m.onWait(waitResume, 0)
		}
		told = true
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-m.resume:
		}
	}
}

// currentInterval is the poll interval now: slower while pushes arrive.
// Callers hold m.mu.
func (m *Monitor) currentInterval() time.Duration {
	if m.pushFresh < 0 || m.pushInterval < 0 || m.lastPush.IsZero() {
		return m.interval
	}
	if m.now().Sub(m.lastPush) > m.pushFresh {
		return m.interval
	}
	return max(m.pushInterval, m.interval)
}

// Poke asks for a poll now (a push arrived, the user did something). Pokes
// coalesce: any number of them during a poll or a wait lead to one poll, and
// polls started by Poke are at least 100 ms apart. Ignored while the
// passcode is rejected.
func (m *Monitor) Poke() {
	select {
	case m.poke <- struct{}{}:
	default:
	}
}

// NotePush records that an Action URL request arrived: poll now, and poll
// at PushInterval while pushes keep arriving.
func (m *Monitor) NotePush() {
	m.mu.Lock()
	m.lastPush = m.now()
	m.mu.Unlock()
	m.Poke()
}

// NoteRejected tells the monitor that the app rejected the call ringing on
// line, so its end is Rejected, not Missed. Call it before sending rejectcall.
func (m *Monitor) NoteRejected(line int) {
	m.mu.Lock()
	ok := m.tracker.noteRejected(line)
	m.mu.Unlock()
	if !ok {
		m.log.Debug("monitor: reject noted for a line that is not ringing", "line", line)
	}
}

// NoteAnswered tells the monitor that the app answered the call ringing on
// line (its acceptcall, or the line key that answered it, succeeded). Call it
// after the phone confirmed the answer: a failed answer must not turn a
// missed call into an answered one.
//
// The rule: the note belongs to the call the monitor saw ringing on line when
// NoteAnswered was called, never to a later call on the same line, and does
// nothing if no incoming call rings there (or it was already seen answered).
// That call ends as Answered, not Missed or Rejected. Its EventAnswered is
// emitted once: at the next poll that sees the line connected (or on hold),
// as for any call, or, if the call is gone before any poll saw it connected
// (a short call, a slow poll interval, a back-off), at its end just before
// its EventEnded, with the time of the note. Duration then counts from the
// NoteAnswered time, since no connected state gave a better one.
func (m *Monitor) NoteAnswered(line int) {
	m.mu.Lock()
	ok := m.tracker.noteAnswered(line, m.now())
	m.mu.Unlock()
	if !ok {
		m.log.Debug("monitor: answer noted for a line that is not seen ringing", "line", line)
	}
}

// NoteEstablished tells the monitor that the phone reported a call
// established (its "established" Action URL push) with the far end number
// (as the push gave it; "" if it gave none). The call in setup on a line
// (ringing, dialing, calling) whose number matches, or the only such call
// when none matches, counts as answered from now, as with NoteAnswered: a
// call answered and ended between two polls is recorded as answered, not
// as missed or unanswered. Only calls the monitor already tracks can be
// noted; it reports whether one was.
func (m *Monitor) NoteEstablished(remote string) bool {
	m.mu.Lock()
	line := m.tracker.noteEstablished(remote, m.now())
	m.mu.Unlock()
	if line == 0 {
		m.log.Debug("monitor: established push for no call in setup")
		return false
	}
	return true
}

// Resume leaves the stop after a rejected passcode (the credentials changed)
// and polls at once. Harmless at any other time.
func (m *Monitor) Resume() {
	m.mu.Lock()
	m.resumes++
	m.mu.Unlock()
	select {
	case m.resume <- struct{}{}:
	default:
	}
}

// SetSource replaces what the monitor polls (a new Client after the
// phone's address or passcode changed) and acts as Resume. The request in
// flight, if any, finishes with the old source. The next snapshot is taken
// afresh, as after a gap: calls the new source does not show end.
func (m *Monitor) SetSource(src LineSource) {
	if src == nil {
		return
	}
	m.mu.Lock()
	m.src = src
	m.newSource = true
	m.mu.Unlock()
	m.Resume()
}

// SetInterval changes the poll interval without a restart (clamped like
// MonitorConfig.Interval).
func (m *Monitor) SetInterval(d time.Duration) {
	m.mu.Lock()
	m.interval = m.clampInterval(d)
	m.mu.Unlock()
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// Snapshot returns the last lines and the connection state. Safe from any
// goroutine; the result is a copy.
func (m *Monitor) Snapshot() MonitorState {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.state
	s.Lines = append([]Line(nil), m.state.Lines...)
	return s
}

// maxUnknownStates bounds the set of logged state names: a phone inventing a
// new name every poll must not grow memory without end.
const maxUnknownStates = 64

// noteUnknownState logs each unknown state name once. Called with m.mu held.
func (m *Monitor) noteUnknownState(s LineState) {
	if m.unknown[s] || len(m.unknown) >= maxUnknownStates {
		return
	}
	m.unknown[s] = true
	name := string(s)
	if len(name) > 40 {
		name = name[:40] + "..."
	}
	m.log.Warn("monitor: unknown line state, treated as busy", "state", name)
}

// pollErrSecret matches a passcode or password query parameter.
var pollErrSecret = regexp.MustCompile(`(?i)\b(passcode|password|pass|pwd)=[^&\s"']*`)

// scrubPollErr hides credentials that an error text might carry (errors from
// net/http include the request URL). The Client redacts already; this is a
// second lock on the same door, since LastErr ends up on screen and in logs.
func scrubPollErr(s string) string {
	return pollErrSecret.ReplaceAllString(s, "$1=***")
}
