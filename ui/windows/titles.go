package windows

import "github.com/gxptray/gxptray/ui/i18n"

// Window names as used on the command line (`gxptray ui <name>`) and by the
// local API's Show.
const (
	WindowDialPad  = "dialpad"
	WindowSettings = "settings"
	WindowPopup    = "popup"
	WindowHistory  = "history"
	WindowMain     = "main"
	WindowReboot   = "reboot"
	WindowReset    = "reset"
	// WindowNotRunning is the message shown instead of a window when the tray
	// process is not running.
	WindowNotRunning = "not-running"
)

// Names lists the windows Run accepts.
func Names() []string {
	return []string{WindowDialPad, WindowSettings, WindowPopup, WindowHistory, WindowMain, WindowReboot, WindowReset}
}

// titleKeys holds every window title in one place: end-to-end tests find
// windows by title, so these stay stable per language.
var titleKeys = map[string]string{
	WindowDialPad:    "window.title.dialpad",    // "GXP Tray — Dial pad"
	WindowSettings:   "window.title.settings",   // "GXP Tray — Settings"
	WindowPopup:      "window.title.popup",      // "Incoming call"
	WindowHistory:    "window.title.history",    // "GXP Tray — Recent calls"
	WindowMain:       "window.title.main",       // "GXP Tray"
	WindowReboot:     "window.title.reboot",     // "GXP Tray — Reboot the phone"
	WindowReset:      "window.title.reset",      // "GXP Tray — Factory reset"
	WindowNotRunning: "window.title.notrunning", // "GXP Tray"
}

// Title is the title of the named window in the catalog's language.
func Title(cat *i18n.Catalog, window string) string {
	if key, ok := titleKeys[window]; ok {
		return cat.T(key)
	}
	return "GXP Tray"
}
