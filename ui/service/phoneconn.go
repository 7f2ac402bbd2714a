package service

import (
	"errors"
	"sync"

	"github.com/gxptray/gxptray/cti"
)

// phoneConn owns the connection to one phone: the live client, what it was
// made from (a new one is made only when that changes), its generation (an
// answer is matched to the client that sent the request), whether the
// phone rejected its passcode, and the monitor polling through it. Each
// phoneUnit has one. It has a lock of its own; the function that makes a
// client runs under it and must not take other locks than the caller's.
type phoneConn struct {
	mu       sync.Mutex
	client   *cti.Client
	key      clientKey
	gen      uint64
	rejected uint64 // gen whose passcode the phone rejected (0 = none)
	mon      *monitorRun
	monGen   uint64 // bumped at every start and stop: events of an older monitor are stale
}

// Monitor is the running monitor, nil when none runs.
func (p *phoneConn) Monitor() *cti.Monitor {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mon == nil {
		return nil
	}
	return p.mon.mon
}

// nextMonitor begins a monitor start: the generation its events carry.
func (p *phoneConn) nextMonitor() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.monGen++
	return p.monGen
}

// setMonitor records the monitor started as generation r.gen.
func (p *phoneConn) setMonitor(r *monitorRun) {
	p.mu.Lock()
	p.mon = r
	p.mu.Unlock()
}

// takeMonitor removes the running monitor (nil: none) for the caller to
// stop; the events it still has queued are stale from now on.
func (p *phoneConn) takeMonitor() *monitorRun {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.mon
	p.mon = nil
	p.monGen++
	return r
}

// staleEvent reports whether an event of monitor generation gen comes from
// a monitor stopped or replaced since.
func (p *phoneConn) staleEvent(gen uint64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return gen != p.monGen
}

// clientKey is what makes a new client necessary when it changes.
type clientKey struct {
	phone, passcode, tlsMode, pinned, dialMethod string
	account                                      int
}

// Current is the live client (nil: none) and its generation.
func (p *phoneConn) Current() (*cti.Client, uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.client, p.gen
}

// ForCommand is the live client for a command with its generation, and
// whether the phone rejected its passcode: then no command may go (every
// request with a rejected passcode brings the phone's lockout closer).
func (p *phoneConn) ForCommand() (c *cti.Client, gen uint64, rejected bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.client, p.gen, p.client != nil && p.rejected == p.gen
}

// NoteAuth remembers that the phone rejected the passcode of client gen
// (an answer of a client replaced since is ignored).
func (p *phoneConn) NoteAuth(gen uint64, err error) {
	if !errors.Is(err, cti.ErrUnauthorized) {
		return
	}
	p.mu.Lock()
	if gen == p.gen {
		p.rejected = gen
	}
	p.mu.Unlock()
}

// Accepted: a request of client gen worked, so its passcode does (a command
// refused for another reason, such as a session taken over on the phone):
// commands may go again.
func (p *phoneConn) Accepted(gen uint64) {
	p.mu.Lock()
	if p.rejected == gen {
		p.rejected = 0
	}
	p.mu.Unlock()
}

// NotePinned records that the live client of phone (canonical) pinned fp
// and it was saved: settings that now hold that pin need no new client.
func (p *phoneConn) NotePinned(phone, fp string) {
	p.mu.Lock()
	if p.client != nil && p.key.phone == phone {
		p.key.pinned = fp
	}
	p.mu.Unlock()
}

// Update keeps the live client when key is what it was made from (or only
// its pin differs, by the certificate the client pinned itself); otherwise
// it closes it and makes another with make (nil: none can be made now). It
// reports whether the client was replaced or removed.
func (p *phoneConn) Update(key clientKey, make func() *cti.Client) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.client != nil && key.pinned != p.key.pinned && key.pinned == p.client.Fingerprint() {
		p.key.pinned = key.pinned
	}
	// Nothing changed, not even after a rejected passcode: the same
	// passcode is never sent again (cti.Rejections refuses it anyway).
	if p.client != nil && key == p.key {
		return false
	}
	had := p.client != nil
	if had {
		p.client.Close() // idle connections only; a request in flight finishes
	}
	p.client, p.key = make(), clientKey{}
	if p.client != nil {
		p.key = key
	}
	p.gen++
	return had || p.client != nil
}
