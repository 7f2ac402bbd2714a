package notify

import (
	"cmp"
	"sync"
	"time"

	"github.com/gen2brain/beeep"
)

// beeepNotifier is the fallback: plain notifications through beeep (D-Bus or
// notify-send on Linux, toast on Windows, osascript on macOS). No buttons,
// no real ids, nothing to close.
type beeepNotifier struct {
	opts   Options
	notify func(title, message string, icon any) error
	busy   chan struct{} // one notification in flight: beeep cannot be cancelled

	mu     sync.Mutex
	last   ID
	closed bool
}

// newBeeep uses notify (beeep.Notify when nil).
func newBeeep(o Options, notify func(title, message string, icon any) error) *beeepNotifier {
	if notify == nil {
		// beeep keeps its application name in a package variable.
		beeep.AppName = o.AppName
		notify = beeep.Notify
	}
	return &beeepNotifier{opts: o, notify: notify, busy: make(chan struct{}, 1)}
}

func (b *beeepNotifier) Name() string          { return "beeep" }
func (b *beeepNotifier) SupportsActions() bool { return false }
func (b *beeepNotifier) Close(ID) error        { return nil }

func (b *beeepNotifier) Shutdown() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	return nil
}

// Show ignores Actions, Urgency, Timeout, Category and Replaces, which beeep
// cannot express; onAction is never called.
func (b *beeepNotifier) Show(n Notification, _ func(key string)) (ID, error) {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return 0, ErrClosed
	}
	b.last++
	if b.last == 0 {
		b.last = 1
	}
	id := b.last
	b.mu.Unlock()

	timer := time.NewTimer(b.opts.CallTimeout)
	defer timer.Stop()
	select {
	case b.busy <- struct{}{}:
	case <-timer.C:
		return 0, ErrTimeout
	}
	title, body, icon := cleanText(n.Summary, maxSummary), cleanText(n.Body, maxBody), cleanText(cmp.Or(n.Icon, b.opts.Icon), maxPath)
	done := make(chan error, 1)
	go func() {
		defer func() { <-b.busy }()
		done <- b.notify(title, body, icon)
	}()
	select {
	case err := <-done:
		if err != nil {
			return 0, err
		}
		return id, nil
	case <-timer.C:
		return 0, ErrTimeout
	}
}
