package windows

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

func newDialPad(t *testing.T, api API, lang string) (*DialPad, *uiQueue) {
	t.Helper()
	d, q := openWindow(t, api, lang, NewDialPad)
	q.waitFor(t, "the first state", func() bool { return d.haveState })
	return d, q
}

func tapAll(d *DialPad, syms ...string) {
	for _, s := range syms {
		test.Tap(d.Buttons[s])
	}
}

func TestDialPadMakeCallReachesPhone(t *testing.T) {
	c := newChain(t, cti.DialAuto, true)
	d, q := newDialPad(t, c.api, "en")

	tapAll(d, "2", "0", "3")
	if d.Number.Text != "203" {
		t.Fatalf("number field = %q, want 203", d.Number.Text)
	}
	test.Tap(d.Buttons[ButtonCall])
	q.waitFor(t, "the dial result", func() bool { return strings.Contains(d.Info.Text, "Dialed 203") })
	if got := c.phone.Dialed(); !slices.Equal(got, []string{"203"}) {
		t.Fatalf("phone dialed %q, want [203]", got)
	}
	if n := c.phone.RequestCount("api-send_key"); n != 0 {
		t.Fatalf("make_call dial also sent %d key requests", n)
	}
	if d.Error.Visible() {
		t.Fatalf("error shown: %q", d.Error.Text)
	}
}

func TestDialPadKeysReachPhone(t *testing.T) {
	c := newChain(t, cti.DialKeys, false)
	d, q := newDialPad(t, c.api, "en")

	tapAll(d, "2", "0", "3")
	test.Tap(d.Buttons[ButtonCall])
	q.waitFor(t, "the dial result", func() bool { return strings.Contains(d.Info.Text, "Dialed 203") })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.phone.WaitKeysDone(ctx); err != nil {
		t.Fatal(err)
	}
	if got, want := c.phone.KeysReceived(), []string{"2", "0", "3", "SEND"}; !slices.Equal(got, want) {
		t.Fatalf("phone received keys %q, want %q", got, want)
	}
	if n := c.phone.RequestCount("api-make_call"); n != 0 {
		t.Fatalf("keys dial also tried make_call %d times", n)
	}
}

func TestDialPadEnterCalls(t *testing.T) {
	c := newChain(t, cti.DialAuto, true)
	d, q := newDialPad(t, c.api, "en")
	test.Type(d.Number, "100")
	d.Number.OnSubmitted(d.Number.Text) // what Enter does
	q.waitFor(t, "the dial", func() bool { return len(c.phone.Dialed()) == 1 })
	if got := c.phone.Dialed()[0]; got != "100" {
		t.Fatalf("dialed %q", got)
	}
}

func TestDialPadPreview(t *testing.T) {
	c := newChain(t, cti.DialAuto, true)
	d, q := newDialPad(t, c.api, "en")

	test.Type(d.Number, "+7 (495) 123-45-67")
	q.waitFor(t, "the preview", func() bool { return d.Preview.Text == "Will dial: +74951234567" })

	d.Number.SetText("")
	test.Type(d.Number, "call me")
	q.waitFor(t, "the refusal", func() bool { return strings.HasPrefix(d.Preview.Text, "“call me” is not a phone number") })
	if !strings.Contains(d.Preview.Text, "letters") {
		t.Fatalf("refusal does not say why: %q", d.Preview.Text)
	}
	// Calling it anyway shows the reason in the window, and the phone gets nothing.
	test.Tap(d.Buttons[ButtonCall])
	q.waitFor(t, "the error", func() bool { return d.Error.Visible() })
	if !strings.HasPrefix(d.Error.Text, "“call me” is not a phone number") {
		t.Fatalf("error = %q", d.Error.Text)
	}
	if n := len(c.phone.Dialed()); n != 0 {
		t.Fatalf("phone dialed %d numbers", n)
	}
}

func TestDialPadDTMFDuringCall(t *testing.T) {
	c := newChain(t, cti.DialAuto, true)
	d, q := newDialPad(t, c.api, "en")

	line, err := c.phone.Ring("203", "Виталик")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.client.Operate(context.Background(), cti.OpAccept); err != nil {
		t.Fatal(err)
	}
	c.back.publish()
	q.waitFor(t, "the call to show", func() bool { return inCall(d.state.Lines) })
	// The line's state in the tray menu's words (ui/problem.LineState).
	if want := fmt.Sprintf("Line %d: In call — Виталик (203)", line); d.Status.Text != want {
		t.Fatalf("status = %q, want %q", d.Status.Text, want)
	}
	if d.Buttons[ButtonHangUp].Disabled() {
		t.Fatal("Hang up disabled during a call")
	}

	tapAll(d, "5", "*", "#")
	q.waitFor(t, "the keys", func() bool { return len(c.phone.KeysReceived()) == 3 })
	if got, want := c.phone.KeysReceived(), []string{"5", "STAR", "POUND"}; !slices.Equal(got, want) {
		t.Fatalf("keys %q, want %q", got, want)
	}
	if d.Number.Text != "" {
		t.Fatalf("DTMF edited the number field: %q", d.Number.Text)
	}

	test.Tap(d.Buttons[ButtonHangUp])
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.phone.WaitState(ctx, line, cti.StateIdle); err != nil {
		t.Fatalf("hang up: %v (line %v)", err, c.phone.Line(line))
	}
}

func TestDialPadRefusesSecondDial(t *testing.T) {
	f := newFakeAPI()
	f.dialGate = make(chan struct{})
	d, q := newDialPad(t, f, "en")

	tapAll(d, "2", "0", "3")
	test.Tap(d.Buttons[ButtonCall])
	if !d.Buttons[ButtonCall].Disabled() {
		t.Fatal("Call stays enabled while dialing")
	}
	test.Tap(d.Buttons[ButtonCall]) // disabled: ignored
	d.call()                        // Enter in the field during the dial
	if !strings.Contains(d.Error.Text, "still in progress") {
		t.Fatalf("second dial not refused visibly: %q", d.Error.Text)
	}
	close(f.dialGate)
	q.waitFor(t, "the first dial to finish", func() bool { return !d.dialing })
	if n := f.count("Dial"); n != 1 {
		t.Fatalf("Dial called %d times, want 1", n)
	}
	if d.Buttons[ButtonCall].Disabled() {
		t.Fatal("Call still disabled after the dial")
	}
}

func TestDialPadFollowsTrayDialProgress(t *testing.T) {
	f := newFakeAPI()
	d, q := newDialPad(t, f, "en")

	st := f.state
	st.DialBusy, st.DialProgress = true, "Dialing 203 (2/4 keys)"
	f.push(st)
	q.waitFor(t, "the progress", func() bool { return d.Status.Text == "Dialing 203 (2/4 keys)" })
	if !d.Buttons[ButtonCall].Disabled() {
		t.Fatal("Call enabled while the tray dials")
	}
	st.DialBusy, st.DialProgress = false, ""
	f.push(st)
	q.waitFor(t, "the end of the dial", func() bool { return !d.Buttons[ButtonCall].Disabled() })

	// A dial the tray still refuses is shown, not swallowed.
	f.mu.Lock()
	f.dialErr = localapi.ErrBusy
	f.mu.Unlock()
	tapAll(d, "1")
	test.Tap(d.Buttons[ButtonCall])
	q.waitFor(t, "the busy error", func() bool { return d.Error.Visible() })
	if !strings.Contains(d.Error.Text, "still in progress") {
		t.Fatalf("error = %q", d.Error.Text)
	}
}

func TestDialPadBackspaceAndHold(t *testing.T) {
	f := newFakeAPI()
	d, q := newDialPad(t, f, "en")
	tapAll(d, "1", "2", ButtonBackspace)
	if d.Number.Text != "1" {
		t.Fatalf("after backspace: %q", d.Number.Text)
	}
	st := f.state
	st.Lines = []cti.Line{{Line: 1, State: cti.StateConnected, RemoteNumber: "203"}}
	f.push(st)
	q.waitFor(t, "the call", func() bool { return !d.Buttons[ButtonHold].Disabled() })
	test.Tap(d.Buttons[ButtonHold])
	q.waitFor(t, "hold", func() bool { return f.count("Operate") == 1 })
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ops[0] != cti.OpHold {
		t.Fatalf("op %q", f.ops[0])
	}
}

func TestDialPadRussian(t *testing.T) {
	f := newFakeAPI()
	d, _ := newDialPad(t, f, "ru")
	if got := d.Buttons[ButtonCall].Text; got != "Позвонить" {
		t.Fatalf("Call button = %q", got)
	}
	if got := d.Buttons[ButtonHangUp].Text; got != "Завершить" {
		t.Fatalf("Hang up button = %q", got)
	}
	if got := d.Window().Title(); got != "GXP Tray — Набор номера" {
		t.Fatalf("title = %q", got)
	}
}

func TestDialPadTrayNotRunning(t *testing.T) {
	d, q := openWindow(t, nil, "en", NewDialPad)
	q.waitFor(t, "the message", func() bool { return strings.Contains(d.Status.Text, "not running") })
	tapAll(d, "1")
	test.Tap(d.Buttons[ButtonCall])
	if !strings.Contains(d.Error.Text, "not running") {
		t.Fatalf("error = %q", d.Error.Text)
	}
}

func TestDialPadAccountChoiceIsSaved(t *testing.T) {
	f := newFakeAPI()
	f.testRes = localapi.TestResult{OK: true, Accounts: []cti.Account{{ID: 1, Name: "Office"}, {ID: 2, SIPID: "2002"}}}
	env, q := settingsEnv(t, f, "en", nil) // the fake tray keeps the settings file
	saveSettings(t, env, "192.168.1.20")
	d := NewDialPad(env)
	closeAtEnd(t, q, d)
	q.waitFor(t, "the accounts", func() bool { return !d.Account.Disabled() })
	if d.Account.Selected != "Phone default" || !slices.Contains(d.Account.Options, "Account 1: Office") || !slices.Contains(d.Account.Options, "Account 2: 2002") {
		t.Fatalf("account choice %q of %q", d.Account.Selected, d.Account.Options)
	}
	if f.count("UpdateSettings") != 0 {
		t.Fatal("filling the choice saved the settings")
	}
	d.Account.SetSelected("Account 2: 2002")
	q.waitFor(t, "the tray to save account 2", func() bool {
		got, _, err := settings.Load(env.Paths.ConfigFile)
		return err == nil && got.Account == 2
	})
	if n := f.count("UpdateSettings"); n != 1 {
		t.Fatalf("saved through the tray %d times", n)
	}
}

func TestDialPadWhileRinging(t *testing.T) {
	f := newFakeAPI()
	d, q := newDialPad(t, f, "en")
	if d.ringing.Visible() || d.Buttons[ButtonCall].Importance != widget.HighImportance {
		t.Fatal("idle: Answer shown, or Call is not the default")
	}
	st := f.state
	st.Lines = []cti.Line{{Line: 1, State: cti.StateRinging, RemoteName: "Анна", RemoteNumber: "+74951234567", Active: true}, {Line: 2, State: cti.StateIdle}}
	f.push(st)
	q.waitFor(t, "the ringing call", func() bool { return d.ringing.Visible() })
	if d.Buttons[ButtonCall].Importance == widget.HighImportance {
		t.Error("Call is still the default button while a call rings")
	}
	if d.Buttons[ButtonAnswer].Text != "Accept" || d.Buttons[ButtonReject].Text != "Reject" {
		t.Errorf("buttons %q / %q", d.Buttons[ButtonAnswer].Text, d.Buttons[ButtonReject].Text)
	}
	// Enter in the number field does not dial out over the ringing call.
	test.Type(d.Number, "203")
	d.Number.OnSubmitted(d.Number.Text)
	q.drain()
	if n := f.count("Dial"); n != 0 {
		t.Errorf("Enter dialed %d times while a call rang", n)
	}
	test.Tap(d.Buttons[ButtonAnswer])
	q.waitFor(t, "the answer", func() bool { return f.count("Operate") == 1 })
	test.Tap(d.Buttons[ButtonReject])
	q.waitFor(t, "the reject", func() bool { return f.count("Operate") == 2 })
	f.mu.Lock()
	ops := slices.Clone(f.ops)
	f.mu.Unlock()
	if !slices.Equal(ops, []cti.Operation{cti.OpAccept, cti.OpReject}) {
		t.Errorf("operations %v", ops)
	}
}

func TestDialPadHoldResumeAndTimer(t *testing.T) {
	f := newFakeAPI()
	d, q := newDialPad(t, f, "ru")
	now := time.Date(2026, 3, 2, 14, 5, 0, 0, time.UTC)
	d.now = func() time.Time { return now }
	st := f.state
	st.Lines = []cti.Line{{Line: 1, State: cti.StateConnected, RemoteNumber: "203", Active: true}}
	st.AnsweredAt = map[int]time.Time{1: now.Add(-75 * time.Second)}
	f.push(st)
	q.waitFor(t, "the call", func() bool { return d.Timer.Text == "1:15" })
	if d.Buttons[ButtonHold].Text != "Удержание" || d.ringing.Visible() {
		t.Errorf("in a call: hold reads %q, ringing row %v", d.Buttons[ButtonHold].Text, d.ringing.Visible())
	}
	st.Lines[0].State = cti.StateOnHold
	f.push(st)
	q.waitFor(t, "the held call", func() bool { return d.Buttons[ButtonHold].Text == "Снять с удержания" })
	now = now.Add(time.Hour)
	d.refreshTimer()
	if d.Timer.Text != "1:01:15" {
		t.Errorf("timer %q an hour later", d.Timer.Text)
	}
	st.Lines[0].State, st.AnsweredAt = cti.StateIdle, nil
	f.push(st)
	q.waitFor(t, "the end of the call", func() bool { return d.Timer.Text == "" && d.Buttons[ButtonHold].Text == "Удержание" })
}
