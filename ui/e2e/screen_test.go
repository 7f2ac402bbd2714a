//go:build e2e

package e2e

import (
	"net/url"
	"testing"
	"time"
)

// TestNotificationOnScreen: with a real notification daemon (dunst) the
// incoming call is drawn on the display; the screenshot shows what a
// person sees.
func TestNotificationOnScreen(t *testing.T) {
	s := newSession(t, sessionOptions{desktop: Options{Notifications: NotifyDunst}})
	s.wantMenu("online", status(statusIdle))
	if _, err := s.phone.Ring("+74951234567", "Анна Смирнова"); err != nil {
		t.Fatal(err)
	}
	s.wantMenu("ringing", status(statusRinging))
	w, err := s.d.WaitDunst(s.within(10 * time.Second))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("dunst window: %s", w.ID)
	s.step("incoming-call")

	// Picked up at the desk: the notification goes away from the screen.
	if _, err := s.phone.CTI(s.within(5*time.Second), "api-phone_operation", url.Values{"cmd": {"acceptcall"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.d.WaitNoDunst(s.within(10 * time.Second)); err != nil {
		t.Error(err)
	}
	s.step("answered")
}
