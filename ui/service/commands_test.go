package service

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

func TestDialMakeCall(t *testing.T) {
	h := newHarness(t, hopts{})
	h.online()
	d, err := h.svc.Dial(h.ctx(), "+7 (495) 123-45-67")
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	if d.Number != "+74951234567" || d.Method != string(cti.DialMakeCall) {
		t.Errorf("Dialed %+v, want +74951234567 by make_call", d)
	}
	if got := h.phone.Dialed(); !slices.Equal(got, []string{"+74951234567"}) {
		t.Errorf("phone dialed %v", got)
	}
	h.waitState("dial finished", func(s localapi.State) bool { return !s.DialBusy })
}

func TestDialInvalidText(t *testing.T) {
	h := newHarness(t, hopts{})
	for _, text := range []string{"call me", "", "abc", "+7+7"} {
		_, err := h.svc.Dial(h.ctx(), text)
		if !errors.Is(err, cti.ErrInvalidNumber) {
			t.Errorf("Dial(%q) = %v, want ErrInvalidNumber", text, err)
		}
	}
	if n := h.phone.RequestCount("api-make_call") + h.phone.RequestCount("api-send_key"); n != 0 {
		t.Errorf("the phone got %d dial requests for invalid text", n)
	}
}

func TestDialByKeysIsExclusive(t *testing.T) {
	h := newHarness(t, hopts{
		simOpts: phonesim.Options{DisableMakeCall: true},
		edit: func(s *settings.Settings) {
			s.DialMethod = "keys"
			s.PlusReplacement = "00"
		},
	})
	h.online()
	d, err := h.svc.Dial(h.ctx(), "+7 (495) 123-45-67")
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	if d.Number != "0074951234567" || d.Method != string(cti.DialKeys) {
		t.Errorf("Dialed %+v, want 0074951234567 by keys", d)
	}
	// The phone is still pressing the keys: a second dial must wait.
	if _, err := h.svc.Dial(h.ctx(), "203"); !errors.Is(err, localapi.ErrBusy) {
		t.Errorf("second Dial during the key sequence = %v, want ErrBusy", err)
	}
	st := h.svc.State(h.ctx())
	if !st.DialBusy || !strings.Contains(st.DialProgress, "0074951234567") {
		t.Errorf("State during the dial: busy %v progress %q", st.DialBusy, st.DialProgress)
	}
	h.waitState("dial finished", func(s localapi.State) bool { return !s.DialBusy && s.DialProgress == "" })
	if err := h.phone.WaitKeysDone(h.ctx()); err != nil {
		t.Fatal(err)
	}
	want := []string{"0", "0", "7", "4", "9", "5", "1", "2", "3", "4", "5", "6", "7", "SEND"}
	if got := h.phone.KeysReceived(); !slices.Equal(got, want) {
		t.Errorf("keys %v, want %v", got, want)
	}
	if got := h.phone.Dialed(); !slices.Equal(got, []string{"0074951234567"}) {
		t.Errorf("phone dialed %v", got)
	}
	if n := h.phone.Overlaps(); n != 0 {
		t.Errorf("%d overlapping key sequences", n)
	}
	if n := h.phone.RequestCount("api-make_call"); n != 0 {
		t.Errorf("make_call tried %d times with the keys method", n)
	}
}

func TestPreviewUsesNumberRules(t *testing.T) {
	h := newHarness(t, hopts{noRun: true, edit: func(s *settings.Settings) { s.DialPrefix = "9" }})
	got, err := h.svc.Preview(h.ctx(), "8 800 555-35-35")
	if err != nil || got != "988005553535" {
		t.Errorf("Preview = %q, %v; want 988005553535", got, err)
	}
	if _, err := h.svc.Preview(h.ctx(), "abc"); !errors.Is(err, cti.ErrInvalidNumber) {
		t.Errorf("Preview(abc) = %v", err)
	}
}

func TestWrongPasscodeStopsThenReloadRecovers(t *testing.T) {
	h := newHarness(t, hopts{passcode: "wrong-one"})
	st := h.waitState("unauthorized", func(s localapi.State) bool { return s.Conn == cti.ConnUnauthorized })
	if st.ConnErr == "" {
		t.Error("no ConnErr for a rejected passcode")
	}
	// Commands and pokes must not make the monitor try again.
	for range 5 {
		h.svc.poke()
	}
	if _, err := h.svc.Dial(h.ctx(), "203"); !errors.Is(err, cti.ErrUnauthorized) {
		t.Errorf("Dial with a rejected passcode = %v, want ErrUnauthorized", err)
	}
	if h.phone.Locked() {
		t.Fatal("the phone locked the account")
	}

	h.secrets.Set(secretPasscode, testPass)
	if err := h.svc.ReloadSettings(h.ctx()); err != nil {
		t.Fatal(err)
	}
	h.online()
	rejected := rejectedRequests(h.phone)
	// One poll rejected, one more at most (a poll racing the first answer),
	// plus the dial the user asked for.
	if rejected > 3 {
		t.Errorf("the phone saw %d rejected requests", rejected)
	}
	if strings.Contains(h.logs.String(), "wrong-one") {
		t.Error("the wrong passcode appears in the log")
	}
}

func TestNoPhoneAddress(t *testing.T) {
	h := newHarness(t, hopts{edit: func(s *settings.Settings) { s.Phone = "" }})
	st := h.waitState("configured state", func(s localapi.State) bool { return s.ConnErr != "" })
	if st.ConnErr != "Set the phone address in Settings" || st.Conn != cti.ConnUnknown {
		t.Errorf("State %+v", st)
	}
	if _, err := h.svc.Dial(h.ctx(), "203"); !errors.Is(err, ErrNotConfigured) {
		t.Errorf("Dial = %v, want ErrNotConfigured", err)
	}
	if n := len(h.phone.Requests()); n != 0 {
		t.Errorf("the phone got %d requests", n)
	}
}

func TestKeyringUnavailableThenSessionPasscode(t *testing.T) {
	h := newHarness(t, hopts{passcode: "-", noRun: true})
	h.secrets.fail = settings.ErrNoKeyring
	if err := h.svc.ReloadSettings(h.ctx()); err != nil {
		t.Fatal(err)
	}
	h.start()
	st := h.svc.State(h.ctx())
	if st.KeyringErr == "" || !st.NeedPasscode {
		t.Errorf("State without keyring: KeyringErr %q NeedPasscode %v", st.KeyringErr, st.NeedPasscode)
	}
	if n := len(h.phone.Requests()); n != 0 {
		t.Errorf("the phone got %d requests without a passcode", n)
	}
	if err := h.svc.SetSessionPasscode(h.ctx(), testPass); err != nil {
		t.Fatal(err)
	}
	h.online()
	if st := h.svc.State(h.ctx()); st.NeedPasscode {
		t.Error("NeedPasscode with a session passcode")
	}
}

func TestOperateRejectIsRecordedAsRejected(t *testing.T) {
	h := newHarness(t, hopts{actions: true})
	h.online()
	line, _ := h.ringShown("203", "")
	h.waitStateLine(line, cti.StateRinging)
	if err := h.svc.Operate(h.ctx(), cti.OpReject); err != nil {
		t.Fatal(err)
	}
	h.waitLine(line, cti.StateIdle)
	h.wantRejected("203")
	if n := count(h.rec.Shown(), isMissed); n != 0 {
		t.Errorf("%d missed-call notifications after a reject", n)
	}
}

func TestScreenPopURL(t *testing.T) {
	for _, c := range []struct{ tmpl, number, name, want string }{
		{"https://crm.example/?n={number}", "+1 555", "", "https://crm.example/?n=%2B1%20555"},
		{"http://x.example/{name}", "1", "a&b=c", "http://x.example/a%26b%3Dc"},
		{"javascript:alert({number})", "1", "", ""},
		{"file:///etc/passwd?{number}", "1", "", ""},
		{"crm.example/?n={number}", "1", "", ""},
		{"", "1", "", ""},
	} {
		got, err := screenPopURL(c.tmpl, c.number, c.name)
		if c.want == "" {
			if err == nil {
				t.Errorf("screenPopURL(%q) = %q, want an error", c.tmpl, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("screenPopURL(%q, %q, %q) = %q, %v; want %q", c.tmpl, c.number, c.name, got, err, c.want)
		}
	}
}

func TestExtensionTypedAfterAnswer(t *testing.T) {
	h := newHarness(t, hopts{edit: func(s *settings.Settings) { s.DialMethod = "keys"; s.PlusReplacement = "00" }})
	h.online()
	d, err := h.svc.Dial(h.ctx(), "tel:+1-555-0100;ext=12")
	if err != nil {
		t.Fatal(err)
	}
	if d.Method != string(cti.DialKeys) {
		t.Fatalf("Dialed %+v", d)
	}
	if err := h.phone.Wait(h.ctx(), func() bool { return h.phone.Line(1).State == cti.StateCalling }); err != nil {
		t.Fatalf("no outgoing call: %v (%+v)", err, h.phone.Line(1))
	}
	h.waitStateLine(1, cti.StateCalling)
	if keys := h.phone.KeysReceived(); slices.Contains(keys, "2") {
		t.Errorf("extension typed before the answer: %v", keys)
	}
	h.remoteAnswer(1)
	if err := h.phone.Wait(h.ctx(), func() bool { return strings.HasSuffix(h.phone.DTMF(), "12") }); err != nil {
		t.Errorf("extension not typed after the answer: keys %v, DTMF %q", h.phone.KeysReceived(), h.phone.DTMF())
	}
}
