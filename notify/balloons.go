package notify

import (
	"sync"
	"time"
)

// balloons shows plain notifications as balloons of one notification-area
// icon, kept for the notifier's life: shown with a balloon, hidden when
// the balloons are over, removed at Shutdown. beeep's Windows fallback
// (where there are no toasts: Windows before 10, Wine) adds a new icon for
// every notification and never takes it away from the thread that owns it,
// so a day of calls leaves a row of icons in the tray; a new balloon of the
// same icon replaces the one shown instead.
type balloons struct {
	open   func() (balloonIcon, error) // the icon, made at the first balloon
	linger time.Duration               // how long the icon stays after its last balloon
	after  func(time.Duration, func()) (stop func() bool)

	mu     sync.Mutex
	icon   balloonIcon
	gen    int         // counts balloons: a hide timer of an older one does nothing
	stop   func() bool // the pending hide
	closed bool
}

// balloonIcon is one notification-area icon that shows balloons.
type balloonIcon interface {
	Balloon(title, body string) error // shows the icon if hidden, then the balloon
	Hide() error                      // takes the icon off the tray, keeps it for the next balloon
	Remove() error                    // deletes the icon for good
}

// balloonLinger is how long the icon stays after its last balloon: about as
// long as Windows shows one.
const balloonLinger = 10 * time.Second

func newBalloons(open func() (balloonIcon, error)) *balloons {
	return &balloons{open: open, linger: balloonLinger, after: func(d time.Duration, f func()) func() bool {
		return time.AfterFunc(d, f).Stop
	}}
}

// notify has beeep.Notify's signature; the icon argument is the icon's own,
// set when it was made.
func (b *balloons) notify(title, body string, _ any) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrClosed
	}
	if b.icon == nil {
		icon, err := b.open()
		if err != nil {
			return err
		}
		b.icon = icon
	}
	if b.stop != nil {
		b.stop()
	}
	b.gen++
	gen := b.gen
	b.stop = b.after(b.linger, func() { b.hide(gen) })
	return b.icon.Balloon(title, body)
}

func (b *balloons) hide(gen int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if gen != b.gen || b.icon == nil {
		return
	}
	b.stop = nil
	_ = b.icon.Hide() // nothing to tell anybody: the next balloon shows it again
}

// close removes the icon; later balloons fail with ErrClosed.
func (b *balloons) close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	if b.stop != nil {
		b.stop()
		b.stop = nil
	}
	if b.icon == nil {
		return nil
	}
	err := b.icon.Remove()
	b.icon = nil
	return err
}
