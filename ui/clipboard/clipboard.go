// Package clipboard reads the text on the system clipboard and watches it
// for changes, without a GUI toolkit: the resident tray process uses it to
// offer "Call <number on the clipboard>".
//
// On Linux it reads the X11 CLIPBOARD selection itself through Xlib (cgo),
// and watches it with the XFixes extension, so no polling is needed. In a
// Wayland session without X11, or in a build without cgo, it runs wl-paste,
// xclip or xsel when installed, and Watch polls. Windows reads the
// clipboard through user32; macOS runs pbpaste.
//
// Clipboard content comes from any program: it is capped at MaxBytes,
// turned into valid UTF-8, and never trusted further.
package clipboard

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxBytes caps what is read: more than that is not a phone number.
const MaxBytes = 4096

// PollInterval is how often Watch reads the clipboard when the system
// cannot report changes.
const PollInterval = 2 * time.Second

// DefaultTimeout bounds a Read whose context has no deadline: a clipboard
// owner that does not answer must not hang the caller.
const DefaultTimeout = 2 * time.Second

var (
	// ErrUnavailable: no clipboard can be reached (no display, no tool).
	ErrUnavailable = errors.New("no clipboard available")
	// ErrTooLarge: the clipboard holds more than MaxBytes.
	ErrTooLarge = errors.New("clipboard content is too large")
	// ErrNoAnswer: the program owning the clipboard did not hand it over in time.
	ErrNoAnswer = errors.New("the program owning the clipboard did not answer")
)

// Read returns the clipboard's text; "" and no error when it is empty or
// holds no text. It gives up at ctx's deadline, or after DefaultTimeout.
func Read(ctx context.Context) (string, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return read(ctx)
}

// Watch calls fn with the clipboard's text now and after every change of
// it ("" when it becomes empty, or holds no text or too much), on Watch's
// goroutine, until ctx ends; then it returns nil. It returns an error at
// once when no clipboard can be reached, or later if the display goes away.
func Watch(ctx context.Context, fn func(text string)) error {
	return watch(ctx, fn)
}

// cleanText makes what another program put on the clipboard valid UTF-8.
func cleanText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// latin1 decodes the X11 STRING type (ISO 8859-1).
func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// changes calls fn only when the text differs from the last one delivered.
type changes struct {
	fn      func(string)
	last    string
	started bool
}

func (c *changes) offer(text string) {
	if c.started && text == c.last {
		return
	}
	c.started, c.last = true, text
	c.fn(text)
}

// poll is Watch for systems without change notification.
func poll(ctx context.Context, fn func(string), interval time.Duration) error {
	text, err := Read(ctx)
	if errors.Is(err, ErrUnavailable) {
		return err
	}
	ch := changes{fn: fn}
	if err == nil {
		ch.offer(text)
	} else if errors.Is(err, ErrTooLarge) {
		ch.offer("")
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		text, err := Read(ctx)
		switch {
		case err == nil:
			ch.offer(text)
		case errors.Is(err, ErrTooLarge):
			ch.offer("")
		}
		// Other errors (an owner that did not answer) keep the last text.
	}
}
