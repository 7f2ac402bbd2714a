package notify

import (
	"errors"
	"time"

	gotoast "git.sr.ht/~jackmordaunt/go-toast/v2/wintoast"

	"github.com/gxptray/gxptray/notify/internal/wintoast"
)

// toastActivatorGUID is the COM class Windows calls back when a toast of
// GXP Tray is clicked (HKCU\Software\Classes\AppUserModelId\GXP
// Tray\CustomActivator). It is GXP Tray's own, fixed for good: the
// installer's uninstaller removes what is registered under it.
const toastActivatorGUID = "{6E3B2F61-9C1A-4D7B-A8E5-2F0C4B9D7A13}"

// NewWithOptions is New with every knob: native toasts with buttons
// (go-toast's XML and activation callback, shown through the Windows
// Runtime's COM API by internal/wintoast) where the system has
// them, else beeep's plain notifications, which report no buttons, so the
// tray process opens its call window instead.
func NewWithOptions(o Options) Notifier {
	o = o.withDefaults()
	if err := toastsAvailable(); err != nil {
		o.Logger.Info("notify: no Windows toasts here; plain notifications, calls in a window", "err", err)
		return newBeeep(o, nil)
	}
	t, err := newToastNotifier(o, showToast)
	if err != nil {
		o.Logger.Warn("notify: toasts not set up; plain notifications, calls in a window", "err", err)
		return newBeeep(o, nil)
	}
	return t
}

// toastsAvailable asks the Windows Runtime for the toast manager, waiting
// at most 5 seconds for an answer.
func toastsAvailable() error {
	errc := make(chan error, 1)
	go func() { errc <- wintoast.Available() }()
	select {
	case err := <-errc:
		return err
	case <-time.After(5 * time.Second):
		return errors.New("the Windows Runtime did not answer")
	}
}

// showToast shows through internal/wintoast, which keeps what Close needs
// to take the toast off the screen (go-toast's Push does not).
func showToast(appID, xml string) (shownToast, error) {
	t, err := wintoast.Show(appID, xml)
	if err != nil {
		return nil, err // not a typed nil in the interface
	}
	return t, nil
}

func newToastNotifier(o Options, push pushToast) (*toastNotifier, error) {
	icon := ""
	if isAbsWindowsPath(o.Icon) {
		icon = o.Icon
	}
	if err := gotoast.SetAppData(gotoast.AppData{AppID: toastAppID, GUID: toastActivatorGUID, IconPath: icon}); err != nil {
		return nil, err
	}
	t := newToasts(o, push, newBeeep(o, nil))
	gotoast.SetActivationCallback(func(_, args string, _ []gotoast.UserData) { t.activate(args) })
	return t, nil
}
