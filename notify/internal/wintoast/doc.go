// Package wintoast shows a Windows toast and takes it off the screen again.
//
// go-toast (git.sr.ht/~jackmordaunt/go-toast/v2) stays GXP Tray's toast
// library for the XML template, the AppUserModelID registration and the
// activation callback. Its Push releases the toast and its notifier as soon
// as the toast is shown, and its toasts carry no tag, so nothing can remove
// one later: the incoming-call toast would stay on screen after the call was
// answered elsewhere. This package makes the same Windows Runtime calls as
// Push but keeps both objects, so that Hide can call IToastNotifier::Hide.
//
// Every call runs on one locked OS thread that initialized the Windows
// Runtime (multithreaded apartment) and lives as long as the process, as do
// the registration of go-toast's activator and the objects a Toast holds.
package wintoast
