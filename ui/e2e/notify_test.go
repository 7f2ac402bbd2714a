//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
)

// waitIncoming waits for the incoming-call notification of a caller and
// checks what it says and offers.
func (s *session) waitIncoming(name, number string) Notification {
	s.t.Helper()
	snap, err := s.d.Notify.WaitFor(s.within(15*time.Second), "incoming call from "+number, func(snap NotifySnapshot) bool {
		n, ok := snap.Find(summaryIncoming)
		return ok && strings.Contains(n.Body, number)
	})
	if err != nil {
		s.app.CheckRunning(s.t)
		s.t.Fatal(err)
	}
	n, _ := snap.Find(summaryIncoming)
	if name != "" && !strings.Contains(n.Body, name) {
		s.t.Errorf("incoming call notification %v does not name the caller %q", n, name)
	}
	if got := n.ActionKeys(); len(got) != 2 || got[0] != "accept" || got[1] != "reject" {
		s.t.Errorf("incoming call notification %v: buttons %q, want accept and reject", n, got)
	}
	if n.ActionLabel("accept") != "Accept" || n.ActionLabel("reject") != "Reject" {
		s.t.Errorf("incoming call notification %v: button labels %q", n, n.Actions)
	}
	return n
}

// ringIncoming rings the phone from number with the caller's name and
// waits for the incoming-call notification (see waitIncoming).
func (s *session) ringIncoming(number, name string) (line int, n Notification) {
	s.t.Helper()
	line, err := s.phone.Ring(number, name)
	if err != nil {
		s.t.Fatal(err)
	}
	return line, s.waitIncoming(name, number)
}

// waitClosed waits until the app closed notification id.
func (s *session) waitClosed(n Notification, why string) {
	s.t.Helper()
	_, err := s.d.Notify.WaitFor(s.within(10*time.Second), fmt.Sprintf("notification %d closed by the app (%s)", n.ID, why),
		func(snap NotifySnapshot) bool { return snap.WasClosed(n.ID) })
	if err != nil {
		s.t.Fatal(err)
	}
}

// TestIncomingCall: a ring shows a notification with the caller and
// Accept/Reject; what happens to it depends on how the call goes on.
func TestIncomingCall(t *testing.T) {
	t.Run("accept in the notification", func(t *testing.T) {
		s := newSession(t, sessionOptions{})
		line, n := s.ringIncoming("+74951234567", "Анна Смирнова")
		s.step("notification")

		if err := s.d.Notify.InvokeAction(n.ID, "accept"); err != nil {
			t.Fatal(err)
		}
		if err := s.phone.WaitLine(s.within(10*time.Second), line, cti.StateConnected); err != nil {
			t.Fatalf("Accept in the notification: %v", err)
		}
		s.waitClosed(n, "answered")
		s.wantMenu("in call", status(statusInCall))
		s.step("answered")
		if c := s.phone.RequestCount("api-phone_operation"); c != 1 {
			t.Errorf("the phone got %d phone operations, want the one acceptcall", c)
		}
	})

	t.Run("answered on the phone", func(t *testing.T) {
		s := newSession(t, sessionOptions{})
		line, n := s.ringIncoming("203", "Bob Stone")
		// Someone picks up at the desk: the phone is told directly.
		if _, err := s.phone.CTI(s.within(5*time.Second), "api-phone_operation", url.Values{"cmd": {"acceptcall"}}); err != nil {
			t.Fatal(err)
		}
		if err := s.phone.WaitLine(s.within(5*time.Second), line, cti.StateConnected); err != nil {
			t.Fatal(err)
		}
		s.waitClosed(n, "answered on the phone")
		s.step("answered-on-phone")
	})

	t.Run("missed", func(t *testing.T) {
		s := newSession(t, sessionOptions{})
		line, n := s.ringIncoming("+74957654321", "Пётр Иванов")
		// The caller gives up.
		if err := s.phone.RemoteHangup(line); err != nil {
			t.Fatal(err)
		}
		s.waitClosed(n, "the caller hung up")
		missed, err := s.d.Notify.WaitNotification(s.within(10*time.Second), summaryMissed)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(missed.Body, "Пётр Иванов") || !strings.Contains(missed.Body, "+74957654321") {
			t.Errorf("missed call notification %v does not show the caller", missed)
		}
		s.step("missed")

		var calls []cti.Call
		err = waitFor(s.within(10*time.Second), "the missed call in `gxptray history`", func(ctx context.Context) error {
			var err error
			if calls, err = s.d.History(ctx, t); err != nil {
				return err
			}
			for _, c := range calls {
				if c.Number == "+74957654321" && c.Outcome == cti.Missed && c.Direction == cti.Incoming && c.Name == "Пётр Иванов" {
					return nil
				}
			}
			return fmt.Errorf("history: %+v", calls)
		})
		if err != nil {
			t.Fatal(err)
		}
		s.wantMenu("the missed call under recent calls", entryWith("Пётр Иванов", "missed"))
		s.step("history")
	})
}
