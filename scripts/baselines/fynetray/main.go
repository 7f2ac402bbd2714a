// Command fynetray is a baseline for GXP Tray's idle cost: the smallest Fyne
// application with a tray icon and menu. It opens no window and does
// nothing but run Fyne's event loop, so what it costs at rest is what a
// tray process pays for being a Fyne application at all.
//
// `make bench` builds it and runs it beside the tray process on the same
// headless desktop (a StatusNotifierWatcher must be up first).
package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"
)

func main() {
	a := app.New()
	desk, ok := a.(desktop.App)
	if !ok {
		log.Fatal("fynetray: this driver has no system tray")
	}
	desk.SetSystemTrayIcon(fyne.NewStaticResource("tray.png", trayIcon()))
	desk.SetSystemTrayMenu(fyne.NewMenu("Baseline", fyne.NewMenuItem("Hello", func() {})))
	a.Run()
}

// trayIcon is a 64x64 disc, about the size of a tray icon's largest
// picture: the baseline must not depend on the project's assets.
func trayIcon() []byte {
	const size = 64
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	c := color.NRGBA{R: 0x29, G: 0x6f, B: 0xf6, A: 0xff}
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			dx, dy := x-size/2, y-size/2
			if dx*dx+dy*dy <= (size/2-2)*(size/2-2) {
				img.SetNRGBA(x, y, c)
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		log.Fatal(err)
	}
	return b.Bytes()
}
