//go:build e2e

package e2e

import (
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
)

// TestTrayMenu follows a call through the tray menu as a panel shows it:
// idle, ringing (Answer/Reject), in call (Hold + Hang up), on hold
// (Resume), back to idle, and the dial pad opened from the menu. No entry
// ever moves: call controls are disabled or relabelled, never added.
func TestTrayMenu(t *testing.T) {
	s := newSession(t, sessionOptions{})
	callActions := []string{labelAnswer, labelReject, labelHold, labelHangUp}

	idle := s.wantMenu("idle", status(statusIdle), enabled(labelDialPad, labelSettings, labelQuit), disabled(callActions...), absent(labelResume))
	s.step("idle")
	still := samePlaces(idle)

	line, err := s.phone.Ring("+74951234567", "Анна Смирнова")
	if err != nil {
		t.Fatal(err)
	}
	s.wantMenu("ringing", status(statusRinging), enabled(labelAnswer, labelReject),
		entryWith("Анна Смирнова", "+74951234567"), disabled(labelHold, labelHangUp), still)
	s.step("ringing")

	s.click(labelAnswer)
	if err := s.phone.WaitLine(s.within(10*time.Second), line, cti.StateConnected); err != nil {
		t.Fatalf("Answer in the menu: %v", err)
	}
	s.wantMenu("in call", status(statusInCall), enabled(labelHold, labelHangUp), disabled(labelAnswer, labelReject), absent(labelResume), still)
	s.step("in-call")

	s.click(labelHold)
	if err := s.phone.WaitLine(s.within(10*time.Second), line, cti.StateOnHold); err != nil {
		t.Fatalf("Hold in the menu: %v", err)
	}
	s.wantMenu("on hold", status(statusOnHold), enabled(labelResume, labelHangUp), absent(labelHold), disabled(labelAnswer), still)
	s.step("on-hold")

	s.click(labelResume)
	if err := s.phone.WaitLine(s.within(10*time.Second), line, cti.StateConnected); err != nil {
		t.Fatalf("Resume in the menu: %v", err)
	}
	s.wantMenu("in call again", status(statusInCall), enabled(labelHold, labelHangUp))

	s.click(labelHangUp)
	if err := s.phone.WaitLine(s.within(10*time.Second), line, cti.StateIdle); err != nil {
		t.Fatalf("Hang up in the menu: %v", err)
	}
	s.wantMenu("idle after the call", status(statusIdle), disabled(callActions...), still)

	s.click(labelDialPad)
	s.waitWindow(titleDialPad)
	s.step("dial-pad")
}
