//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
)

// TestHotkeyDialsNumberInText: a mail signature on the clipboard, the
// hotkey: the number in it is dialed, a notification says so with a Hang up
// button and is replaced by the outcome, and the extension is pressed once
// the far end answers.
func TestHotkeyDialsNumberInText(t *testing.T) {
	s := newSession(t, sessionOptions{})
	s.pressHotkeyWith("Best regards,\nIrina\nPhone: +1 (555) 010-0199, ext 12")
	if err := s.phone.WaitDialed(s.within(15*time.Second), "+15550100199"); err != nil {
		t.Fatalf("after the hotkey: %v", err)
	}
	const who = "+1 (555) 010-0199, ext 12"
	snap, err := s.d.Notify.WaitFor(s.within(10*time.Second), "the Calling notification", func(snap NotifySnapshot) bool {
		_, ok := snap.Find("Calling " + who)
		return ok
	})
	if err != nil {
		t.Fatal(err)
	}
	calling, _ := snap.Find("Calling " + who)
	if calling.ActionLabel("hangup") != "Hang up" {
		t.Errorf("the Calling notification %v has no Hang up button", calling)
	}
	s.step("calling")
	if d := s.phone.DTMF(); d != "" {
		t.Errorf("keys pressed before the answer: %q", d)
	}
	if err := s.phone.RemoteAnswer(1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.d.Notify.WaitFor(s.within(10*time.Second), "the answered notification", func(snap NotifySnapshot) bool {
		_, ok := snap.Find("Talking to " + who)
		return ok
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.phone.Wait(s.within(10*time.Second), func() bool { return s.phone.DTMF() == "12" }); err != nil {
		t.Errorf("the extension was not pressed after the answer: DTMF %q", s.phone.DTMF())
	}
	s.step("talking")
}

// TestDemoLeavesRealDataAlone: `gxptray --demo` keeps its own settings,
// history and secrets: after a demo with calls in it, the real settings
// file, the real history and the real phone's keyring entries are as they
// were.
func TestDemoLeavesRealDataAlone(t *testing.T) {
	Binary(t)
	d := NewDesktop(t, Options{})
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	settingsPath := d.WriteSettings(t, map[string]any{"language": "en", "phone": "192.0.2.10", "dial_prefix": "9"})
	realSettings, err := os.ReadFile(settingsPath)
	if err != nil {
		t.Fatal(err)
	}
	histPath := filepath.Join(d.DataHome, "gxptray", "history.json")
	if err := os.MkdirAll(filepath.Dir(histPath), 0o700); err != nil {
		t.Fatal(err)
	}
	realHistory := []byte(`{"direction":"incoming","number":"203","name":"Real","line":1,"account":1,"start":"2026-01-02T10:00:00Z","duration_ns":0,"outcome":"missed"}` + "\n")
	if err := os.WriteFile(histPath, realHistory, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Run(ctx, "real-phone-password", "secret-tool", "store", "--label", "GXP Tray passcode",
		"service", "gxptray", "username", "passcode"); err != nil {
		t.Fatalf("secret-tool store: %v", err)
	}

	app := d.StartApp(t, AppOptions{Args: []string{"--demo"}})
	var api *localapi.Client
	if err := waitFor(ctx, "the demo's local API", func(ctx context.Context) error {
		c, err := localapi.Dial(filepath.Join(d.RuntimeDir, "gxptray-demo", "gxptray.sock"))
		api = c
		return err
	}); err != nil {
		app.CheckRunning(t)
		t.Fatal(err)
	}
	defer api.Close()
	var st localapi.State
	if err := waitFor(ctx, "the demo phone online", func(ctx context.Context) error {
		var err error
		if st, err = api.State(ctx); err == nil && st.Conn != cti.ConnOnline {
			err = errors.New("conn " + string(st.Conn))
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !st.Demo || !strings.HasPrefix(st.Phone, "http://127.0.0.1:") {
		t.Fatalf("demo state %+v", st)
	}
	// A call in the demo: it rings and the caller gives up (a missed call).
	sim := func(op string, q url.Values) {
		resp, err := http.Get(st.Phone + "/sim/" + op + "?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	sim("ring", url.Values{"number": {"+74957654321"}, "name": {"Demo caller"}})
	if err := waitFor(ctx, "the demo call ringing", func(ctx context.Context) error {
		st, err := api.State(ctx)
		if err == nil && (len(st.Lines) == 0 || st.Lines[0].State != cti.StateRinging) {
			err = errors.New("not ringing yet")
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	sim("hangup", url.Values{"line": {"1"}})
	if err := waitFor(ctx, "the demo call in the demo's history", func(ctx context.Context) error {
		calls, err := api.History(ctx, 10)
		if err == nil && len(calls) == 0 {
			err = errors.New("no call yet")
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := api.Quit(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case <-app.Done():
	case <-ctx.Done():
		t.Fatal("the demo did not quit")
	}

	if b, _ := os.ReadFile(settingsPath); !bytes.Equal(b, realSettings) {
		t.Errorf("the demo changed the real settings:\n%s", b)
	}
	if b, _ := os.ReadFile(histPath); !bytes.Equal(b, realHistory) {
		t.Errorf("the demo wrote into the real history:\n%s", b)
	}
	if got, err := d.Secret(ctx, "passcode"); err != nil || got != "real-phone-password" {
		t.Errorf("the real phone's passcode in the keyring is now %q (%v)", got, err)
	}
	if got, err := d.Secret(ctx, "push-token"); err == nil && got != "" {
		t.Errorf("the demo stored a push token in the real keyring")
	}
	if _, err := os.Stat(filepath.Join(d.DataHome, "gxptray-demo", "history.json")); err != nil {
		t.Errorf("no demo history: %v", err)
	}
}
