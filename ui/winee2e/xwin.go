//go:build e2e && wine

package winee2e

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// XWindow is a top-level X window as xwininfo lists it.
type XWindow struct {
	ID, Title, Class string
}

// windowLine is one line of `xwininfo -root -tree`:
//
//	0x400008 "Wine System Tray": ("explorer.exe" "explorer.exe")  160x20+3+22  +3+22
var windowLine = regexp.MustCompile(`^\s*(0x[0-9a-f]+) "(.*)": \("([^"]*)"`)

// Windows lists the display's named windows.
func (w *Wine) Windows(ctx context.Context) ([]XWindow, error) {
	cmd := exec.CommandContext(ctx, "xwininfo", "-root", "-tree", "-display", w.Display)
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("xwininfo: %w", err)
	}
	var list []XWindow
	for _, line := range strings.Split(string(out), "\n") {
		if m := windowLine.FindStringSubmatch(line); m != nil {
			list = append(list, XWindow{ID: m[1], Title: m[2], Class: m[3]})
		}
	}
	return list, nil
}

// Viewable reports whether the window is mapped and visible.
func (w *Wine) Viewable(ctx context.Context, id string) bool {
	out, err := exec.CommandContext(ctx, "xwininfo", "-id", id, "-display", w.Display).Output()
	return err == nil && strings.Contains(string(out), "Map State: IsViewable")
}

// WaitWindow waits for a viewable window titled title.
func (w *Wine) WaitWindow(ctx context.Context, title string) (XWindow, error) {
	var found XWindow
	err := waitFor(ctx, fmt.Sprintf("a window %q", title), func() error {
		list, err := w.Windows(ctx)
		if err != nil {
			return err
		}
		var titles []string
		for _, x := range list {
			if x.Title == title && w.Viewable(ctx, x.ID) {
				found = x
				return nil
			}
			titles = append(titles, x.Title)
		}
		return fmt.Errorf("windows on the display: %q", titles)
	})
	return found, err
}

// Shot saves a window (id "root": the whole screen) as a PNG in the
// artifacts and returns its path.
func (w *Wine) Shot(ctx context.Context, id, name string) (string, error) {
	path := filepath.Join(w.Artifacts, name+".png")
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	out, err := exec.CommandContext(sctx, "import", "-display", w.Display, "-window", id, path).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("screenshot %s: %v: %s", name, err, out)
	}
	return path, nil
}

// ColouredPixels counts the pixels of a PNG that are clearly coloured
// (not white, grey or black): the tray icon's blue on the tray's grey.
func ColouredPixels(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return 0, err
	}
	return coloured(img), nil
}

func coloured(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			hi, lo := max(r, g, bl), min(r, g, bl)
			if hi-lo > 0x4000 { // a quarter of the range between channels
				n++
			}
		}
	}
	return n
}
