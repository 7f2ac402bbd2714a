package windows

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
)

// phoneFake is the fake API for one named phone: it notes "Method@name"
// before doing what the fake does.
type phoneFake struct {
	*fakeAPI
	name string
}

func (f *fakeAPI) forPhone(name string) API { return phoneFake{f, name} }

func (p phoneFake) Dial(ctx context.Context, text string) (localapi.Dialed, error) {
	_ = p.record("Dial@" + p.name)
	return p.fakeAPI.Dial(ctx, text)
}

func (p phoneFake) Operate(ctx context.Context, op cti.Operation) error {
	_ = p.record("Operate@" + p.name)
	return p.fakeAPI.Operate(ctx, op)
}

// twoPhoneState: "Office" (default, idle) and "Desk 2", whose line 1
// rings with Anna when deskRings.
func twoPhoneState(deskRings bool) localapi.State {
	office := localapi.PhoneState{Name: "Office", Phone: "192.168.1.20", Conn: cti.ConnOnline, Lines: idleLines(2)}
	desk := localapi.PhoneState{Name: "Desk 2", Phone: "192.168.1.21", Conn: cti.ConnOnline, Lines: idleLines(2)}
	if deskRings {
		desk.Lines[0] = cti.Line{Line: 1, State: cti.StateRinging, RemoteName: "Anna", RemoteNumber: "203"}
	}
	return localapi.State{PhoneState: office, Phones: []localapi.PhoneState{office, desk}}
}

func TestDialPadChoosesThePhone(t *testing.T) {
	f := newFakeAPI()
	f.state = twoPhoneState(true)
	d, q := newDialPad(t, f, "en")

	if !d.phones.Row.Visible() || !slices.Equal(d.Phone.Options, []string{"Office", "Desk 2"}) || d.Phone.Selected != "Office" {
		t.Fatalf("phone choice: shown %v, options %q, chosen %q; want both, Office chosen", d.phones.Row.Visible(), d.Phone.Options, d.Phone.Selected)
	}
	// The default phone does not ring: no Answer.
	if d.ringing.Visible() {
		t.Error("Answer shown for the default phone, which does not ring")
	}
	tapAll(d, "2", "0", "4")
	test.Tap(d.Buttons[ButtonCall])
	q.waitFor(t, "the dial on Office", func() bool { return f.count("Dial") == 1 })
	if n := f.count("Dial@Desk 2"); n != 0 {
		t.Errorf("a dial on the default phone went to Desk 2")
	}

	d.Phone.SetSelected("Desk 2")
	q.drain()
	if !d.ringing.Visible() || !strings.Contains(d.Status.Text, "Anna") {
		t.Errorf("Desk 2 chosen: Answer shown %v, status %q; want its ringing call", d.ringing.Visible(), d.Status.Text)
	}
	if !d.Account.Disabled() {
		t.Error("the account (the default phone's setting) can be chosen for Desk 2")
	}
	q.waitFor(t, "the first dial to end", func() bool { return !d.dialing })
	test.Tap(d.Buttons[ButtonCall])
	q.waitFor(t, "the dial on Desk 2", func() bool { return f.count("Dial@Desk 2") == 1 })
	test.Tap(d.Buttons[ButtonAnswer])
	q.waitFor(t, "the answer on Desk 2", func() bool { return f.count("Operate@Desk 2") == 1 })

	// Desk 2 leaves the list: back to the default phone.
	one := twoPhoneState(false)
	one.Phones = one.Phones[:1]
	f.push(one)
	q.waitFor(t, "the choice to go", func() bool { return !d.phones.Row.Visible() })
	if d.phones.chosen() != "" {
		t.Errorf("with one phone the pad is for %q", d.phones.chosen())
	}
}

func TestDialPadOnePhoneHasNoChoice(t *testing.T) {
	f := newFakeAPI()
	d, _ := newDialPad(t, f, "en")
	if d.phones.Row.Visible() {
		t.Error("a phone choice with one phone")
	}
}

func TestPopupNamesItsPhoneAndAnswersOnIt(t *testing.T) {
	f := newFakeAPI()
	f.state = twoPhoneState(true)
	p, q := openPopup(t, f, "en", "Desk 2", 1)
	if p.Name.Text != "Anna" || p.Line.Text != "Desk 2 · line 1" {
		t.Errorf("popup shows %q, %q; want Anna on Desk 2 · line 1", p.Name.Text, p.Line.Text)
	}
	// The default phone's line 1 ending is not this call.
	f.updates <- localapi.Update{Phone: "Office", Event: &cti.Event{Kind: cti.EventEnded, Line: 1}}
	q.drain()
	if p.Closed() {
		t.Fatal("the popup closed on another phone's event")
	}
	test.Tap(p.Accept)
	q.waitFor(t, "the popup to close", p.Closed)
	if f.count("Operate@Desk 2") != 1 || f.count("Operate") != 1 {
		t.Errorf("Accept went to %v, want Desk 2", f.calls)
	}
}

func TestPopupOfOnePhoneSaysOnlyTheLine(t *testing.T) {
	f := newFakeAPI()
	f.state.Lines[0] = cti.Line{Line: 1, State: cti.StateRinging, RemoteNumber: "203"}
	p, _ := openPopup(t, f, "en", "", 1)
	if p.Line.Text != "Line 1" {
		t.Errorf("line label %q, want Line 1", p.Line.Text)
	}
}

func TestParsePhoneArg(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
		ok   bool
	}{
		{[]string{"--line", "1"}, "", true},
		{[]string{"--line", "1", "--phone", "Desk 2"}, "Desk 2", true},
		{[]string{"--phone=Лаборатория"}, "Лаборатория", true},
		{[]string{"-phone", "Desk 2"}, "Desk 2", true},
		{[]string{"--phone="}, "", false},
		{[]string{"--phone"}, "", false},
		{[]string{"--phone", "   "}, "", false},
	} {
		got, err := parsePhoneArg(c.args)
		if got != c.want || (err == nil) != c.ok {
			t.Errorf("parsePhoneArg(%q) = %q, %v; want %q (ok %v)", c.args, got, err, c.want, c.ok)
		}
	}
}

// "Call back" dials on the phone the call was on; a call of the only
// phone (no name) on the default phone.
func TestHistoryCallsBackOnThePhoneOfTheCall(t *testing.T) {
	f := newFakeAPI()
	f.history = []cti.Call{
		{Direction: cti.Incoming, Number: "203", Outcome: cti.Missed, Phone: "Desk 2"},
		{Direction: cti.Incoming, Number: "100", Outcome: cti.Answered},
	}
	h, q := openWindow(t, f, "en", NewHistoryWindow)
	q.waitFor(t, "the calls", func() bool { return len(h.Calls()) == 2 })
	if _, detail, _, _ := h.env.callText(h.Calls()[0], h.Calls()[0].Start); !strings.Contains(detail, "Desk 2") {
		t.Errorf("the call on Desk 2 reads %q: no phone", detail)
	}
	h.List.Select(0)
	test.Tap(h.CallBack)
	q.waitFor(t, "the dial on Desk 2", func() bool { return f.count("Dial@Desk 2") == 1 })
	q.waitFor(t, "the first dial to end", func() bool { return !h.dialing })
	h.List.Select(1)
	test.Tap(h.CallBack)
	q.waitFor(t, "the second dial", func() bool { return f.count("Dial") == 2 })
	if f.count("Dial@Desk 2") != 1 {
		t.Error("the call of the default phone was dialed on Desk 2")
	}
}

// Without a tray icon the main window stands in for the menu: every
// phone's status and calls, each answered on its phone.
func TestMainWindowShowsEveryPhone(t *testing.T) {
	f := newFakeAPI()
	f.state = twoPhoneState(true)
	m, q := openWindow(t, f, "en", NewMainWindow)
	q.waitFor(t, "the state", func() bool { return m.haveState })
	if want := "Office — The phone is connected\nDesk 2 — The phone is connected"; m.Status.Text != want {
		t.Errorf("status %q, want %q", m.Status.Text, want)
	}
	if len(m.Lines.Objects) != 1 {
		t.Fatalf("%d line rows, want Desk 2's ringing line", len(m.Lines.Objects))
	}
	accept := buttonsIn(m.Lines.Objects[0])["Accept"]
	if accept == nil {
		t.Fatal("no Accept for Desk 2's call")
	}
	test.Tap(accept)
	q.waitFor(t, "the answer on Desk 2", func() bool { return f.count("Operate@Desk 2") == 1 })
}

// `gxptray ui dialpad --phone NAME` opens the pad on that phone.
func TestDialPadOpensOnItsPhone(t *testing.T) {
	f := newFakeAPI()
	f.state = twoPhoneState(true)
	// Names are compared without regard to case.
	d, q := openWindow(t, f, "en", func(env Env) *DialPad { return NewDialPadOn(env, "desk 2") })
	q.waitFor(t, "the first state", func() bool { return d.haveState })
	if d.Phone.Selected != "Desk 2" || d.phones.chosen() != "Desk 2" || !d.ringing.Visible() {
		t.Errorf("chosen %q (%q), ringing shown %v; want Desk 2 and its call", d.Phone.Selected, d.phones.chosen(), d.ringing.Visible())
	}
}
