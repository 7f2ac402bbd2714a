// Package disc draws the baselines' tray icon: a 64x64 disc, about the size
// of a tray icon's largest picture, so that the baselines do not depend on
// the project's assets.
package disc

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
)

// PNG returns the icon.
func PNG() []byte {
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
		panic(err) // encoding an in-memory image cannot fail
	}
	return b.Bytes()
}
