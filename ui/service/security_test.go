package service

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// queryRecorder is another host on the network: it records every request.
type queryRecorder struct {
	mu      sync.Mutex
	queries []string
}

func (q *queryRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q.mu.Lock()
	q.queries = append(q.queries, r.URL.RawQuery)
	q.mu.Unlock()
	w.Write([]byte(`{"response":"success","body":[]}`))
}

func (q *queryRecorder) withSecret(secret string) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for _, s := range q.queries {
		if strings.Contains(s, secret) {
			n++
		}
	}
	return n
}

// Settings' "Test connection" with a new address and an empty passcode field
// does not send the saved passcode of the old phone; a confirmation naming
// both addresses does.
func TestTestConnectionKeepsThePasscodeWithItsPhone(t *testing.T) {
	h := newHarness(t, hopts{})
	h.online()
	rec := &queryRecorder{}
	other := httptest.NewServer(rec)
	defer other.Close()
	ctx := h.ctx()

	for _, req := range []localapi.TestRequest{
		{Phone: other.URL},
		{Phone: other.URL + "/"},
		{Phone: strings.Replace(other.URL, "http://", "HTTP://", 1)},
		{Phone: other.URL, ReusePasscodeOf: "http://192.0.2.9"}, // not the passcode's phone
	} {
		res, err := h.svc.TestConnection(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if res.OK || res.PasscodeFor != h.srv.URL || !strings.Contains(res.Problem, h.srv.URL) || !strings.Contains(res.Problem, other.URL) {
			t.Fatalf("test of %+v: %+v; want a refusal naming both addresses", req, res)
		}
	}
	if n := len(rec.queries); n != 0 {
		t.Fatalf("the other host received %d requests", n)
	}
	t.Logf("requests reaching another host with the stored passcode: %d", rec.withSecret(testPass))

	// Another spelling of the saved phone is the saved phone.
	if res, _ := h.svc.TestConnection(ctx, localapi.TestRequest{Phone: h.srv.URL + "/"}); !res.OK {
		t.Fatalf("the saved phone with a slash: %+v", res)
	}
	// Typed again, or confirmed in words naming both addresses: sent.
	if res, _ := h.svc.TestConnection(ctx, localapi.TestRequest{Phone: other.URL, ReusePasscodeOf: h.srv.URL + "/"}); !res.OK {
		t.Fatalf("confirmed reuse: %+v", res)
	}
	if rec.withSecret(testPass) == 0 {
		t.Fatal("the confirmed reuse did not send the passcode")
	}
}

// A phone given with GXPTRAY_PHONE / --phone gets no stored passcode of
// another phone, and says why.
func TestOverridePhoneGetsNoStoredPasscode(t *testing.T) {
	rec := &queryRecorder{}
	other := httptest.NewServer(rec)
	defer other.Close()
	h := newHarness(t, hopts{noRun: true})
	h.svc.cfg.Override.Phone = other.URL
	if err := h.svc.ReloadSettings(h.ctx()); err != nil {
		t.Fatal(err)
	}
	h.start()
	st := h.waitState("no passcode for the override phone", func(s localapi.State) bool {
		return s.NeedPasscode && strings.Contains(s.ConnErr, "belongs to "+h.srv.URL)
	})
	if _, err := h.svc.TestConnection(h.ctx(), localapi.TestRequest{}); err != nil {
		t.Fatal(err)
	}
	if n := len(rec.queries); n != 0 {
		t.Fatalf("the override phone received %d requests (state %+v)", n, st)
	}
}

// After the phone rejected the stored passcode, nothing sends it again:
// not reloads (even unchanged), not "Test connection" with the stored
// passcode, not the dial pad asking for account names, not commands. A new
// passcode goes out.
func TestRejectedPasscodeIsNeverSentAgain(t *testing.T) {
	h := newHarness(t, hopts{passcode: "wrong-passcode"})
	h.waitState("unauthorized", func(s localapi.State) bool { return s.Conn == cti.ConnUnauthorized })
	ctx := h.ctx()
	if n := h.phone.FailedLogins(); n != 1 {
		t.Fatalf("%d failed logins at the first rejection", n)
	}
	sent := len(h.phone.Requests())

	for i := 0; i < 6; i++ {
		if err := h.svc.ReloadSettings(ctx); err != nil {
			t.Fatal(err)
		}
		for _, req := range []localapi.TestRequest{{}, {Phone: h.srv.URL}, {Phone: h.srv.URL + "/", TLSMode: "pin"}} {
			res, err := h.svc.TestConnection(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if res.OK || !strings.Contains(res.Problem, "not sent again until you change it") {
				t.Fatalf("test %+v with the rejected passcode: %+v", req, res)
			}
		}
		if _, err := h.svc.Dial(ctx, "203"); err == nil {
			t.Fatal("a dial with the rejected passcode was accepted")
		}
	}
	// A settings file rewritten as it was is no change either.
	set, _, _ := settings.Load(h.paths.ConfigFile)
	h.saveSettings(set)
	_ = h.svc.ReloadSettings(ctx)
	h.svc.poke()
	if st := h.svc.State(ctx); st.Conn != cti.ConnUnauthorized {
		t.Fatalf("state %s after reloads", st.Conn)
	}
	after := len(h.phone.Requests()) - sent
	if after != 0 || h.phone.FailedLogins() != 1 {
		t.Fatalf("%d requests (%d failed logins) reached the phone after the first rejection", after, h.phone.FailedLogins())
	}
	t.Logf("rejected-passcode requests after the first rejection, across 6 reloads, 18 tests and 6 dials: %d", after)

	// The person changes it: the new one goes out.
	if err := settings.SavePasscode(h.secrets, h.srv.URL, testPass); err != nil {
		t.Fatal(err)
	}
	if err := h.svc.ReloadSettings(ctx); err != nil {
		t.Fatal(err)
	}
	h.online()
}

// A caller ID with bidi overrides cannot reorder the notification.
func TestNotificationShowsBidiControlsHarmlessly(t *testing.T) {
	h := newHarness(t, hopts{actions: true})
	h.online()
	h.ring("203", "Bank\u202e\u2066 security\u2069 dept")
	n := h.waitShown("incoming call", isIncoming)
	for _, bad := range []string{"\u202e", "\u2066", "\u2069"} {
		if strings.Contains(n.Notification.Body, bad) || strings.Contains(n.Notification.Summary, bad) {
			t.Fatalf("notification keeps %q: %q / %q", bad, n.Notification.Summary, n.Notification.Body)
		}
	}
	if !strings.Contains(n.Notification.Body, "Bank security dept") {
		t.Fatalf("body %q", n.Notification.Body)
	}
}
