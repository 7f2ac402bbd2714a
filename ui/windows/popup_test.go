package windows

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gxptray/gxptray/cti"
)

// ringingPopup rings the simulated phone and opens the popup for that line.
func ringingPopup(t *testing.T, number, name string) (*chain, *Popup, *uiQueue, int) {
	t.Helper()
	c := newChain(t, cti.DialAuto, true)
	line, err := c.phone.Ring(number, name)
	if err != nil {
		t.Fatal(err)
	}
	p, q := openPopup(t, c.api, "en", "", line)
	return c, p, q, line
}

// openPopup opens the popup for line of phone ("" = the default phone) on a
// test Env over api, and waits until it shows the caller.
func openPopup(t *testing.T, api API, lang, phone string, line int) (*Popup, *uiQueue) {
	t.Helper()
	p, q := openWindow(t, api, lang, func(env Env) *Popup { return NewPopupOn(env, phone, line) })
	q.waitFor(t, "the caller", func() bool { return p.rang })
	return p, q
}

func waitLine(t *testing.T, c *chain, line int, st cti.LineState) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.phone.WaitState(ctx, line, st); err != nil {
		t.Fatalf("line %d: want %s, have %s", line, st, c.phone.Line(line).State)
	}
}

func TestPopupAccept(t *testing.T) {
	c, p, q, line := ringingPopup(t, "203", "Виталик")
	if p.Name.Text != "Виталик" || p.Number.Text != "203" {
		t.Fatalf("popup shows %q / %q", p.Name.Text, p.Number.Text)
	}
	if p.Window().Title() != "Incoming call" {
		t.Fatalf("title %q", p.Window().Title())
	}
	test.Tap(p.Accept)
	q.waitFor(t, "the popup to close", p.Closed)
	waitLine(t, c, line, cti.StateConnected)
}

func TestPopupReject(t *testing.T) {
	c, p, q, line := ringingPopup(t, "+74951234567", "")
	if p.Name.Text != "+74951234567" {
		t.Fatalf("popup without a name shows %q", p.Name.Text)
	}
	test.Tap(p.Reject)
	q.waitFor(t, "the popup to close", p.Closed)
	waitLine(t, c, line, cti.StateIdle)
}

func TestPopupClosesWhenRingingStops(t *testing.T) {
	c, p, q, line := ringingPopup(t, "100", "Reception")
	if err := c.phone.RemoteHangup(line); err != nil {
		t.Fatal(err)
	}
	c.back.publish()
	q.waitFor(t, "the popup to close", p.Closed)
	if n := c.phone.RequestCount("api-phone_operation"); n != 0 {
		t.Fatalf("the popup operated the phone %d times on its own", n)
	}
}

func TestPopupDismissDoesNothingToThePhone(t *testing.T) {
	c, p, q, line := ringingPopup(t, "100", "Reception")
	test.Tap(p.Dismiss)
	q.drain()
	if !p.Closed() {
		t.Fatal("Dismiss did not close the popup")
	}
	if st := c.phone.Line(line).State; st != cti.StateRinging {
		t.Fatalf("line %s after Dismiss", st)
	}
}

func TestPopupShowsFailure(t *testing.T) {
	f := newFakeAPI()
	f.state.Lines = []cti.Line{{Line: 1, State: cti.StateRinging, RemoteNumber: "203"}}
	f.opErr = cti.ErrUnreachable
	p, q := openPopup(t, f, "en", "", 1)
	test.Tap(p.Accept)
	q.waitFor(t, "the error", func() bool { return p.Error.Visible() })
	if p.Closed() || !strings.Contains(p.Error.Text, "does not answer") {
		t.Fatalf("closed=%v error=%q", p.Closed(), p.Error.Text)
	}
	if p.Accept.Disabled() {
		t.Fatal("Accept stays disabled after a failure: no retry possible")
	}
}

func TestPopupLineArg(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
		ok   bool
	}{
		{[]string{"--line", "2"}, 2, true},
		{[]string{"--line=3"}, 3, true},
		{[]string{"-line", "1"}, 1, true},
		{[]string{"-line=4"}, 4, true},
		{[]string{"--line="}, 0, false},
		{[]string{}, 0, false},
		{[]string{"--line"}, 0, false},
		{[]string{"--line", "x"}, 0, false},
		{[]string{"--line", "0"}, 0, false},
		{[]string{"--line", "99999999999999999999"}, 0, false},
	} {
		n, err := parseLineArg(tc.args)
		if (err == nil) != tc.ok || n != tc.want {
			t.Errorf("parseLineArg(%q) = %d, %v", tc.args, n, err)
		}
	}
}

func TestPopupShowsALongNameWhole(t *testing.T) {
	const long = "Константин Константинович Константинопольский"
	f := newFakeAPI()
	f.state.Lines = []cti.Line{{Line: 1, State: cti.StateRinging, RemoteName: long, RemoteNumber: "+74957654321"}}
	p, _ := openPopup(t, f, "ru", "", 1)
	short := widget.NewLabelWithStyle("Анна", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	short.SizeName = theme.SizeNameHeadingText
	if p.Name.Text != long || p.Name.Truncation != fyne.TextTruncateOff {
		t.Fatalf("name %q, truncation %v", p.Name.Text, p.Name.Truncation)
	}
	// Wrapped within the window, and the window grew to show every line.
	size := p.Window().Canvas().Size()
	if size.Width > popupWidth+1 {
		t.Errorf("the popup is %.0f wide, want %d", size.Width, popupWidth)
	}
	if h := p.Name.MinSize().Height; h <= short.MinSize().Height {
		t.Errorf("the long name takes %.0f px, one line of a short name %.0f: not wrapped", h, short.MinSize().Height)
	}
	if c := p.Window().Content().MinSize().Height; size.Height < c {
		t.Errorf("window %.0f high, its content needs %.0f", size.Height, c)
	}
	if p.Accept.Importance == widget.SuccessImportance {
		t.Error("Accept is the glaring success green")
	}
}

// A caller named by an address book: the name first, then the number, then
// the book; a name from the phone alone shows no book.
func TestPopupShowsTheAddressBookBelowTheNumber(t *testing.T) {
	f := newFakeAPI()
	f.state.Lines = []cti.Line{{Line: 1, State: cti.StateRinging, RemoteName: "Иван Петров", RemoteNumber: "84957654321"},
		{Line: 2, State: cti.StateRinging, RemoteName: "Reception", RemoteNumber: "203"}}
	f.state.LineContacts = map[int]cti.Contact{1: {Name: "Иван Петров", Source: "Work", Kind: "work"}}
	p, _ := openPopup(t, f, "en", "", 1)
	if p.Name.Text != "Иван Петров" || p.Number.Text != "84957654321" || p.Source.Text != "from Work" || !p.Source.Visible() {
		t.Fatalf("popup shows %q / %q / %q (visible %v)", p.Name.Text, p.Number.Text, p.Source.Text, p.Source.Visible())
	}
	var order []fyne.CanvasObject
	for _, o := range p.Window().Content().(*fyne.Container).Objects {
		if o == p.Name || o == p.Number || o == p.Source || o == p.Line {
			order = append(order, o)
		}
	}
	if len(order) != 4 || order[0] != p.Name || order[1] != p.Number || order[2] != p.Source || order[3] != p.Line {
		t.Errorf("the popup's lines are not name, number, book, line")
	}
	if c := p.Window().Content().MinSize().Height; p.Window().Canvas().Size().Height < c {
		t.Errorf("window %.0f high, its content needs %.0f", p.Window().Canvas().Size().Height, c)
	}

	p2, _ := openPopup(t, f, "ru", "", 2)
	if p2.Name.Text != "Reception" || p2.Source.Visible() || p2.Source.Text != "" {
		t.Errorf("a name from the phone: source %q (visible %v)", p2.Source.Text, p2.Source.Visible())
	}
	p3, _ := openPopup(t, f, "ru", "", 1)
	if p3.Source.Text != "из «Work»" {
		t.Errorf("in Russian: %q", p3.Source.Text)
	}
}
