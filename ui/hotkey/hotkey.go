package hotkey

import (
	"errors"
	"fmt"
	"sync"
)

var (
	// ErrUnsupported: this build or system has no global hotkey support.
	ErrUnsupported = errors.New("global hotkeys are not supported on this system")
	// ErrNoX11: there is no X11 display to grab keys on.
	ErrNoX11 = errors.New("global hotkeys need X11")
	// ErrTaken: another program already holds the combination.
	ErrTaken = errors.New("the key combination is already taken by another program")
)

// Hotkey is a registered combination.
type Hotkey struct {
	combo Combo
	once  sync.Once
	stop  func() error
	err   error
}

// Register grabs c system-wide and calls fn, on the hotkey's own goroutine,
// each time it is pressed (not on key repeat or release). Errors wrap
// ErrInvalid, ErrNoX11, ErrTaken or ErrUnsupported, or describe a display
// that cannot be opened.
func Register(c Combo, fn func()) (*Hotkey, error) {
	if err := c.check(); err != nil {
		return nil, fmt.Errorf("%w %s: %w", ErrInvalid, c, err)
	}
	if fn == nil {
		return nil, errors.New("hotkey: nil callback")
	}
	stop, err := register(c, fn)
	if err != nil {
		return nil, &RegisterError{Combo: c, Err: err}
	}
	return &Hotkey{combo: c, stop: stop}, nil
}

// RegisterError is a combination the system would not grab; Err says why
// (it wraps ErrTaken, ErrNoX11...).
type RegisterError struct {
	Combo Combo
	Err   error
}

func (e *RegisterError) Error() string { return fmt.Sprintf("hotkey %s: %v", e.Combo, e.Err) }

// Unwrap returns why.
func (e *RegisterError) Unwrap() error { return e.Err }

// Combo is the registered combination.
func (h *Hotkey) Combo() Combo { return h.combo }

// Unregister releases the combination and waits until fn can no longer be
// called. Calling it again does nothing.
func (h *Hotkey) Unregister() error {
	h.once.Do(func() { h.err = h.stop() })
	return h.err
}
