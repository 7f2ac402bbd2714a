package cti_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/cti/testkit"
)

var families = []phonesim.WebFamily{phonesim.WebPlain, phonesim.WebChallenge}

// forEachFamily runs test once per login family, as a subtest named after it.
func forEachFamily(t *testing.T, test func(t *testing.T, fam phonesim.WebFamily)) {
	t.Helper()
	for _, fam := range families {
		t.Run(string(fam), func(t *testing.T) { test(t, fam) })
	}
}

// newClockedSim is newClSimClient for a phone of family fam whose clock is
// the returned one (for session expiry and keep-alive).
func newClockedSim(t *testing.T, fam phonesim.WebFamily) (*testkit.Clock, *phonesim.Phone, *cti.Client) {
	t.Helper()
	clock := testkit.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	p, c := newClSimClient(t, phonesim.Options{WebFamily: fam, Now: clock.Now}, nil)
	return clock, p, c
}

func countFn(p *phonesim.Phone, fn string) int {
	n := 0
	for _, r := range p.WebRequests() {
		if r.Function == fn {
			n++
		}
	}
	return n
}

func TestSessionBothFamilies(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam phonesim.WebFamily) {
		p, c := newClSimClient(t, phonesim.Options{WebFamily: fam}, nil)
		ctx := clSimCtx(t)
		err := c.WithSession(ctx, cti.SessionOptions{}, func(s *cti.Session) error {
			info := s.Info()
			if string(info.Family) != string(fam) || info.Version != "1.0.11.79" || info.MAC != "000B82A1B2C3" {
				t.Errorf("info = %+v", info)
			}
			v, err := s.Values(ctx, "P3", "phone_model")
			if err != nil {
				return err
			}
			if v["P3"] != "Office" || v["phone_model"] != "GXP2170" {
				t.Errorf("values = %v", v)
			}
			return s.SetValue(ctx, "P8311", "http://pc:8765/t/outgoing")
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Value("P8311"); got != "http://pc:8765/t/outgoing" {
			t.Fatalf("P8311 = %q", got)
		}
		if p.WebSessions() != 0 || countFn(p, "dologout") != 1 {
			t.Fatalf("after the task: %d sessions, %d logouts; want 0 and 1", p.WebSessions(), countFn(p, "dologout"))
		}
		for _, r := range p.WebRequests() {
			if r.Referer != c.BaseURL()+"/" || r.Origin != c.BaseURL() {
				t.Fatalf("%s came with Referer %q, Origin %q", r.Function, r.Referer, r.Origin)
			}
			if r.Function != "dologin" && r.Function != "access" && (!r.SIDInForm || !r.SIDCookie) {
				t.Fatalf("%s without the sid in the form and the cookie: %+v", r.Function, r)
			}
		}
		// CTI keeps passcode=.
		if _, err := c.PhoneStatus(ctx); err != nil {
			t.Fatal(err)
		}
		if q := p.Requests()[len(p.Requests())-1].Query; !strings.Contains(q, "passcode=***") {
			t.Fatalf("CTI query %q without passcode=", q)
		}
	})
}

func TestSessionWrongPasswordOneAttempt(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam phonesim.WebFamily) {
		rj := &cti.Rejections{}
		p, c := newClSimClient(t, phonesim.Options{WebFamily: fam}, func(cfg *cti.Config) {
			cfg.Passcode = "wrong-pass"
			cfg.Rejections = rj
		})
		ctx := clSimCtx(t)
		_, err := c.OpenSession(ctx, cti.SessionOptions{})
		var ae *cti.AuthError
		if !errors.As(err, &ae) || ae.TriesLeft != 4 || ae.NotSent {
			t.Fatalf("err = %v, want an AuthError with 4 tries left", err)
		}
		if !strings.Contains(err.Error(), "4 more tries") || strings.Contains(err.Error(), "wrong-pass") {
			t.Fatalf("message %q", err)
		}
		// Again: nothing more reaches the phone.
		_, err = c.OpenSession(ctx, cti.SessionOptions{})
		if !errors.As(err, &ae) || !ae.NotSent {
			t.Fatalf("second open = %v, want not sent", err)
		}
		if n := countFn(p, "dologin"); n != 1 || p.FailedLogins() != 1 {
			t.Fatalf("%d login attempts, %d failed logins; want exactly 1", n, p.FailedLogins())
		}
	})
}

func TestSessionLockedAndNotAllowed(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{}, nil)
	ctx := clSimCtx(t)
	_, err := c.OpenSession(ctx, cti.SessionOptions{User: "user"})
	var se *cti.SessionError
	if !errors.As(err, &se) || se.Reason != cti.SessionNotAllowed || !errors.Is(err, cti.ErrSession) {
		t.Fatalf("user account: %v, want SessionNotAllowed", err)
	}
	// Lock the account from outside (the person typed wrong passwords).
	p.SetPasscode("other")
	for range 5 {
		_, _ = c.PhoneStatus(ctx)
	}
	p.SetPasscode(clSimPasscode)
	_, err = c.OpenSession(ctx, cti.SessionOptions{})
	var ae *cti.AuthError
	if !errors.As(err, &ae) || !ae.Locked {
		t.Fatalf("locked account: %v", err)
	}
}

// A login answered with an HTML page (another web server, a captive
// portal) is a clear ErrBadReply on either family, and costs no login
// attempt: the challenge family's probe gets the page, so no dologin goes out.
func TestSessionHTMLLoginPage(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam phonesim.WebFamily) {
		p, c := newClSimClient(t, phonesim.Options{WebFamily: fam}, nil)
		p.SetWebHTML(true)
		_, err := c.OpenSession(clSimCtx(t), cti.SessionOptions{})
		if !errors.Is(err, cti.ErrBadReply) || !strings.Contains(err.Error(), "an HTML page instead of the web session's JSON") {
			t.Fatalf("err = %v, want ErrBadReply about an HTML page", err)
		}
		if errors.Is(err, cti.ErrUnauthorized) || errors.Is(err, cti.ErrSession) {
			t.Fatalf("an HTML page taken for a refused login: %v", err)
		}
		wantLogins := map[phonesim.WebFamily]int{phonesim.WebPlain: 1, phonesim.WebChallenge: 0}[fam]
		if n := countFn(p, "dologin"); n != wantLogins || p.FailedLogins() != 0 || p.WebSessions() != 0 {
			t.Fatalf("%d dologin (want %d), %d failed logins, %d sessions", n, wantLogins, p.FailedLogins(), p.WebSessions())
		}
		// The page gone, the next login works: nothing was remembered as refused.
		p.SetWebHTML(false)
		if err := c.WithSession(clSimCtx(t), cti.SessionOptions{}, func(*cti.Session) error { return nil }); err != nil {
			t.Fatalf("after the HTML page: %v", err)
		}
	})
}

// Each refusal of the web session is its own typed error with its own
// words, on both families: wrongN (tries left), locked, "user is not
// allow", and a session that ended (HTTP 401 on the challenge family, a
// {"status":"session-expired"} body on the plain one).
func TestSessionRefusalsTypedAndWorded(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam phonesim.WebFamily) {
		clock, p, c := newClockedSim(t, fam)
		ctx := clSimCtx(t)

		p.SetPasscode("changed")
		_, err := c.OpenSession(ctx, cti.SessionOptions{})
		var ae *cti.AuthError
		if !errors.As(err, &ae) || ae.TriesLeft != 4 || ae.Locked || errors.Is(err, cti.ErrSession) ||
			!strings.Contains(err.Error(), "the phone allows 4 more tries before it locks the account") {
			t.Fatalf("wrong password: %v", err)
		}
		for range 4 {
			_, err = c.OpenSession(ctx, cti.SessionOptions{})
		}
		if !errors.As(err, &ae) || !ae.Locked || !strings.Contains(err.Error(), "the phone has locked the account") {
			t.Fatalf("fifth wrong password: %v", err)
		}
		p.Unlock()
		p.SetPasscode(clSimPasscode)

		_, err = c.OpenSession(ctx, cti.SessionOptions{User: "user"})
		var se *cti.SessionError
		if !errors.As(err, &se) || se.Reason != cti.SessionNotAllowed || errors.Is(err, cti.ErrUnauthorized) ||
			!strings.Contains(err.Error(), `the phone does not let the account "user" log in to its web page`) {
			t.Fatalf("user account: %v", err)
		}

		s, err := c.OpenSession(ctx, cti.SessionOptions{RefreshInterval: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close(ctx)
		clock.Add(61 * time.Second)
		if _, err := s.Values(ctx, "P3"); err != nil { // renewed once
			t.Fatal(err)
		}
		clock.Add(61 * time.Second)
		_, err = s.Values(ctx, "P3")
		if !errors.As(err, &se) || se.Reason != cti.SessionExpired || errors.Is(err, cti.ErrUnauthorized) ||
			!strings.Contains(err.Error(), "the phone ended the web session") {
			t.Fatalf("expired twice: %v", err)
		}
		want := map[phonesim.WebFamily]string{phonesim.WebPlain: "session-expired", phonesim.WebChallenge: "HTTP 401"}[fam]
		if se.Detail != want {
			t.Fatalf("expiry detail %q, want %q", se.Detail, want)
		}
	})
}

// A task that fails, or whose context ends, still logs out: the phone has
// one session per account and the person's web page needs it back.
func TestWithSessionLogsOutWhateverTheTask(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam phonesim.WebFamily) {
		p, c := newClSimClient(t, phonesim.Options{WebFamily: fam}, nil)
		boom := errors.New("the task failed")
		err := c.WithSession(clSimCtx(t), cti.SessionOptions{}, func(*cti.Session) error { return boom })
		if !errors.Is(err, boom) || p.WebSessions() != 0 || countFn(p, "dologout") != 1 {
			t.Fatalf("failed task: %v, %d sessions, %d logouts", err, p.WebSessions(), countFn(p, "dologout"))
		}
		ctx, cancel := context.WithCancel(clSimCtx(t))
		err = c.WithSession(ctx, cti.SessionOptions{}, func(s *cti.Session) error {
			cancel() // the person closed the window
			_, err := s.Values(ctx, "P3")
			return err
		})
		if !errors.Is(err, context.Canceled) || p.WebSessions() != 0 || countFn(p, "dologout") != 2 {
			t.Fatalf("cancelled task: %v, %d sessions, %d logouts", err, p.WebSessions(), countFn(p, "dologout"))
		}
	})
}

func TestSessionExpiryAndKeepAlive(t *testing.T) {
	clock, p, c := newClockedSim(t, phonesim.WebChallenge)
	ctx := clSimCtx(t)
	s, err := c.OpenSession(ctx, cti.SessionOptions{RefreshInterval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	// The keep-alive runs while the session is open.
	wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := p.Wait(wctx, func() bool { return countFn(p, "dorefresh") >= 2 }); err != nil {
		t.Fatalf("no dorefresh while the session is open: %v", err)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	after := countFn(p, "dorefresh")
	if p.WebSessions() != 0 {
		t.Fatal("session still open after Close")
	}
	// Closed: a new session for an idle phone, then 61 s pass.
	s, err = c.OpenSession(ctx, cti.SessionOptions{RefreshInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	if countFn(p, "dorefresh") != after {
		t.Fatal("dorefresh after Close")
	}
	clock.Add(61 * time.Second)
	// Expired: logged in again once, the read succeeds.
	if _, err := s.Values(ctx, "P3"); err != nil {
		t.Fatalf("read after expiry: %v", err)
	}
	if n := countFn(p, "dologin"); n != 3 {
		t.Fatalf("%d logins, want 3 (two sessions, one renewal)", n)
	}
	// A second expiry in the same task is reported, not logged in again.
	clock.Add(61 * time.Second)
	_, err = s.Values(ctx, "P3")
	var se *cti.SessionError
	if !errors.As(err, &se) || se.Reason != cti.SessionExpired {
		t.Fatalf("second expiry: %v", err)
	}
	if n := countFn(p, "dologin"); n != 3 {
		t.Fatalf("%d logins after the second expiry, want still 3", n)
	}
}

func TestSessionValueTooLong(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{}, nil)
	ctx := clSimCtx(t)
	err := c.WithSession(ctx, cti.SessionOptions{}, func(s *cti.Session) error {
		return s.SetValue(ctx, "P8310", strings.Repeat("x", cti.MaxValueLen+1))
	})
	var tl *cti.ValueTooLongError
	if !errors.As(err, &tl) || tl.Len != cti.MaxValueLen+1 {
		t.Fatalf("err = %v", err)
	}
	if countFn(p, "api.values.post") != 0 {
		t.Fatal("a value over the limit was sent")
	}
}

func TestSessionNoWebAPI(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{WebFamily: phonesim.WebNone}, nil)
	_, err := c.OpenSession(clSimCtx(t), cti.SessionOptions{})
	if !errors.Is(err, cti.ErrNotSupported) || p.FailedLogins() != 0 {
		t.Fatalf("err = %v, failed logins %d", err, p.FailedLogins())
	}
}

// The low-privilege user account, where the phone has one: the polite choice.
func TestSessionUserAccount(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{UserPassword: clSimPasscode}, nil)
	ctx := clSimCtx(t)
	err := c.WithSession(ctx, cti.SessionOptions{User: "user"}, func(s *cti.Session) error {
		if s.Info().Role != "user" {
			t.Errorf("role %q", s.Info().Role)
		}
		_, err := s.Values(ctx, "P3")
		return err
	})
	if err != nil || p.Takeovers() != 0 {
		t.Fatalf("err %v, takeovers %d", err, p.Takeovers())
	}
}

// A password the CTI API refused is not tried on the web login either (both
// count towards the same lockout); a web login refused does not stop a CTI
// passcode that works (the phone may take the end-user password for CTI and
// refuse it for the admin's web login).
func TestSessionAndCTIRejectionsApart(t *testing.T) {
	rj := &cti.Rejections{}
	p, c := newClSimClient(t, phonesim.Options{}, func(cfg *cti.Config) {
		cfg.Passcode = "wrong-pass"
		cfg.Rejections = rj
	})
	ctx := clSimCtx(t)
	if _, err := c.PhoneStatus(ctx); !errors.Is(err, cti.ErrUnauthorized) {
		t.Fatalf("CTI = %v", err)
	}
	_, err := c.OpenSession(ctx, cti.SessionOptions{})
	var ae *cti.AuthError
	if !errors.As(err, &ae) || !ae.NotSent || countFn(p, "dologin") != 0 {
		t.Fatalf("web login after the CTI refusal: %v, %d attempts", err, countFn(p, "dologin"))
	}

	rj2 := &cti.Rejections{}
	p2, c2 := newClSimClient(t, phonesim.Options{}, func(cfg *cti.Config) { cfg.Rejections = rj2 })
	_, err = c2.OpenSession(ctx, cti.SessionOptions{User: "user"}) // no user account: refused without a password check
	if !errors.Is(err, cti.ErrSession) {
		t.Fatalf("user login = %v", err)
	}
	p2.SetPasscode("admin-web-only")
	_, _ = c2.OpenSession(ctx, cti.SessionOptions{}) // the admin's web login refuses this password
	p2.SetPasscode(clSimPasscode)                    // (CTI takes it, as with an end-user password)
	if _, err := c2.PhoneStatus(ctx); err != nil {
		t.Fatalf("CTI after a refused web login: %v", err)
	}
	// ...and the working CTI passcode does not make the refused web login go out again.
	before := countFn(p2, "dologin")
	if _, err := c2.OpenSession(ctx, cti.SessionOptions{}); !errors.As(err, &ae) || !ae.NotSent || countFn(p2, "dologin") != before {
		t.Fatalf("web login again after CTI worked: %v", err)
	}
}

// Firmware that answers /cgi-bin/access with an error instead of 404 gets
// the plain login.
func TestSessionAccessErrorMeansPlainLogin(t *testing.T) {
	var got []string
	c := clientOfHandler(t, "plain-pass", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		got = append(got, r.URL.Path+" "+r.PostForm.Get("password"))
		switch r.URL.Path {
		case "/cgi-bin/access":
			io.WriteString(w, `{"response":"error","body":"failed"}`)
		case "/cgi-bin/dologin":
			io.WriteString(w, `{"response":"success","body":{"sid":"s1","role":"admin","ver":"1.0.4.1","mac":"00"}}`)
		default:
			io.WriteString(w, `{"response":"success","body":"ok"}`)
		}
	})
	s, err := c.OpenSession(clSimCtx(t), cti.SessionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close(clSimCtx(t))
	if s.Info().Family != cti.WebPlain || len(got) < 2 || got[1] != "/cgi-bin/dologin plain-pass" {
		t.Fatalf("family %q, requests %q", s.Info().Family, got)
	}
}

// A login answer with the session id only in its cookie is a session too.
func TestSessionIDFromCookie(t *testing.T) {
	var sids []string
	c := clientOfHandler(t, "pass", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		switch r.URL.Path {
		case "/cgi-bin/access":
			http.NotFound(w, r)
		case "/cgi-bin/dologin":
			http.SetCookie(w, &http.Cookie{Name: "session-identity", Value: "cookie-sid", Path: "/"})
			io.WriteString(w, `{"response":"success","body":{"role":"admin"}}`)
		default:
			sids = append(sids, r.PostForm.Get("sid"))
			io.WriteString(w, `{"response":"success","body":{"P3":"Desk"}}`)
		}
	})
	ctx := clSimCtx(t)
	err := c.WithSession(ctx, cti.SessionOptions{}, func(s *cti.Session) error {
		v, err := s.Values(ctx, "P3")
		if err == nil && v["P3"] != "Desk" {
			t.Errorf("values %v", v)
		}
		return err
	})
	if err != nil || len(sids) == 0 || sids[0] != "cookie-sid" {
		t.Fatalf("err %v, sids %q", err, sids)
	}
}

// config_update goes out as the one shape known from real phones: a PUT of
// {"alias":{},"pvalue":{...}} with P-values without the "P", the sid in the
// query and the session cookie.
func TestUpdateConfigWireShape(t *testing.T) {
	var method, query, body, cookie string
	c := clientOfHandler(t, "pass", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/cgi-bin/access":
			io.WriteString(w, `{"response":"success","body":"n0nce"}`)
		case "/cgi-bin/dologin":
			http.SetCookie(w, &http.Cookie{Name: "session-identity", Value: "s1d-value", Path: "/"})
			io.WriteString(w, `{"response":"success","body":{"sid":"s1d-value","role":"x","ver":"1.0.11.79"}}`)
		case "/cgi-bin/config_update":
			b, _ := io.ReadAll(r.Body)
			method, query, body = r.Method, r.URL.RawQuery, string(b)
			if c, err := r.Cookie("session-identity"); err == nil {
				cookie = c.Value
			}
			io.WriteString(w, `{"response":"success","body":{"status":"right"}}`)
		default:
			io.WriteString(w, `{"response":"success","body":"ok"}`)
		}
	})
	ctx := clSimCtx(t)
	err := c.WithSession(ctx, cti.SessionOptions{}, func(s *cti.Session) error {
		return s.UpdateConfig(ctx, map[string]string{"8310": "http://pc:8765/t/incoming"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if method != http.MethodPut || query != "sid=s1d-value" || cookie != "s1d-value" ||
		body != `{"alias":{},"pvalue":{"8310":"http://pc:8765/t/incoming"}}` {
		t.Fatalf("config_update: %s ?%s cookie %q body %s", method, query, cookie, body)
	}
}

// The keep-alive is what keeps a long task's session open: with dorefresh
// going out, 100 s pass on the phone's clock and the same session still
// works, without a second login; each dorefresh carried the session.
func TestSessionKeepAliveKeepsItOpen(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam phonesim.WebFamily) {
		clock, p, c := newClockedSim(t, fam)
		ctx := clSimCtx(t)
		err := c.WithSession(ctx, cti.SessionOptions{RefreshInterval: time.Millisecond}, func(s *cti.Session) error {
			for range 2 {
				clock.Add(50 * time.Second)
				n := countFn(p, "dorefresh")
				if err := p.Wait(ctx, func() bool { return countFn(p, "dorefresh") > n }); err != nil {
					return err
				}
			}
			_, err := s.Values(ctx, "P3")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := countFn(p, "dologin"); n != 1 {
			t.Fatalf("%d logins, want 1: the keep-alive did not keep the session", n)
		}
		for _, r := range p.WebRequests() {
			if r.Function == "dorefresh" && (r.Result != "success" || !r.SIDInForm || !r.SIDCookie || r.Origin != c.BaseURL()) {
				t.Fatalf("dorefresh %+v", r)
			}
		}
	})
}

// clientOfHandler is a client, with the passcode (and mods to its Config),
// of a phone played by h on a test server that ends with the test.
func clientOfHandler(t *testing.T, passcode string, h http.HandlerFunc, mods ...func(*cti.Config)) *cti.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cfg := cti.Config{Address: srv.URL, Passcode: passcode}
	for _, mod := range mods {
		mod(&cfg)
	}
	c, err := cti.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
