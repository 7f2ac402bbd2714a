package tray

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image/png"
)

// icoFromPNG converts a PNG tray icon into the .ico that Windows' tray
// (fyne.io/systray loads it with LoadImage) needs: one 32-bit image with
// alpha as a DIB, the format every Windows (and Wine) reads; PNG data
// inside an .ico is read by Windows Vista and later only for 256-pixel
// images. Icons larger than 255 pixels are refused: the tray icons are 64.
func icoFromPNG(data []byte) ([]byte, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("tray icon: %w", err)
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < 1 || h < 1 || w > 255 || h > 255 {
		return nil, fmt.Errorf("tray icon: %dx%d is not an icon size", w, h)
	}
	maskRow := ((w + 31) / 32) * 4 // 1 bit per pixel, rows padded to 32 bits
	dib := 40 + w*h*4 + maskRow*h

	var out bytes.Buffer
	le := func(v any) { _ = binary.Write(&out, binary.LittleEndian, v) }
	le([3]uint16{0, 1, 1})                                  // ICONDIR: reserved, icon, one image
	le([4]uint8{uint8(w), uint8(h), 0, 0})                  // size, no palette
	le([2]uint16{1, 32})                                    // planes, bits per pixel
	le([2]uint32{uint32(dib), 22})                          // bytes, offset after the headers
	le([3]int32{40, int32(w), int32(2 * h)})                // BITMAPINFOHEADER: XOR and AND halves
	le([2]uint16{1, 32})                                    // planes, bits
	le([6]uint32{0, uint32(w*h*4 + maskRow*h), 0, 0, 0, 0}) // BI_RGB, image size
	for y := h - 1; y >= 0; y-- {                           // bottom-up rows of BGRA
		for x := 0; x < w; x++ {
			r, g, bl, a := img.At(b.Min.X+x, b.Min.Y+y).RGBA()
			if a > 0 { // un-premultiply: the DIB holds straight alpha
				r, g, bl = r*0xffff/a, g*0xffff/a, bl*0xffff/a
			}
			out.Write([]byte{uint8(bl >> 8), uint8(g >> 8), uint8(r >> 8), uint8(a >> 8)})
		}
	}
	out.Write(make([]byte, maskRow*h)) // AND mask all 0: the alpha channel decides
	return out.Bytes(), nil
}
