package windows

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// confirmSends taps OK and waits for the window to close; the tray must
// then have had exactly one System request, request confirmed by itself.
func confirmSends(t *testing.T, q *uiQueue, f *fakeAPI, c *ConfirmWindow, request string) {
	t.Helper()
	test.Tap(c.OK)
	q.waitFor(t, "the window to close", c.Closed)
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.system) != 1 || f.system[0] != [2]string{request, request} {
		t.Fatalf("System calls %q, want one %s", f.system, request)
	}
}

func TestResetNeedsRESETTyped(t *testing.T) {
	f := newFakeAPI()
	c, q := openWindow(t, f, "en", NewResetWindow)

	if !c.OK.Disabled() {
		t.Fatal("reset button enabled before anything was typed")
	}
	for _, typed := range []string{"R", "RESE", "reset", "RESET ", " RESET", "RESETT"} {
		c.Confirm.SetText(typed)
		if !c.OK.Disabled() {
			t.Fatalf("reset button enabled after %q", typed)
		}
		test.Tap(c.OK)
		c.Confirm.OnSubmitted(typed) // Enter must not get around it either
	}
	q.drain()
	if n := f.count("System"); n != 0 {
		t.Fatalf("System called %d times before RESET was typed", n)
	}
	c.Confirm.SetText("")
	test.Type(c.Confirm, "RESET")
	if c.OK.Disabled() {
		t.Fatal("reset button disabled with RESET typed")
	}
	confirmSends(t, q, f, c, "RESET")
}

func TestRebootConfirmation(t *testing.T) {
	f := newFakeAPI()
	c, q := openWindow(t, f, "en", NewRebootWindow)
	if c.Message.Text != "Reboot the phone? Calls in progress will be cut." {
		t.Fatalf("message %q", c.Message.Text)
	}
	test.Tap(c.Cancel)
	q.drain()
	if !c.Closed() || f.count("System") != 0 {
		t.Fatalf("Cancel: closed=%v, System calls %d", c.Closed(), f.count("System"))
	}

	c, q = openWindow(t, f, "en", NewRebootWindow)
	confirmSends(t, q, f, c, "REBOOT")
}

func TestRebootWithoutTray(t *testing.T) {
	c, q := openWindow(t, nil, "ru", NewRebootWindow)
	test.Tap(c.OK)
	q.drain()
	if c.Closed() || !strings.Contains(c.Error.Text, "не запущен") {
		t.Fatalf("closed=%v error=%q", c.Closed(), c.Error.Text)
	}
}
