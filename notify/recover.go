package notify

import (
	"slices"
	"sync"
	"time"
)

// retryInterval is the shortest time between two attempts to reach a
// notification server that did not answer. At login the application often
// starts a few seconds before the desktop's notification server.
const retryInterval = 30 * time.Second

// keptFallbackIDs bounds how many ids of plain notifications are remembered,
// so that closing one of them after the switch never closes a freedesktop
// notification that happens to carry the same number.
const keptFallbackIDs = 64

// recovering shows plain notifications until a freedesktop notification
// server answers, then switches to it for good (buttons, real ids). Only
// Show retries, at most once per retry interval, and it waits for an
// attempt at most one call timeout: a slower attempt finishes in the
// background and is used from the next Show on.
type recovering struct {
	opts     Options
	dial     dialFunc
	fallback Notifier
	now      func() time.Time
	interval time.Duration

	mu       sync.Mutex
	fd       *freedesktop // set once a server answered; never unset
	lastTry  time.Time
	trying   bool
	closed   bool
	plainIDs []ID // recent ids from fallback, oldest first
}

// start returns the freedesktop notifier when a server answers now,
// otherwise a recovering one that begins on beeep (beeep.Notify when
// beeepNotify is nil). now is the clock for the retry interval.
func start(o Options, dial dialFunc, beeepNotify func(title, message string, icon any) error, now func() time.Time) Notifier {
	fd, err := newFreedesktop(o, dial)
	if err == nil {
		return fd
	}
	o.Logger.Info("desktop notifications without buttons for now: freedesktop notification server not available; trying again later",
		"err", err, "retry_every", retryInterval)
	return &recovering{
		opts:     o,
		dial:     dial,
		fallback: newBeeep(o, beeepNotify),
		now:      now,
		interval: retryInterval,
		lastTry:  now(),
	}
}

func (r *recovering) Name() string { return r.current().Name() }

func (r *recovering) SupportsActions() bool { return r.current().SupportsActions() }

func (r *recovering) current() Notifier {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fd != nil {
		return r.fd
	}
	return r.fallback
}

func (r *recovering) Show(n Notification, onAction func(key string)) (ID, error) {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return 0, ErrClosed
	}
	if r.fd == nil && !r.trying && r.now().Sub(r.lastTry) >= r.interval {
		r.lastTry = r.now()
		r.trying = true
		done := make(chan struct{})
		go r.reconnect(done)
		r.mu.Unlock()
		timer := time.NewTimer(r.opts.CallTimeout)
		select {
		case <-done:
		case <-timer.C:
		}
		timer.Stop()
		r.mu.Lock()
	}
	fd := r.fd
	r.mu.Unlock()

	if fd != nil {
		// A plain notification cannot be replaced; the server would take
		// the number for one of its own.
		if n.Replaces != 0 && r.forgetPlain(n.Replaces) {
			n.Replaces = 0
		}
		id, err := fd.Show(n, onAction)
		if err == nil {
			r.forgetPlain(id) // the newer notification owns the number now
		}
		return id, err
	}
	id, err := r.fallback.Show(n, onAction)
	if err == nil {
		r.mu.Lock()
		r.plainIDs = append(r.plainIDs, id)
		if len(r.plainIDs) > keptFallbackIDs {
			r.plainIDs = r.plainIDs[len(r.plainIDs)-keptFallbackIDs:]
		}
		r.mu.Unlock()
	}
	return id, err
}

// forgetPlain drops id from the plain notifications; it reports whether
// id was one.
func (r *recovering) forgetPlain(id ID) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	i := slices.Index(r.plainIDs, id)
	if i < 0 {
		return false
	}
	r.plainIDs = slices.Delete(r.plainIDs, i, i+1)
	return true
}

// reconnect makes one attempt to reach the server; done is closed after
// the outcome is recorded.
func (r *recovering) reconnect(done chan<- struct{}) {
	defer close(done)
	fd, err := newFreedesktop(r.opts, r.dial)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.trying = false
	switch {
	case err != nil:
		r.opts.Logger.Debug("freedesktop notification server still not available", "err", err)
	case r.closed:
		fd.Shutdown()
	default:
		r.fd = fd
		r.opts.Logger.Info("freedesktop notification server available: notifications with buttons from now on")
	}
}

// Close routes id to the notifier that showed it. Plain notifications
// cannot be closed; their ids must not reach the freedesktop notifier,
// whose server numbers from 1 as well.
func (r *recovering) Close(id ID) error {
	if r.forgetPlain(id) {
		return r.fallback.Close(id)
	}
	r.mu.Lock()
	fd := r.fd
	r.mu.Unlock()
	if fd == nil {
		return r.fallback.Close(id)
	}
	return fd.Close(id)
}

func (r *recovering) Shutdown() error {
	r.mu.Lock()
	r.closed = true
	fd := r.fd
	r.mu.Unlock()
	if fd != nil {
		fd.Shutdown()
	}
	return r.fallback.Shutdown()
}
