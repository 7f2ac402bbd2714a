package service

import (
	"slices"
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/localapi"
)

func isAuthNote(s notify.Shown) bool { return s.Notification.Category == "network.error" }

func TestRejectedPasswordNotifiesOnceAndOpensSettings(t *testing.T) {
	h := newHarness(t, hopts{actions: true, passcode: "wrong-one"})
	h.waitState("unauthorized", func(s localapi.State) bool { return s.Conn == cti.ConnUnauthorized })
	n := h.waitShown("the rejected password notification", isAuthNote)
	if n.Notification.Summary != "The phone refused the password" {
		t.Errorf("summary %q", n.Notification.Summary)
	}
	if got := actionKeys(n.Notification); !slices.Equal(got, []string{"default=Open Settings", "settings=Open Settings"}) {
		t.Errorf("actions %v", got)
	}
	// The monitor stopped; pokes do not bring a second notification.
	for range 3 {
		h.svc.poke()
	}
	h.svc.bg.Wait()
	if c := count(h.rec.Shown(), isAuthNote); c != 1 {
		t.Errorf("%d rejected password notifications, want one", c)
	}
	// A click on the body opens Settings.
	if !h.rec.Invoke(n.ID, "default") {
		t.Fatal("the notification did not take the click")
	}
	h.svc.bg.Wait()
	if w := h.windows.get(); len(w) != 1 || w[0][0] != "settings" {
		t.Errorf("windows opened %v, want settings", w)
	}
	rejected := rejectedRequests(h.phone)
	if rejected > 2 {
		t.Errorf("the phone saw %d requests with the rejected password", rejected)
	}

	// The right password: the phone answers, the notification goes.
	h.secrets.Set(secretPasscode, testPass)
	if err := h.svc.ReloadSettings(h.ctx()); err != nil {
		t.Fatal(err)
	}
	h.online()
	h.waitClosed(n.ID)
}
