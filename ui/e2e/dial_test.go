//go:build e2e

package e2e

import (
	"errors"
	"testing"
	"time"

	"github.com/gxptray/gxptray/ui/localapi"
)

// pressHotkeyWith puts text on the clipboard, as copying it anywhere does,
// and presses the hotkey. The key press must come after the app has grabbed
// the combination; the app says so in its state (the menu shows a problem
// line otherwise).
func (s *session) pressHotkeyWith(text string) {
	s.t.Helper()
	s.waitState("the hotkey registered", func(st localapi.State) error {
		if st.Hotkey != "Ctrl+Shift+D" || st.HotkeyErr != "" {
			return errors.New("hotkey " + st.Hotkey + ": " + st.HotkeyErr)
		}
		return nil
	})
	if err := s.d.SetClipboard(s.within(10*time.Second), text); err != nil {
		s.t.Fatal(err)
	}
	s.step("copied")
	if err := s.d.Key(s.within(10*time.Second), "ctrl+shift+d"); err != nil {
		s.t.Fatal(err)
	}
}

// TestHotkeyDialsClipboard: copy a number as written anywhere, press the
// hotkey, the phone dials it in the form the phone needs.
func TestHotkeyDialsClipboard(t *testing.T) {
	s := newSession(t, sessionOptions{})
	s.pressHotkeyWith("+7 (495) 123-45-67")
	if err := s.phone.WaitDialed(s.within(15*time.Second), "+74951234567"); err != nil {
		t.Fatalf("after the hotkey: %v", err)
	}
	s.step("dialed")
	if d := s.phone.Dialed(); len(d) != 1 {
		t.Errorf("one key press dialed %q", d)
	}
	// The menu offers the same number.
	s.wantMenu("the clipboard number offered", enabled("Call +74951234567"))
}

// TestDialPad: open the dial pad from the menu, type a number, click Call.
func TestDialPad(t *testing.T) {
	s := newSession(t, sessionOptions{})
	s.wantMenu("online", status(statusIdle))
	s.click(labelDialPad)
	w := s.waitWindow(titleDialPad)
	// The number field has the focus when the window opens.
	if err := w.Type(s.within(10*time.Second), "203"); err != nil {
		t.Fatal(err)
	}
	s.step("typed")
	if err := w.ClickPrimaryButton(s.within(10 * time.Second)); err != nil {
		t.Fatalf("click Call: %v", err)
	}
	if err := s.phone.WaitDialed(s.within(15*time.Second), "203"); err != nil {
		t.Fatalf("after Call: %v", err)
	}
	s.step("called")
	if d := s.phone.Dialed(); len(d) != 1 {
		t.Errorf("one click on Call dialed %q", d)
	}
}
