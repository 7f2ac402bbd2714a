package notify

import "sync"

// shownToast is a toast on the screen as the system knows it
// (internal/wintoast on Windows).
type shownToast interface {
	// Hide takes the toast off the screen and releases it.
	Hide() error
	// Release forgets the toast and leaves it on the screen.
	Release()
}

// maxShownToasts bounds the toasts kept for Close: missed-call and error
// toasts are never closed, so the oldest are released (left on the
// screen, long timed out by then) to make room.
const maxShownToasts = 32

// shownToasts holds the toasts Close can still take off the screen, by
// notification id. Each is released exactly once: hidden by Close,
// released when clicked (Windows dismisses a clicked toast itself), when
// pushed out by newer ones or at Shutdown.
type shownToasts struct {
	mu     sync.Mutex
	open   map[ID]shownToast
	closed bool
}

// keep records s as the toast of id.
func (t *shownToasts) keep(id ID, s shownToast) {
	t.mu.Lock()
	drop := s
	if !t.closed {
		if t.open == nil {
			t.open = make(map[ID]shownToast)
		}
		drop, t.open[id] = t.open[id], s
		if drop == nil && len(t.open) > maxShownToasts {
			drop = t.takeOldestLocked()
		}
	}
	t.mu.Unlock()
	if drop != nil {
		drop.Release()
	}
}

func (t *shownToasts) takeOldestLocked() shownToast {
	oldest := ID(0)
	for id := range t.open {
		if oldest == 0 || id < oldest {
			oldest = id
		}
	}
	s := t.open[oldest]
	delete(t.open, oldest)
	return s
}

// take removes and returns the toast of id; nil if there is none.
func (t *shownToasts) take(id ID) shownToast {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.open[id]
	delete(t.open, id)
	return s
}

// shutdown releases every toast, leaving them on the screen, and releases
// the ones kept later at once.
func (t *shownToasts) shutdown() {
	t.mu.Lock()
	open := t.open
	t.open, t.closed = nil, true
	t.mu.Unlock()
	for _, s := range open {
		s.Release()
	}
}
