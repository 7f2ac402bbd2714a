package notify

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	enotify "github.com/esiqveland/notify"
	"github.com/godbus/dbus/v5"
)

// server is the part of the freedesktop notification API we call; the
// esiqveland notifier implements it, tests inject a fake.
type server interface {
	SendNotification(n enotify.Notification) (uint32, error)
	GetCapabilities() ([]string, error)
	CloseNotification(id uint32) (bool, error)
}

// session is one connection to the notification server.
type session struct {
	srv   server
	done  <-chan struct{} // closed when the connection is gone
	close func()          // idempotent; makes pending calls fail
}

// signalHandlers receive the server's signals; they must not block.
type signalHandlers struct {
	action func(id uint32, key string)
	closed func(id uint32)
}

type dialFunc func(o Options, h signalHandlers) (*session, error)

// freedesktop is the Notifier for org.freedesktop.Notifications.
type freedesktop struct {
	opts     Options
	dial     dialFunc
	dispatch func(func()) // runs an onAction call; a goroutine, never the signal loop
	acts     actionTable
	gen      atomic.Uint64 // bumped on every (re)connect and drop; stale signals are ignored
	actions  atomic.Bool   // server advertises "actions"

	mu        sync.Mutex // serializes calls to the server; guards the fields below
	sess      *session
	markup    bool // server renders body markup: escape the body
	closed    bool
	connected bool // a connection has existed (for the reconnect log line)
}

// newFreedesktop connects once, so that New can fall back when there is no
// server at all.
func newFreedesktop(o Options, dial dialFunc) (*freedesktop, error) {
	f := &freedesktop{opts: o, dial: dial, dispatch: func(fn func()) { go fn() }}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, err := f.connectLocked(); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *freedesktop) Name() string          { return "freedesktop" }
func (f *freedesktop) SupportsActions() bool { return f.actions.Load() }

func (f *freedesktop) Show(n Notification, onAction func(key string)) (ID, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return 0, ErrClosed
	}
	s, err := f.connectLocked()
	if err != nil {
		return 0, fmt.Errorf("show notification: %w", err)
	}
	wire := toWire(f.opts, n, f.markup)
	raw, err := callWithTimeout(f, s, func() (uint32, error) { return s.srv.SendNotification(wire) })
	if err != nil {
		return 0, fmt.Errorf("show notification: %w", err)
	}
	if raw == 0 {
		return 0, errors.New("show notification: the notification server returned id 0")
	}
	id := ID(raw)
	if len(n.Actions) == 0 {
		onAction = nil
	}
	f.acts.add(id, onAction, n.Actions)
	return id, nil
}

func (f *freedesktop) Close(id ID) error {
	// Forget first: from here on no click on it reaches the caller.
	if !f.acts.forget(id) {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.sess
	if f.closed || s == nil {
		return nil // its connection is gone, and with it the notification
	}
	_, err := callWithTimeout(f, s, func() (bool, error) { return s.srv.CloseNotification(uint32(id)) })
	if err != nil && !isServerReply(err) {
		return fmt.Errorf("close notification %d: %w", id, err)
	}
	// A server error reply means it had already gone (expired or dismissed).
	return nil
}

func (f *freedesktop) Shutdown() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil
	}
	f.closed = true
	f.gen.Add(1)
	f.acts.reset()
	if f.sess != nil {
		f.sess.close()
		f.sess = nil
	}
	return nil
}

// connectLocked returns the live session, dialing a new one when there is
// none or the previous one died (bus restarted, server crashed).
func (f *freedesktop) connectLocked() (*session, error) {
	if s := f.sess; s != nil {
		select {
		case <-s.done:
			f.opts.Logger.Info("notification bus connection lost")
			f.dropLocked(s)
		default:
			return s, nil
		}
	}
	gen := f.gen.Add(1)
	h := signalHandlers{
		action: func(id uint32, key string) {
			if f.gen.Load() != gen {
				return
			}
			if fn := f.acts.take(ID(id), key); fn != nil {
				f.dispatch(func() { fn(key) })
			}
		},
		closed: func(id uint32) {
			if f.gen.Load() == gen {
				f.acts.forget(ID(id))
			}
		},
	}
	type dialed struct {
		s   *session
		err error
	}
	ch := make(chan dialed, 1)
	go func() {
		s, err := f.dial(f.opts, h)
		ch <- dialed{s, err}
	}()
	timer := time.NewTimer(f.opts.CallTimeout)
	defer timer.Stop()
	var s *session
	select {
	case d := <-ch:
		if d.err != nil {
			return nil, fmt.Errorf("%w: %w", ErrUnavailable, d.err)
		}
		s = d.s
	case <-timer.C:
		go func() { // close whatever the slow dial eventually produces
			if d := <-ch; d.s != nil {
				d.s.close()
			}
		}()
		return nil, fmt.Errorf("%w: connecting: %w", ErrUnavailable, ErrTimeout)
	}
	f.sess = s
	caps, err := callWithTimeout(f, s, s.srv.GetCapabilities)
	if err != nil {
		f.dropLocked(s)
		return nil, fmt.Errorf("%w: asking its capabilities: %w", ErrUnavailable, err)
	}
	f.actions.Store(slices.Contains(caps, "actions"))
	f.markup = slices.Contains(caps, "body-markup")
	if f.connected {
		f.opts.Logger.Info("notification server reconnected")
	}
	f.connected = true
	f.opts.Logger.Debug("notification server connected", "capabilities", caps)
	return s, nil
}

// dropLocked closes s and forgets the notifications shown through it: a new
// server numbers its notifications from scratch.
func (f *freedesktop) dropLocked(s *session) {
	s.close()
	if f.sess == s {
		f.sess = nil
		f.gen.Add(1)
		f.acts.reset()
	}
}

// callWithTimeout runs one server call, giving up after the call timeout.
// On a timeout or a dead connection the session is dropped, so the next
// call reconnects instead of waiting on a hung peer again.
func callWithTimeout[T any](f *freedesktop, s *session, call func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := call()
		ch <- result{v, err}
	}()
	timer := time.NewTimer(f.opts.CallTimeout)
	defer timer.Stop()
	select {
	case r := <-ch:
		if r.err != nil {
			select {
			case <-s.done:
				f.dropLocked(s)
			default:
			}
		}
		return r.v, r.err
	case <-timer.C:
		f.opts.Logger.Warn("notification server did not answer in time; reconnecting on next use",
			"timeout", f.opts.CallTimeout)
		f.dropLocked(s)
		var zero T
		return zero, ErrTimeout
	}
}

// isServerReply reports whether err is an error answer from the server
// (as opposed to a transport failure).
func isServerReply(err error) bool {
	var v dbus.Error
	var p *dbus.Error
	return errors.As(err, &v) || errors.As(err, &p)
}

// toWire builds the D-Bus notification, cleaning text that comes from the
// phone (caller names): D-Bus refuses invalid UTF-8 and NUL bytes, and a
// server with body markup would otherwise interpret "<" and "&".
func toWire(o Options, n Notification, markup bool) enotify.Notification {
	body := cleanText(n.Body, maxBody)
	if markup {
		body = escapeMarkup(body)
	}
	w := enotify.Notification{
		AppName:    o.AppName,
		ReplacesID: uint32(n.Replaces),
		AppIcon:    iconURI(cmp.Or(n.Icon, o.Icon)),
		Summary:    cleanText(n.Summary, maxSummary),
		Body:       body,
		Hints: map[string]dbus.Variant{
			"urgency":  dbus.MakeVariant(byte(min(n.Urgency, UrgencyCritical))),
			"resident": dbus.MakeVariant(false),
		},
	}
	switch {
	case n.Timeout == 0:
		w.ExpireTimeout = enotify.ExpireTimeoutSetByNotificationServer
	case n.Timeout < 0:
		w.ExpireTimeout = enotify.ExpireTimeoutNever
	default:
		// The wire carries int32 milliseconds; round sub-millisecond values up
		// so they do not turn into "never expires".
		w.ExpireTimeout = max(min(n.Timeout, time.Duration(1<<31-1)*time.Millisecond), time.Millisecond)
	}
	if c := cleanText(n.Category, maxShort); c != "" {
		w.Hints["category"] = dbus.MakeVariant(c)
	}
	if d := cleanText(o.DesktopEntry, maxShort); d != "" {
		w.Hints["desktop-entry"] = dbus.MakeVariant(d)
	}
	for _, a := range n.Actions {
		key := cleanText(a.Key, maxShort)
		if key == "" {
			continue
		}
		w.Actions = append(w.Actions, enotify.Action{Key: key, Label: cleanText(a.Label, maxShort)})
	}
	return w
}

// iconURI turns an absolute path into the file:// URI the spec asks for;
// anything else is taken as a themed icon name.
func iconURI(icon string) string {
	icon = cleanText(icon, maxPath)
	if icon == "" || !filepath.IsAbs(icon) {
		return icon
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(icon)}).String()
}
