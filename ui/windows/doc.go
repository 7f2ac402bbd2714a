// Package windows holds GXP Tray's Fyne windows: the dial pad, settings, the
// incoming-call popup, recent calls, the fallback main window (for desktops
// without a tray host) and the reboot/factory-reset confirmations.
//
// Each window runs in a short-lived process (`gxptray ui <window> [args]`)
// started by the tray process on demand. It talks to the tray process only
// through the local API (package ui/localapi), so every command to the phone
// is still serialized in one place. The one exception is the settings
// window's "Test connection", which asks the phone directly when the tray
// process is not running, so a first-time user can check an address before
// anything is set up.
//
// Builders (NewDialPad, NewSettingsWindow, ...) take an Env and work with
// Fyne's test app, so the windows are tested without a display. Work that
// waits (local API calls, the event stream) runs in goroutines and hands its
// results to the UI goroutine through Env.Do (fyne.Do by default).
package windows
