//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
)

// twoPhoneSession is a session whose settings list two simulated phones:
// "Office" (s.phone, the default) and "Lab". Their passwords are saved the
// way a person without a window would: `gxptray password` and
// `gxptray --phone Lab password`; labPassword is the lab's.
func twoPhoneSession(t *testing.T, labPassword string) (*session, *Phone) {
	t.Helper()
	lab := NewPhone(t)
	s := newSession(t, sessionOptions{
		passcode:        noPasscode,
		phoneInSettings: true,
		settings: map[string]any{
			"phone_name":   "Office",
			"other_phones": []map[string]any{{"name": "Lab", "address": lab.URL()}},
		},
		beforeApp: func(s *session) {
			s.t.Helper()
			bin := Binary(s.t)
			if out, err := s.d.Run(s.within(10*time.Second), PhonePasscode+"\n", bin, "password"); err != nil {
				s.t.Fatalf("gxptray password: %v %s", err, out)
			}
			if out, err := s.d.Run(s.within(10*time.Second), labPassword+"\n", bin, "--phone", "Lab", "password"); err != nil {
				s.t.Fatalf("gxptray --phone Lab password: %v %s", err, out)
			}
		},
	})
	return s, lab
}

// waitRing waits for the incoming-call notification of number and checks
// that it names the phone.
func (s *session) waitRing(phone, number string) Notification {
	s.t.Helper()
	summary := phone + ": " + summaryIncoming
	snap, err := s.d.Notify.WaitFor(s.within(15*time.Second), fmt.Sprintf("%q for %s", summary, number), func(snap NotifySnapshot) bool {
		for _, c := range snap.Calls {
			if c.Summary == summary && strings.Contains(c.Body, number) {
				return true
			}
		}
		return false
	})
	if err != nil {
		s.app.CheckRunning(s.t)
		s.t.Fatal(err)
	}
	var n Notification
	for _, c := range snap.Calls {
		if c.Summary == summary && strings.Contains(c.Body, number) {
			n = c
		}
	}
	if got := n.ActionKeys(); len(got) != 2 || got[0] != "accept" || got[1] != "reject" {
		s.t.Errorf("notification %v: buttons %q, want accept and reject", n, got)
	}
	return n
}

// TestTwoPhonesRingIntoOneTray: two simulated phones in one tray; each
// ring's notification names its phone, and Accept on the lab's answers
// the lab's call only.
func TestTwoPhonesRingIntoOneTray(t *testing.T) {
	s, lab := twoPhoneSession(t, PhonePasscode)
	err := waitFor(s.within(20*time.Second), "both phones in `gxptray status`", func(ctx context.Context) error {
		out, err := s.d.Gxptray(ctx, t, "status")
		if err != nil {
			return err
		}
		for _, want := range []string{"Phone Office (" + s.phone.URL() + "): available", "Phone Lab (" + lab.URL() + "): available"} {
			if !strings.Contains(out, want) {
				return fmt.Errorf("no %q in %q", want, out)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	labLine, err := lab.Ring("+74951112233", "Лаборатория")
	if err != nil {
		t.Fatal(err)
	}
	labNote := s.waitRing("Lab", "+74951112233")
	officeLine, err := s.phone.Ring("203", "Bob Stone")
	if err != nil {
		t.Fatal(err)
	}
	s.waitRing("Office", "203")
	s.step("two-rings")

	if err := s.d.Notify.InvokeAction(labNote.ID, "accept"); err != nil {
		t.Fatal(err)
	}
	if err := lab.WaitLine(s.within(10*time.Second), labLine, cti.StateConnected); err != nil {
		t.Fatalf("Accept on the lab's notification: %v", err)
	}
	s.waitClosed(labNote, "answered")
	if c := lab.RequestCount("api-phone_operation"); c != 1 {
		t.Errorf("the lab got %d phone operations, want the one acceptcall", c)
	}
	if c := s.phone.RequestCount("api-phone_operation") + s.phone.RequestCount("api-send_key"); c != 0 {
		t.Errorf("the office got %d operations for the lab's Accept", c)
	}
	if st := s.phone.Line(officeLine).State; st != cti.StateRinging {
		t.Errorf("the office's call is %s, want still ringing", st)
	}

	// The history says which phone each call was on.
	if err := lab.RemoteHangup(labLine); err != nil {
		t.Fatal(err)
	}
	err = waitFor(s.within(10*time.Second), "the lab's call in `gxptray history`", func(ctx context.Context) error {
		calls, err := s.d.History(ctx, t)
		if err != nil {
			return err
		}
		for _, c := range calls {
			if c.Number == "+74951112233" && c.Phone == "Lab" && c.Outcome == cti.Answered {
				return nil
			}
		}
		return fmt.Errorf("not in %+v", calls)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestWrongPasswordOfOnePhone: the lab's saved password is wrong. It costs
// exactly one login there, the tray says which phone refused it, and the
// office keeps ringing into the tray.
func TestWrongPasswordOfOnePhone(t *testing.T) {
	s, lab := twoPhoneSession(t, "not-the-lab-password")
	if _, err := s.d.Notify.WaitNotification(s.within(20*time.Second), "Lab: The phone refused the password"); err != nil {
		t.Fatal(err)
	}
	// The office polls on, many times over; the lab hears nothing more.
	before := s.phone.RequestCount("api-get_line_status")
	err := waitFor(s.within(20*time.Second), "the office polled 10 more times", func(context.Context) error {
		if n := s.phone.RequestCount("api-get_line_status"); n < before+10 {
			return fmt.Errorf("%d polls", n-before)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := lab.TotalRequests(); n != 1 {
		t.Errorf("the lab got %d requests, want the one refused login", n)
	}
	if _, err := s.phone.Ring("204", "Alice"); err != nil {
		t.Fatal(err)
	}
	s.waitRing("Office", "204")
	if n := lab.TotalRequests(); n != 1 {
		t.Errorf("the lab got %d requests in the end, want 1", n)
	}
}
