package notify

import (
	"errors"
	"time"
)

// ID identifies a shown notification. It is the server's id for the
// freedesktop notifier, a local counter for the others. 0 is never a valid id.
type ID uint32

// Urgency is the freedesktop urgency level; servers may style or sort by it
// (critical ones usually stay until dismissed).
type Urgency byte

const (
	UrgencyLow Urgency = iota
	UrgencyNormal
	UrgencyCritical
)

// Action is one button of a notification. Key comes back to the onAction
// callback; Label is what the user reads.
type Action struct{ Key, Label string }

// Notification is what Show displays.
type Notification struct {
	Summary, Body string
	// Icon is the absolute path of an image file or a freedesktop icon name.
	Icon    string
	Actions []Action
	Urgency Urgency
	// Timeout: 0 leaves the duration to the server, < 0 never expires.
	Timeout time.Duration
	// Category is a freedesktop category such as "call.incoming".
	Category string
	// Replaces updates the notification with that id in place (0: a new one).
	Replaces ID
}

// Notifier shows notifications. Implementations are safe for concurrent use.
type Notifier interface {
	// Show displays n. onAction (may be nil) is called at most once per
	// notification, with the action key, from another goroutine, even when
	// the desktop reports the click twice, and not once Close(id) has been
	// called or the notification has been closed.
	Show(n Notification, onAction func(key string)) (ID, error)
	// Close removes the notification; unknown or already closed ids are a no-op.
	Close(id ID) error
	// SupportsActions reports whether buttons are shown at all.
	SupportsActions() bool
	// Name is "freedesktop", "beeep" or "recorder", for logs and diagnostics.
	Name() string
	// Shutdown releases the notifier's resources (its bus connection);
	// Show fails with ErrClosed afterwards.
	Shutdown() error
}

var (
	// ErrClosed: the notifier was shut down.
	ErrClosed = errors.New("notifier is shut down")
	// ErrTimeout: the notification service did not answer in time; the
	// connection is dropped and the next Show reconnects.
	ErrTimeout = errors.New("notification service did not answer in time")
	// ErrUnavailable: no notification service can be reached.
	ErrUnavailable = errors.New("no desktop notification service")
)

// DefaultCallTimeout bounds every call to the notification service, so a
// hung desktop never blocks the caller for long.
const DefaultCallTimeout = 2 * time.Second
