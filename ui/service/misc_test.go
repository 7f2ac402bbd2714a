package service

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/testkit"
	"github.com/gxptray/gxptray/ui/conntest"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

func TestTestConnection(t *testing.T) {
	h := newHarness(t, hopts{})
	h.online()
	ctx := h.ctx()

	res, err := h.svc.TestConnection(ctx, localapi.TestRequest{})
	if err != nil || !res.OK || len(res.Lines) != 8 || len(res.Accounts) == 0 {
		t.Fatalf("test of the current settings: %+v, %v", res, err)
	}
	if res.MakeCall != conntest.MakeCallUnknown {
		t.Errorf("MakeCall %q before any dial, want %q", res.MakeCall, conntest.MakeCallUnknown)
	}
	if _, err := h.svc.Dial(ctx, "203"); err != nil {
		t.Fatal(err)
	}
	res, _ = h.svc.TestConnection(ctx, localapi.TestRequest{})
	if res.MakeCall != conntest.MakeCallWorks {
		t.Errorf("MakeCall %q after a make_call dial", res.MakeCall)
	}
	makeCalls := h.phone.RequestCount("api-make_call")

	res, _ = h.svc.TestConnection(ctx, localapi.TestRequest{Phone: h.srv.URL, Passcode: "wrong"})
	if res.OK || res.Problem != "The phone rejected the password." || !strings.Contains(res.Hint, "5 failed logins") {
		t.Errorf("wrong passcode: %+v", res)
	}
	// The live connection is untouched by a failed test.
	if st := h.svc.State(ctx); st.Conn != cti.ConnOnline {
		t.Errorf("live connection %s after a failed test", st.Conn)
	}

	closed := testkit.FreeAddr(t)
	res, _ = h.svc.TestConnection(ctx, localapi.TestRequest{Phone: closed, Passcode: "x"})
	if res.OK || res.Problem != "Nothing answers at "+closed+": a wrong address or port, or the phone is restarting." || !strings.Contains(res.Hint, "https://"+closed) {
		t.Errorf("unreachable: %+v", res)
	}

	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body>router login</body></html>")
	}))
	defer web.Close()
	res, _ = h.svc.TestConnection(ctx, localapi.TestRequest{Phone: web.URL, Passcode: "x"})
	if res.OK || res.Problem != "This address answers, but not as a Grandstream phone." {
		t.Errorf("not a phone: %+v", res)
	}

	res, _ = h.svc.TestConnection(ctx, localapi.TestRequest{Phone: "ftp://phone", Passcode: "x"})
	if res.OK || res.Problem == "" {
		t.Errorf("bad address: %+v", res)
	}
	if n := h.phone.RequestCount("api-make_call"); n != makeCalls {
		t.Errorf("a connection test placed a call (%d make_call requests, had %d)", n, makeCalls)
	}
}

func TestPinnedCertificateIsSaved(t *testing.T) {
	h := newHarness(t, hopts{tls: true, edit: func(s *settings.Settings) { s.TLSMode = "pin" }})
	h.online()
	var saved settings.Settings
	waitFor(func() bool {
		var err error
		saved, _, err = settings.Load(h.paths.ConfigFile)
		return err == nil && saved.PinnedCert != ""
	})
	c, _, _ := h.svc.commandClient(h.svc.def())
	if saved.PinnedCert == "" || saved.PinnedCert != c.Fingerprint() {
		t.Fatalf("pinned %q in the file, client saw %q", saved.PinnedCert, c.Fingerprint())
	}
	// Reloading the file with the saved pin keeps the same connection.
	if err := h.svc.ReloadSettings(h.ctx()); err != nil {
		t.Fatal(err)
	}
	if c2, _, _ := h.svc.commandClient(h.svc.def()); c2 != c {
		t.Error("a reload with the pin the client found replaced the client")
	}
}

func TestStateUpdatesAreCoalesced(t *testing.T) {
	h := newHarness(t, hopts{actions: true, noRun: true})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	updates := h.svc.Subscribe(ctx)
	h.start()
	var states []localapi.State
	var kinds []cti.EventKind
	ended := make(chan struct{})
	collected := make(chan struct{})
	go func() {
		defer close(collected)
		for u := range updates {
			if u.State != nil {
				states = append(states, *u.State)
			}
			if u.Event != nil {
				kinds = append(kinds, u.Event.Kind)
				if u.Event.Kind == cti.EventEnded {
					close(ended)
				}
			}
		}
	}()
	h.online()
	line := h.ringSeen("203", "Виталик")
	h.remoteHangup(line)
	select {
	case <-ended:
	case <-h.ctx().Done():
		t.Fatal("no Ended event on the stream")
	}
	// Many identical polls must not produce state updates.
	before := h.phone.RequestCount("api-get_line_status")
	if err := h.phone.Wait(h.ctx(), func() bool { return h.phone.RequestCount("api-get_line_status") >= before+10 }); err != nil {
		t.Fatal(err)
	}
	cancel()
	<-collected
	if len(states) < 2 {
		t.Fatalf("only %d state updates", len(states))
	}
	for i := 1; i < len(states); i++ {
		if reflect.DeepEqual(states[i-1], states[i]) {
			t.Errorf("state %d repeats the previous one: %+v", i, states[i])
		}
	}
	want := []cti.EventKind{cti.EventOnline, cti.EventIncoming, cti.EventEnded}
	if fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Errorf("events %v, want %v", kinds, want)
	}
}

func TestPushListener(t *testing.T) {
	h := newHarness(t, hopts{push: true})
	h.online()
	addr := h.svc.Settings().PushListen
	st := h.waitState("push on", func(s localapi.State) bool { return s.PushURL != "" })
	if st.PushURL != "http://"+addr {
		t.Fatalf("PushURL %q", st.PushURL)
	}
	tok := h.secrets.m[secretPushToken]
	if len(tok) < 32 {
		t.Fatalf("stored push token %q, want at least 32 characters", tok)
	}
	if strings.Contains(st.PushURL, tok) {
		t.Error("the token is in State.PushURL")
	}
	fields, err := h.svc.ActionURLs(h.ctx())
	if err != nil || len(fields) == 0 {
		t.Fatalf("ActionURLs: %v, %v", fields, err)
	}
	for _, f := range fields {
		if !strings.HasPrefix(f.URL, st.PushURL+"/"+tok+"/") && !strings.HasPrefix(f.URL, strings.TrimPrefix(st.PushURL, "http://")+"/"+tok+"/") {
			t.Errorf("Action URL %q does not start with the listener and the token", f.URL)
		}
	}
	// The phone calls: the monitor polls at once.
	before := h.phone.RequestCount("api-get_line_status")
	getOK(t, "the incoming push", st.PushURL+"/"+tok+"/incoming?remote=203")
	if err := h.phone.Wait(h.ctx(), func() bool { return h.phone.RequestCount("api-get_line_status") > before }); err != nil {
		t.Error("no poll after a push")
	}

	// Switched off by a reload.
	set := h.editSettings(func(s *settings.Settings) { s.PushListen = "" })
	if st := h.svc.State(h.ctx()); st.PushURL != "" {
		t.Errorf("PushURL %q after switching push off", st.PushURL)
	}
	if _, err := http.Get(st.PushURL + "/" + tok + "/incoming"); err == nil {
		t.Error("the listener still answers after switching push off")
	}
	// The token survives: the phone's configured URLs stay valid.
	set.PushListen = testkit.FreeAddr(t)
	h.saveSettings(set)
	h.svc.ReloadSettings(h.ctx())
	if got := h.secrets.m[secretPushToken]; got != tok {
		t.Error("the push token changed on restart of the listener")
	}
}

// A listener that cannot start (its port taken) says so, with the reason,
// where a person asks for the Action URLs; none configured says that instead.
func TestPushListenerThatCannotStartSaysWhy(t *testing.T) {
	taken := takenAddr(t)
	h := newHarness(t, hopts{edit: func(s *settings.Settings) { s.PushListen = taken }})
	h.online()
	_, err := h.svc.ActionURLs(h.ctx())
	if err == nil || !strings.Contains(err.Error(), "could not start") || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("ActionURLs with the port taken: %v", err)
	}
	h.editSettings(func(s *settings.Settings) { s.PushListen = "" })
	_, err = h.svc.ActionURLs(h.ctx())
	if err == nil || strings.Contains(err.Error(), "could not start") {
		t.Fatalf("ActionURLs with push switched off: %v", err)
	}
}

func TestQuitAndShow(t *testing.T) {
	h := newHarness(t, hopts{noRun: true})
	if err := h.svc.Show(h.ctx(), "dialpad"); err != nil {
		t.Fatal(err)
	}
	if got := h.windows.get(); len(got) != 1 || got[0][0] != "dialpad" {
		t.Errorf("OpenWindow calls %v", got)
	}
	h.start()
	h.svc.Quit(h.ctx())
	h.svc.Quit(h.ctx()) // twice is fine
	select {
	case <-h.svc.Done():
	default:
		t.Fatal("Done not closed by Quit")
	}
	select {
	case err := <-h.runErr:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
		h.cancel = nil
	case <-h.ctx().Done():
		t.Fatal("Run did not return after Quit")
	}
}

func TestHotkeyStatusInState(t *testing.T) {
	h := newHarness(t, hopts{noRun: true})
	h.svc.SetHotkeyStatus("Ctrl+Shift+D", fmt.Errorf("taken by another program"))
	st := h.svc.State(h.ctx())
	if st.Hotkey != "Ctrl+Shift+D" || st.HotkeyErr != "taken by another program" {
		t.Errorf("State hotkey %q err %q", st.Hotkey, st.HotkeyErr)
	}
}

func TestReloadMovesToAnotherPhone(t *testing.T) {
	h := newHarness(t, hopts{})
	h.online()
	other, otherSrv := h.moveToAnotherPhone()
	// The passcode stored for the first phone does not follow the address.
	h.waitState("the passcode withheld", func(s localapi.State) bool {
		return s.Phone == otherSrv.URL && s.NeedPasscode && strings.Contains(s.ConnErr, "belongs to "+h.srv.URL)
	})
	if n := len(other.Requests()); n != 0 {
		t.Fatalf("the other phone received %d requests before its passcode was typed", n)
	}
	// The person types it for the new phone.
	if err := settings.SavePasscode(h.secrets, otherSrv.URL, testPass); err != nil {
		t.Fatal(err)
	}
	if err := h.svc.ReloadSettings(h.ctx()); err != nil {
		t.Fatal(err)
	}
	st := h.waitState("the other phone online", func(s localapi.State) bool {
		return s.Phone == otherSrv.URL && s.Conn == cti.ConnOnline && len(s.Lines) == 2
	})
	if st.ConnErr != "" {
		t.Errorf("ConnErr %q", st.ConnErr)
	}
	before := h.phone.RequestCount("api-get_line_status")
	if _, err := h.svc.Dial(h.ctx(), "203"); err != nil {
		t.Fatal(err)
	}
	if got := other.Dialed(); !slices.Equal(got, []string{"203"}) {
		t.Errorf("the new phone dialed %v", got)
	}
	if len(h.phone.Dialed()) != 0 {
		t.Error("the old phone got the call")
	}
	// The old phone is left alone (at most a poll that was already running).
	if n := h.phone.RequestCount("api-get_line_status"); n > before+1 {
		t.Errorf("the old phone is still polled: %d requests after the switch", n-before)
	}
}
