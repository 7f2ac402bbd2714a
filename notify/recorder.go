package notify

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// Shown is one notification a Recorder was asked to show.
type Shown struct {
	ID           ID
	Notification Notification
	// Closed: removed by Close, by a later Show that replaced it, or (with
	// Dismiss) by the user.
	Closed bool
}

// Recorder is a Notifier that shows nothing and remembers everything, for
// tests of the code that raises notifications. Invoke plays the user
// clicking a button, with the same once-only rules as the real notifier.
type Recorder struct {
	actions bool
	acts    actionTable

	mu      sync.Mutex
	shown   []Shown
	nextID  ID
	err     error
	closed  bool
	changed chan struct{} // closed and replaced on every change, for WaitFor
}

// NewRecorder returns a Recorder whose SupportsActions answers actions.
func NewRecorder(actions bool) *Recorder {
	return &Recorder{actions: actions, changed: make(chan struct{})}
}

func (r *Recorder) Name() string          { return "recorder" }
func (r *Recorder) SupportsActions() bool { return r.actions }

// FailWith makes the following Show calls fail with err (nil: succeed again).
func (r *Recorder) FailWith(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.err = err
}

func (r *Recorder) Show(n Notification, onAction func(key string)) (ID, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return 0, ErrClosed
	}
	if r.err != nil {
		return 0, r.err
	}
	id := n.Replaces
	if id == 0 || !r.acts.isOpen(id) {
		r.nextID++
		id = r.nextID
	} else {
		r.markClosedLocked(id)
	}
	r.shown = append(r.shown, Shown{ID: id, Notification: n})
	if !r.actions || len(n.Actions) == 0 {
		onAction = nil
	}
	r.acts.add(id, onAction, n.Actions)
	r.notifyLocked()
	return id, nil
}

func (r *Recorder) Close(id ID) error {
	if !r.acts.forget(id) {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.markClosedLocked(id)
	r.notifyLocked()
	return nil
}

// Dismiss plays the user closing the notification (or it expiring): no
// action can be invoked on it afterwards.
func (r *Recorder) Dismiss(id ID) { _ = r.Close(id) }

func (r *Recorder) Shutdown() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	r.acts.reset()
	r.notifyLocked()
	return nil
}

// Invoke plays the user pressing the button key of notification id. Like
// the real notifier it calls onAction at most once per notification and
// never after Close; unlike it, the call is synchronous, so a test sees its
// effects as soon as Invoke returns. It reports whether onAction was called.
func (r *Recorder) Invoke(id ID, key string) bool {
	fn := r.acts.take(id, key)
	if fn == nil {
		return false
	}
	fn(key)
	return true
}

// Shown returns every notification shown so far, oldest first.
func (r *Recorder) Shown() []Shown {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Shown(nil), r.shown...)
}

// Last returns the most recently shown notification.
func (r *Recorder) Last() (Shown, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.shown) == 0 {
		return Shown{}, false
	}
	return r.shown[len(r.shown)-1], true
}

// WaitFor blocks until cond, called with a snapshot after every change,
// returns true, or ctx ends (then it returns the context's error together
// with what was shown, to make test failures readable).
func (r *Recorder) WaitFor(ctx context.Context, cond func([]Shown) bool) error {
	for {
		r.mu.Lock()
		snap := append([]Shown(nil), r.shown...)
		changed := r.changed
		r.mu.Unlock()
		if cond(snap) {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return &WaitError{Err: ctx.Err(), Shown: snap}
		}
	}
}

// WaitError is WaitFor's error: the condition was not met.
type WaitError struct {
	Err   error
	Shown []Shown
}

func (e *WaitError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "notification condition not met: %v; shown:", e.Err)
	if len(e.Shown) == 0 {
		b.WriteString(" nothing")
	}
	for _, s := range e.Shown {
		fmt.Fprintf(&b, "\n  #%d %q %q", s.ID, s.Notification.Summary, s.Notification.Body)
		if s.Closed {
			b.WriteString(" (closed)")
		}
	}
	return b.String()
}

func (e *WaitError) Unwrap() error { return e.Err }

func (r *Recorder) markClosedLocked(id ID) {
	for i := range r.shown {
		if r.shown[i].ID == id {
			r.shown[i].Closed = true
		}
	}
}

func (r *Recorder) notifyLocked() {
	close(r.changed)
	r.changed = make(chan struct{})
}
