// Command fynetray is a baseline for GXP Tray's idle cost: the smallest Fyne
// application with a tray icon and menu. It opens no window and does
// nothing but run Fyne's event loop, so what it costs at rest is what a
// tray process pays for being a Fyne application at all.
//
// `make bench` builds it and runs it beside the tray process on the same
// headless desktop (a StatusNotifierWatcher must be up first).
package main

import (
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/gxptray/gxptray/scripts/baselines/disc"
)

func main() {
	a := app.New()
	desk, ok := a.(desktop.App)
	if !ok {
		log.Fatal("fynetray: this driver has no system tray")
	}
	desk.SetSystemTrayIcon(fyne.NewStaticResource("tray.png", disc.PNG()))
	desk.SetSystemTrayMenu(fyne.NewMenu("Baseline", fyne.NewMenuItem("Hello", func() {})))
	a.Run()
}
