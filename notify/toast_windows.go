package notify

import (
	"errors"
	"fmt"
	"runtime"
	"time"

	"git.sr.ht/~jackmordaunt/go-toast/v2/wintoast"
	ole "github.com/go-ole/go-ole"
)

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

func newToastNotifier(o Options, push func(appID, xml string) error) (*toastNotifier, error) {
	icon := ""
	if isAbsWindowsPath(o.Icon) {
		icon = o.Icon
	}
	if err := wintoast.SetAppData(wintoast.AppData{AppID: toastAppID, GUID: toastActivatorGUID, IconPath: icon}); err != nil {
		return nil, err
	}
	t := newToasts(o, push, newBeeep(o, nil))
	wintoast.SetActivationCallback(func(_, args string, _ []wintoast.UserData) { t.actions.activate(args) })
	return t, nil
}
