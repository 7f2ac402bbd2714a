package tray

import (
	"log"

	"fyne.io/systray"
)

// setTrayIcon: the Windows tray takes .ico data only.
func setTrayIcon(png []byte) {
	ico, err := icoFromPNG(png)
	if err != nil {
		log.Printf("tray icon not set: %v", err)
		return
	}
	systray.SetIcon(ico)
}
