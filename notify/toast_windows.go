package notify

import (
	"cmp"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"git.sr.ht/~jackmordaunt/go-toast/v2/wintoast"
	ole "github.com/go-ole/go-ole"
)

// toastAppID is the name Windows shows above GXP Tray's toasts and in the
// notification centre; it is also the AppUserModelID they are sent for
// (HKCU\Software\Classes\AppUserModelId\GXP Tray, written by go-toast).
const toastAppID = "GXP Tray"

// toastActivatorGUID is the COM class Windows calls back when a toast of
// GXP Tray is clicked (HKCU\Software\Classes\AppUserModelId\GXP
// Tray\CustomActivator). It is GXP Tray's own, fixed for good: the
// installer's uninstaller removes what is registered under it.
const toastActivatorGUID = "{6E3B2F61-9C1A-4D7B-A8E5-2F0C4B9D7A13}"

// NewWithOptions is New with every knob: native toasts with buttons
// (go-toast, through the Windows Runtime's COM API) where the system has
// them, else beeep's plain notifications, which report no buttons, so the
// tray process opens its call window instead.
func NewWithOptions(o Options) Notifier {
	o = o.withDefaults()
	if err := toastsAvailable(); err != nil {
		o.Logger.Info("notify: no Windows toasts here; plain notifications, calls in a window", "err", err)
		return newBeeep(o, nil)
	}
	t, err := newToastNotifier(o, func(appID, xml string) error { return wintoast.Push(appID, xml) })
	if err != nil {
		o.Logger.Warn("notify: toasts not set up; plain notifications, calls in a window", "err", err)
		return newBeeep(o, nil)
	}
	return t
}

// toastsAvailable asks the Windows Runtime for the toast manager, on a
// thread of its own that is thrown away afterwards (RoInitialize holds per
// thread, and go-toast initializes the runtime itself on first use). Windows
// 10 and 11 have it; Wine 8 and Windows Server Core do not.
func toastsAvailable() error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with this goroutine
		if err := ole.RoInitialize(1); err != nil {
			var oe *ole.OleError
			if !errors.As(err, &oe) || oe.Code() != 1 { // S_FALSE: already initialized
				errc <- fmt.Errorf("RoInitialize: %w", err)
				return
			}
		}
		defer ole.CoUninitialize()
		f, err := ole.RoGetActivationFactory("Windows.UI.Notifications.ToastNotificationManager", ole.IID_IInspectable)
		if err != nil {
			errc <- fmt.Errorf("Windows.UI.Notifications.ToastNotificationManager: %w", err)
			return
		}
		f.Release()
		errc <- nil
	}()
	select {
	case err := <-errc:
		return err
	case <-time.After(5 * time.Second):
		return errors.New("the Windows Runtime did not answer")
	}
}

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

func newToastNotifier(o Options, push func(appID, xml string) error) (*toastNotifier, error) {
	icon := ""
	if isAbsWindowsPath(o.Icon) {
		icon = o.Icon
	}
	if err := wintoast.SetAppData(wintoast.AppData{AppID: toastAppID, GUID: toastActivatorGUID, IconPath: icon}); err != nil {
		return nil, err
	}
	t := &toastNotifier{opts: o, push: push, plain: newBeeep(o, nil), busy: make(chan struct{}, 1)}
	wintoast.SetActivationCallback(func(_, args string, _ []wintoast.UserData) { t.actions.activate(args) })
	return t, nil
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
