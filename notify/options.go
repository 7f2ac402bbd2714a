package notify

import (
	"io"
	"log/slog"
	"time"
)

// Options configure New.
type Options struct {
	// AppName is shown by the server as the sender, e.g. "GXP Tray".
	AppName string
	// DesktopEntry is the basename of the application's .desktop file
	// ("gxptray"); servers use it to find the icon and group notifications.
	DesktopEntry string
	// Icon is used for notifications that name none: an absolute PNG path
	// or an icon name. Without it servers show no icon at all.
	Icon string
	// CallTimeout bounds each call to the service; 0 means DefaultCallTimeout.
	CallTimeout time.Duration
	// Logger receives diagnostics; nil discards them.
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.AppName == "" {
		o.AppName = "GXP Tray"
	}
	if o.CallTimeout <= 0 {
		o.CallTimeout = DefaultCallTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return o
}

// New returns the best notifier available: freedesktop (with buttons) when
// the session bus and a notification server answer, beeep otherwise. A
// notifier that started on beeep tries the server again on a later Show (at
// most once every 30 s, waiting at most one call timeout) and switches to it
// for good once it answers: at login the application often starts before
// the desktop's notification server. SupportsActions and Name follow the
// switch. New never fails; a notifier that cannot show anything returns
// errors from Show.
func New(appName string, logger *slog.Logger) Notifier {
	return NewWithOptions(Options{AppName: appName, DesktopEntry: "gxptray", Logger: logger})
}
