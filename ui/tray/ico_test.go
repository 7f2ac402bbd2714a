package tray

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/gxptray/gxptray/assets"
)

func TestIcoFromPNGIsWhatWindowsReads(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	img.Set(0, 0, color.NRGBA{R: 200, G: 100, B: 50, A: 128}) // top left, half transparent
	img.Set(2, 1, color.NRGBA{R: 1, G: 2, B: 3, A: 255})      // bottom right
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	ico, err := icoFromPNG(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	u16 := func(off int) int { return int(binary.LittleEndian.Uint16(ico[off:])) }
	u32 := func(off int) int { return int(binary.LittleEndian.Uint32(ico[off:])) }
	if u16(0) != 0 || u16(2) != 1 || u16(4) != 1 {
		t.Fatalf("ICONDIR = % x, want an icon with one image", ico[:6])
	}
	if ico[6] != 3 || ico[7] != 2 || u16(12) != 32 {
		t.Errorf("entry: %dx%d at %d bits, want 3x2 at 32", ico[6], ico[7], u16(12))
	}
	size, off := u32(14), u32(18)
	if off != 22 || off+size != len(ico) {
		t.Fatalf("entry says %d bytes at %d; file has %d", size, off, len(ico))
	}
	if u32(off) != 40 || u32(off+4) != 3 || u32(off+8) != 4 || u16(off+14) != 32 {
		t.Errorf("BITMAPINFOHEADER = % x, want 40-byte header, 3 wide, 2*2 high, 32 bits", ico[off:off+16])
	}
	pix := off + 40
	// Rows bottom-up: the first row stored is y=1, whose last pixel is (2,1).
	if got := ico[pix+2*4 : pix+3*4]; !bytes.Equal(got, []byte{3, 2, 1, 255}) {
		t.Errorf("pixel (2,1) = % x, want BGRA 03 02 01 ff", got)
	}
	// Row y=0 comes second; (0,0) keeps its colour and straight alpha.
	got := ico[pix+3*4 : pix+4*4]
	if got[3] != 128 || absDiff(got[0], 50) > 1 || absDiff(got[1], 100) > 1 || absDiff(got[2], 200) > 1 {
		t.Errorf("pixel (0,0) = % x, want about BGRA 32 64 c8 80", got)
	}
	if mask := ico[pix+3*2*4:]; len(mask) != 2*4 || !bytes.Equal(mask, make([]byte, 8)) {
		t.Errorf("AND mask = % x, want two zero rows of 4 bytes", mask)
	}

	for _, name := range assets.Names() {
		_, err := icoFromPNG(assets.Icon(name))
		if name == assets.AppIcon {
			if err == nil {
				t.Errorf("%s (256 px) converted; an entry cannot say 256 in this format", name)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := icoFromPNG([]byte("not a png")); err == nil {
		t.Error("garbage converted")
	}
}

func absDiff(a, b byte) byte {
	if a > b {
		return a - b
	}
	return b - a
}
