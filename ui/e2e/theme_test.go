//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"image"
	"testing"
	"time"
)

// brightness is the mean luminance (0..255) of img.
func brightness(img image.Image) float64 {
	b := img.Bounds()
	var sum float64
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y += 4 {
		for x := b.Min.X; x < b.Max.X; x += 4 {
			r, g, bl, _ := img.At(x, y).RGBA()
			sum += (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(bl)) / 257
			n++
		}
	}
	return sum / float64(n)
}

// TestWindowsFollowTheColorScheme: the windows take the desktop's light or
// dark preference from the freedesktop portal, at start and when it
// changes while they are open.
func TestWindowsFollowTheColorScheme(t *testing.T) {
	s := newSession(t, sessionOptions{})
	portal, err := s.d.StartPortal(SchemeLight)
	if err != nil {
		t.Fatal(err)
	}
	s.click(labelSettings)
	w := s.waitWindow(titleSettings)
	wantBrightness := func(what string, ok func(float64) bool) {
		t.Helper()
		err := waitFor(s.within(15*time.Second), what, func(ctx context.Context) error {
			img, err := w.Capture(ctx)
			if err != nil {
				return err
			}
			if v := brightness(img); !ok(v) {
				return fmt.Errorf("mean brightness %.0f", v)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	wantBrightness("a light window", func(v float64) bool { return v > 170 })
	s.step("light")
	if err := portal.SetScheme(SchemeDark); err != nil {
		t.Fatal(err)
	}
	wantBrightness("the window turned dark", func(v float64) bool { return v < 80 })
	s.step("dark")
}
