//go:build e2e

package e2e

import (
	"context"
	"fmt"
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
	out, err := s.d.Run(s.within(10*time.Second), "", "xdotool", "search", "--sync", "--onlyvisible", "--class", "Dunst")
	if err != nil {
		t.Fatalf("no notification on the screen: %v", err)
	}
	t.Logf("dunst windows: %s", out)
	s.step("incoming-call")

	// Picked up at the desk: the notification goes away from the screen.
	if _, err := s.phone.CTI(s.within(5*time.Second), "api-phone_operation", url.Values{"cmd": {"acceptcall"}}); err != nil {
		t.Fatal(err)
	}
	err = waitFor(s.within(10*time.Second), "the notification gone from the screen", func(ctx context.Context) error {
		ids, err := s.d.visibleWindows(ctx, "--class", "Dunst")
		if err != nil {
			return err
		}
		if len(ids) > 0 {
			return fmt.Errorf("dunst still shows window %v", ids)
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
	s.step("answered")
}
