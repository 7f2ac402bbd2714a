//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Window is an X window of the session, found by its title.
type Window struct {
	ID    string // X window id, decimal as xdotool prints it
	Title string
	d     *Desktop
}

// WaitWindow waits until a visible window titled exactly title exists
// (xdotool search --sync) and returns it.
func (d *Desktop) WaitWindow(ctx context.Context, title string) (Window, error) {
	out, err := d.Run(ctx, "", "xdotool", "search", "--sync", "--onlyvisible", "--name", exactly(title))
	if err != nil {
		return Window{}, fmt.Errorf("window %q did not appear: %w (windows now: %s)", title, err, d.windowTitles())
	}
	ids := strings.Fields(out)
	if len(ids) == 0 {
		return Window{}, fmt.Errorf("window %q: xdotool found nothing", title)
	}
	return Window{ID: ids[len(ids)-1], Title: title, d: d}, nil
}

// FindWindows lists the visible windows titled exactly title, now.
func (d *Desktop) FindWindows(ctx context.Context, title string) ([]Window, error) {
	ids, err := d.visibleWindows(ctx, "--name", exactly(title))
	var ws []Window
	for _, id := range ids {
		ws = append(ws, Window{ID: id, Title: title, d: d})
	}
	return ws, err
}

// WaitNoWindow waits until no visible window is titled exactly title.
func (d *Desktop) WaitNoWindow(ctx context.Context, title string) error {
	return d.waitNoneVisible(ctx, fmt.Sprintf("window %q gone", title), "--name", exactly(title))
}

// WaitDunst waits for a notification drawn by dunst on the screen and
// returns its window.
func (d *Desktop) WaitDunst(ctx context.Context) (Window, error) {
	out, err := d.Run(ctx, "", "xdotool", "search", "--sync", "--onlyvisible", "--class", "Dunst")
	ids := strings.Fields(out)
	if err != nil || len(ids) == 0 {
		return Window{}, fmt.Errorf("no notification on the screen: %v", err)
	}
	return Window{ID: ids[0], Title: "dunst", d: d}, nil
}

// WaitNoDunst waits until dunst shows no notification.
func (d *Desktop) WaitNoDunst(ctx context.Context) error {
	return d.waitNoneVisible(ctx, "no notification on the screen", "--class", "Dunst")
}

// waitNoneVisible waits until no visible window matches the xdotool
// search criteria.
func (d *Desktop) waitNoneVisible(ctx context.Context, what string, criteria ...string) error {
	return waitFor(ctx, what, func(ctx context.Context) error {
		ids, err := d.visibleWindows(ctx, criteria...)
		if err != nil {
			return err
		}
		if len(ids) > 0 {
			return fmt.Errorf("still shown: windows %v", ids)
		}
		return nil
	})
}

// exactly is the xdotool --name pattern matching title and nothing else.
func exactly(title string) string { return "^" + regexp.QuoteMeta(title) + "$" }

// visibleWindows runs xdotool search --onlyvisible with the given criteria
// and returns the window ids; none is not an error.
func (d *Desktop) visibleWindows(ctx context.Context, criteria ...string) ([]string, error) {
	args := append([]string{"search", "--onlyvisible"}, criteria...)
	out, err := d.Run(ctx, "", "xdotool", args...)
	if err != nil {
		// xdotool exits 1 when nothing matches.
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 1 && strings.TrimSpace(out) == "" {
			return nil, nil
		}
		return nil, err
	}
	return strings.Fields(out), nil
}

// windowTitles lists the titles of the visible windows, for error messages.
func (d *Desktop) windowTitles() string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	out, err := d.Run(ctx, "", "xdotool", "search", "--onlyvisible", "--name", ".")
	if err != nil {
		return "none"
	}
	var titles []string
	for _, id := range strings.Fields(out) {
		name, err := d.Run(ctx, "", "xdotool", "getwindowname", id)
		if err == nil && strings.TrimSpace(name) != "" {
			titles = append(titles, strconv.Quote(strings.TrimSpace(name)))
		}
	}
	if len(titles) == 0 {
		return "none"
	}
	return strings.Join(titles, ", ")
}

// Focus gives the window the keyboard focus and raises it. There is no
// window manager: the X input focus is set directly.
func (w Window) Focus(ctx context.Context) error {
	if _, err := w.d.Run(ctx, "", "xdotool", "windowraise", w.ID); err != nil {
		return err
	}
	_, err := w.d.Run(ctx, "", "xdotool", "windowfocus", "--sync", w.ID)
	return err
}

// Type types text into the focused window, key by key (XTEST, like a
// keyboard).
func (w Window) Type(ctx context.Context, text string) error {
	if err := w.Focus(ctx); err != nil {
		return err
	}
	_, err := w.d.Run(ctx, "", "xdotool", "type", "--delay", "60", text)
	return err
}

// Key presses keys ("Return", "ctrl+a", "Tab") in the window.
func (w Window) Key(ctx context.Context, keys ...string) error {
	if err := w.Focus(ctx); err != nil {
		return err
	}
	args := append([]string{"key", "--delay", "60"}, keys...)
	_, err := w.d.Run(ctx, "", "xdotool", args...)
	return err
}

// Click clicks at x, y relative to the window's top left corner.
func (w Window) Click(ctx context.Context, x, y int) error {
	if _, err := w.d.Run(ctx, "", "xdotool", "windowraise", w.ID); err != nil {
		return err
	}
	_, err := w.d.Run(ctx, "", "xdotool", "mousemove", "--window", w.ID, "--sync", strconv.Itoa(x), strconv.Itoa(y),
		"click", "1")
	return err
}

// Capture grabs what the window shows.
func (w Window) Capture(ctx context.Context) (image.Image, error) {
	cmd := w.d.Command(ctx, "import", "-window", w.ID, "png:-")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("capture window %s: %v: %s", w.ID, err, stderr.String())
	}
	return png.Decode(bytes.NewReader(out))
}

// Key presses keys on the display, wherever the focus is (a global hotkey).
func (d *Desktop) Key(ctx context.Context, keys ...string) error {
	args := append([]string{"key", "--delay", "60"}, keys...)
	_, err := d.Run(ctx, "", "xdotool", args...)
	return err
}

// ColorRegion is where a colour covers the most pixels in a window: the
// bounding box of the largest connected patch of it.
func ColorRegion(img image.Image, want color.Color, tolerance int) (image.Rectangle, int) {
	b := img.Bounds()
	wr, wg, wb, _ := want.RGBA()
	match := func(x, y int) bool {
		r, g, bl, _ := img.At(x, y).RGBA()
		return absDiff(r>>8, wr>>8) <= tolerance && absDiff(g>>8, wg>>8) <= tolerance && absDiff(bl>>8, wb>>8) <= tolerance
	}
	seen := make([]bool, b.Dx()*b.Dy())
	idx := func(x, y int) int { return (y-b.Min.Y)*b.Dx() + (x - b.Min.X) }
	var best image.Rectangle
	bestN := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if seen[idx(x, y)] || !match(x, y) {
				continue
			}
			// Flood fill one patch.
			r := image.Rect(x, y, x+1, y+1)
			n := 0
			stack := []image.Point{{x, y}}
			seen[idx(x, y)] = true
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				n++
				r = r.Union(image.Rect(p.X, p.Y, p.X+1, p.Y+1))
				for _, q := range []image.Point{{p.X + 1, p.Y}, {p.X - 1, p.Y}, {p.X, p.Y + 1}, {p.X, p.Y - 1}} {
					if !q.In(b) || seen[idx(q.X, q.Y)] || !match(q.X, q.Y) {
						continue
					}
					seen[idx(q.X, q.Y)] = true
					stack = append(stack, q)
				}
			}
			if n > bestN {
				best, bestN = r, n
			}
		}
	}
	return best.Sub(b.Min), bestN
}

func absDiff(a, b uint32) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// Fyne's colours of the default theme: the primary (blue) colour fills
// high-importance buttons (Call, Save).
var fynePrimaryBlue = color.NRGBA{R: 0x29, G: 0x6f, B: 0xf6, A: 0xff}

// ClickPrimaryButton clicks the window's high-importance button (Fyne
// fills it with the primary colour; a window has one), waiting until it is
// drawn.
func (w Window) ClickPrimaryButton(ctx context.Context) error {
	var at image.Rectangle
	err := waitFor(ctx, fmt.Sprintf("the primary button of %q drawn", w.Title), func(ctx context.Context) error {
		img, err := w.Capture(ctx)
		if err != nil {
			return err
		}
		r, n := ColorRegion(img, fynePrimaryBlue, 24)
		// A button is a solid patch, tens of pixels each way; a focus line
		// or a check mark is smaller.
		if n < 400 || r.Dx() < 30 || r.Dy() < 15 {
			return fmt.Errorf("no primary-coloured button found (largest patch %v, %d px)", r, n)
		}
		at = r
		return nil
	})
	if err != nil {
		return err
	}
	c := at.Min.Add(at.Size().Div(2))
	return w.Click(ctx, c.X, c.Y)
}

// fyneFocusBorder is the outline Fyne's dark theme draws around the text
// entry that has the keyboard focus (the primary colour over the input
// background).
var fyneFocusBorder = color.NRGBA{R: 0x20, G: 0x4a, B: 0x9b, A: 0xff}

// focusedEntry finds the outline of the focused text entry in img: its
// top edge, a long line of the focus colour (the sides are shaded by the
// rounded corners and do not join it).
func focusedEntry(img image.Image) (image.Rectangle, bool) {
	r, _ := ColorRegion(img, fyneFocusBorder, 12)
	if r.Dx() < 100 || r.Dy() > 4 {
		return image.Rectangle{}, false
	}
	return r, true
}

// WaitFocusedEntry waits until a text entry of the window shows the focus
// outline.
func (w Window) WaitFocusedEntry(ctx context.Context) error {
	return waitFor(ctx, fmt.Sprintf("a focused text entry in %q", w.Title), func(ctx context.Context) error {
		img, err := w.Capture(ctx)
		if err != nil {
			return err
		}
		if _, ok := focusedEntry(img); !ok {
			return errors.New("no focus outline")
		}
		return nil
	})
}

// TabToEntry moves the keyboard focus with Tab, as a keyboard user does,
// until the n-th text entry of the window (1-based, in focus order) has
// it. Entries are recognised by the focus outline Fyne draws; other
// widgets (lists, buttons, selectable labels) are tabbed past.
func (w Window) TabToEntry(ctx context.Context, n int) error {
	if err := w.Focus(ctx); err != nil {
		return err
	}
	img, err := w.Capture(ctx)
	if err != nil {
		return err
	}
	cur, _ := focusedEntry(img)
	var entries []image.Rectangle
	for tab := 0; tab < 30; tab++ {
		if _, err := w.d.Run(ctx, "", "xdotool", "key", "Tab"); err != nil {
			return err
		}
		// Wait until the outline moves or goes away. From one widget
		// without an outline to another nothing changes: give up waiting
		// after a second then. (A blinking cursor changes the picture but
		// not the outline, so it cannot be mistaken for the focus moving.)
		prev := cur
		cctx, cancel := context.WithTimeout(ctx, time.Second)
		_ = waitFor(cctx, "focus moved", func(ctx context.Context) error {
			img, err := w.Capture(ctx)
			if err != nil {
				return err
			}
			cur, _ = focusedEntry(img)
			if cur == prev {
				return errors.New("outline unchanged")
			}
			return nil
		})
		cancel()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if cur.Empty() || slices.Contains(entries, cur) {
			continue
		}
		entries = append(entries, cur)
		if len(entries) == n {
			return nil
		}
	}
	return fmt.Errorf("window %q: Tab reached %d text entries (%v), not %d", w.Title, len(entries), entries, n)
}
