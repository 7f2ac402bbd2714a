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
// (toastxml.go) and go to the callback of that notification.
type toastNotifier struct {
	opts    Options
	push    func(appID, xml string) error
	plain   Notifier      // after a failed push: beeep, and no buttons any more
	busy    chan struct{} // one push in flight
	actions actionTable

	mu     sync.Mutex
	last   ID
	broken bool
	closed bool
}

// newToasts pushes with push (go-toast's on Windows) and falls back to
// plain.
func newToasts(o Options, push func(appID, xml string) error, plain Notifier) *toastNotifier {
	return &toastNotifier{opts: o, push: push, plain: plain, busy: make(chan struct{}, 1)}
}

func (t *toastNotifier) Name() string { return "toast" }

// SupportsActions is true until a push failed.
func (t *toastNotifier) SupportsActions() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return !t.broken
}

// Close forgets id: a later click on its buttons does nothing. go-toast
// v2.0.3 sends untagged toasts and has no access to the notification
// history, so the toast itself stays until it times out or is dismissed.
func (t *toastNotifier) Close(id ID) error {
	t.actions.forget(id)
	return nil
}

func (t *toastNotifier) Shutdown() error {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	t.actions.reset()
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
	if err := t.pushTimed(xml); err != nil {
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

// pushTimed pushes at most one toast at a time and waits at most the call
// timeout (a push that takes longer finishes in the background).
func (t *toastNotifier) pushTimed(xml string) error {
	timer := time.NewTimer(t.opts.CallTimeout)
	defer timer.Stop()
	select {
	case t.busy <- struct{}{}:
	case <-timer.C:
		return ErrTimeout
	}
	done := make(chan error, 1)
	go func() {
		defer func() { <-t.busy }()
		done <- t.push(toastAppID, xml)
	}()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		return ErrTimeout
	}
}
