//go:build e2e && wine

package winee2e

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
)

// phoneEnv points a command (or the tray process) at the phone with its
// password, as a script would.
func phoneEnv(p *Phone) []string {
	return []string{"GXPTRAY_PHONE=" + p.URL(), "GXPTRAY_PASSWORD=" + PhonePasscode}
}

// TestCommandLine: gxptray.exe status, dial (api-make_call, then the key
// fallback of a phone with Click-To-Dial off), answer and the exit codes,
// each a separate Windows process talking to the phone directly.
func TestCommandLine(t *testing.T) {
	w := needWine(t)
	s := w.NewSession(t, false)
	ph := NewPhone(t)
	env := phoneEnv(ph)
	ctx := within(t, 2*time.Minute)

	// endCall: the far end hangs up line 1, the phone is idle again.
	endCall := func() {
		t.Helper()
		if err := ph.RemoteHangup(1); err != nil {
			t.Fatal(err)
		}
		if err := ph.WaitLine(ctx, 1, cti.StateIdle); err != nil {
			t.Fatal(err)
		}
	}
	// dial runs `gxptray.exe dial text`: exit 0, how it dialed in its
	// output, and the phone dials number.
	dial := func(text, how, number string) {
		t.Helper()
		r := s.Run(ctx, env, "", "dial", text)
		if r.Code != 0 || !strings.Contains(r.Stdout, how) {
			t.Fatalf("dial %q: want exit 0 and %q; %s", text, how, r)
		}
		if err := ph.WaitDialed(ctx, number); err != nil {
			t.Fatal(err)
		}
	}

	if _, err := ph.Ring("+74951234567", "Анна Смирнова"); err != nil {
		t.Fatal(err)
	}
	r := s.Run(ctx, env, "", "status")
	if r.Code != 0 || !strings.Contains(r.Stdout, "ringing") || !strings.Contains(r.Stdout, "Анна Смирнова") {
		t.Fatalf("status of a ringing phone: want exit 0, \"ringing\" and the caller's name; %s", r)
	}

	r = s.Run(ctx, env, "", "answer")
	if r.Code != 0 {
		t.Fatalf("answer: %s", r)
	}
	if err := ph.WaitLine(ctx, 1, cti.StateConnected); err != nil {
		t.Fatalf("answer: %v", err)
	}
	if n := ph.RequestCount("api-phone_operation"); n != 1 {
		t.Errorf("answer sent %d api-phone_operation requests, want 1", n)
	}
	endCall()

	dial("+7 (495) 765-43-21", "instant dialing", "+74957654321")
	if n := ph.RequestCount("api-make_call"); n != 1 {
		t.Errorf("dial sent %d api-make_call requests, want 1", n)
	}
	endCall()

	// A phone with Click-To-Dial off: the keys instead.
	ph.SetMakeCall(false)
	dial("203", "by pressing the keys", "203")
	if keys := ph.KeysReceived(); !slices.Contains(keys, "SEND") || !slices.Contains(keys, "3") {
		t.Errorf("key fallback: the phone received keys %q, want the digits and SEND", keys)
	}

	bad := []string{"GXPTRAY_PHONE=" + ph.URL(), "GXPTRAY_PASSWORD=not-the-password"}
	r = s.Run(ctx, bad, "", "status")
	if r.Code != 3 || !strings.Contains(r.Stderr, "rejected the password") {
		t.Errorf("status with a wrong password: want exit 3 and the rejection in words; %s", r)
	}
	ph.Unlock()

	r = s.Run(ctx, env, "", "dial", "not a number")
	if r.Code != 2 || len(ph.Dialed()) != 2 {
		t.Errorf("dial of a text without a number: want exit 2 and nothing dialed (dialed %q); %s", ph.Dialed(), r)
	}
}
