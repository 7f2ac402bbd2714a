package windows

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// base is what every window has: its Fyne window and a context that ends
// when the window closes, which stops its event stream and pending calls.
type base struct {
	env     Env
	win     fyne.Window
	ctx     context.Context
	cancel  context.CancelFunc
	closing bool
}

func (b *base) init(env Env, name string) {
	env.fill()
	b.env = env
	b.ctx, b.cancel = context.WithCancel(context.Background())
	b.win = env.App.NewWindow(Title(env.Catalog, name))
	b.win.SetOnClosed(b.cancel)
}

// Window is the Fyne window, to show or to inspect in tests.
func (b *base) Window() fyne.Window { return b.win }

// Closed reports whether the window was closed (or is closing).
func (b *base) Closed() bool { return b.closing || b.ctx.Err() != nil }

// Close closes the window, once. Call it on the UI goroutine.
func (b *base) Close() {
	if b.Closed() {
		return
	}
	b.closing = true
	b.cancel()
	b.win.Close()
}

// newMessage is a wrapping label; errors use danger importance (red).
func newMessage(danger bool) *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	if danger {
		l.Importance = widget.DangerImportance
	}
	l.Hide()
	return l
}

// setMessage shows text in l, or hides l when text is empty so it takes no room.
func setMessage(l *widget.Label, text string) {
	l.SetText(text)
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

func enable(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}
