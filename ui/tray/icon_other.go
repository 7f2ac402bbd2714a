//go:build !windows

package tray

import "fyne.io/systray"

// setTrayIcon: the StatusNotifierItem and macOS trays take PNG data.
func setTrayIcon(png []byte) { systray.SetIcon(png) }
