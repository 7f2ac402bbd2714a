package notify

import (
	"cmp"
	"errors"
	"sync"
	"time"
)

// toastAppID is the name Windows shows above GXP Tray's toasts and in the
// notification centre; it is also the AppUserModelID they are sent for
// (HKCU\Software\Classes\AppUserModelId\GXP Tray, written by go-toast).
const toastAppID = "GXP Tray"

// toastNotifier shows toasts with buttons; clicks come back through
// go-toast's activation callback as the arguments of the clicked button
// (toastxml.go) and go to the callback of that notification. Close takes
// the toast off the screen.
type toastNotifier struct {
	opts    Options
	push    pushToast
	plain   Notifier      // after a failed push: beeep, and no buttons any more
	busy    chan struct{} // one push in flight
	actions actionTable
	shown   shownToasts

	mu     sync.Mutex
	last   ID
	broken bool
	closed bool
}

// pushToast shows toast XML for appID (internal/wintoast on Windows).
type pushToast func(appID, xml string) (shownToast, error)

// newToasts pushes with push and falls back to plain.
func newToasts(o Options, push pushToast, plain Notifier) *toastNotifier {
	return &toastNotifier{opts: o, push: push, plain: plain, busy: make(chan struct{}, 1)}
}

func (t *toastNotifier) Name() string { return "toast" }

// SupportsActions is true until a push failed.
func (t *toastNotifier) SupportsActions() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return !t.broken
}

// Close forgets id, so a later click on its buttons does nothing, and
// takes its toast off the screen. The Hide waits behind a hung push rather
// than being dropped, and Close waits for it at most the call timeout.
func (t *toastNotifier) Close(id ID) error {
	t.actions.forget(id)
	s := t.shown.take(id)
	if s == nil {
		return nil
	}
	timer := time.NewTimer(t.opts.CallTimeout)
	defer timer.Stop()
	return await(timer, s.Hide)
}

// activate handles a click on a toast: Windows has taken that toast off
// the screen, so it is released, and a button's callback runs.
func (t *toastNotifier) activate(args string) {
	if id, _, ok := parseToastArgs(args); ok {
		if s := t.shown.take(id); s != nil {
			s.Release()
		}
	}
	t.actions.activate(args)
}

func (t *toastNotifier) Shutdown() error {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	t.actions.reset()
	t.shown.shutdown()
	return t.plain.Shutdown()
}

// Show pushes n as a toast. A failed push falls back to a plain
// notification for this and every later one, and SupportsActions turns
// false, so the tray process opens its call window from then on.
func (t *toastNotifier) Show(n Notification, onAction func(key string)) (ID, error) {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return 0, ErrClosed
	}
	if t.broken {
		t.mu.Unlock()
		return t.plain.Show(n, nil)
	}
	t.last++
	if t.last == 0 {
		t.last = 1
	}
	id := t.last
	t.mu.Unlock()

	xml, err := toastXML(buildToast(toastAppID, n, id, cmp.Or(n.Icon, t.opts.Icon)))
	if err != nil {
		return 0, err
	}
	t.actions.add(id, onAction, n.Actions)
	push := func() error {
		s, err := t.push(toastAppID, xml)
		if err == nil {
			t.shown.keep(id, s) // also after a timeout, to be released like the others
		}
		return err
	}
	if err := t.pushTimed(push); err != nil {
		t.actions.forget(id)
		if errors.Is(err, ErrTimeout) {
			return 0, err
		}
		t.opts.Logger.Warn("notify: toast not shown; plain notifications from now on", "err", err)
		t.mu.Lock()
		t.broken = true
		t.mu.Unlock()
		return t.plain.Show(n, nil)
	}
	return id, nil
}

// pushTimed pushes at most one toast at a time (a push that has to wait longer
// than the call timeout is dropped) and waits at most the call timeout.
func (t *toastNotifier) pushTimed(push func() error) error {
	timer := time.NewTimer(t.opts.CallTimeout)
	defer timer.Stop()
	select {
	case t.busy <- struct{}{}:
	case <-timer.C:
		return ErrTimeout
	}
	return await(timer, func() error {
		defer func() { <-t.busy }()
		return push()
	})
}

// await runs call in the background and waits for it until timer fires (a
// call that takes longer finishes in the background).
func await(timer *time.Timer, call func() error) error {
	done := make(chan error, 1)
	go func() { done <- call() }()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		return ErrTimeout
	}
}
