package phonesim

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gxptray/gxptray/cti"
)

func TestLineStatusIdleShape(t *testing.T) {
	_, base := newPhone(t, Options{})
	var lines []string
	for n := 1; n <= 8; n++ {
		lines = append(lines, idleLine(n, 2-n%2)) // accounts 1,2,1,2... like the seed
	}
	want := `{"response":"success","body":[` + strings.Join(lines, ",") + `]}`
	mustCall(t, base, "api-get_line_status", "", want)
}

// The seed's example: "Виталик" (203) connected on line 2, account 2.
func TestLineStatusSeedExample(t *testing.T) {
	p, base := newPhone(t, Options{})
	if _, err := p.Ring("555", "First"); err != nil {
		t.Fatal(err)
	}
	if n, err := p.Ring("203", "Виталик"); err != nil || n != 2 {
		t.Fatalf("Ring = %d, %v; want line 2", n, err)
	}
	sendKeys(t, p, base, "LINE2")
	op(t, base, "acceptcall", opOK)
	if err := p.RemoteHangup(1); err != nil {
		t.Fatal(err)
	}
	_, body := call(t, base, "api-get_line_status", "")
	want := `{"response":"success","body":[` + idleLine(1, 1) +
		`,{"line":2,"state":"connected","acct":2,"active":1,"remotename":"Виталик","remotenumber":"203","conf":0},` +
		idleLine(3, 1) + `,`
	if !strings.HasPrefix(body, want) {
		t.Fatalf("line status\n got %s\nwant prefix %s", body, want)
	}
}

func TestLineStatusVariants(t *testing.T) {
	_, base := newPhone(t, Options{Lines: 2, ZeroBasedAccounts: true, IdleAccountEmpty: true})
	mustCall(t, base, "api-get_line_status", "", `{"response":"success","body":[`+
		`{"line":1,"state":"idle","acct":"","active":0,"remotename":"","remotenumber":"","conf":0},`+
		`{"line":2,"state":"idle","acct":"","active":0,"remotename":"","remotenumber":"","conf":0}]}`)
	mustCall(t, base, "api-make_call", "phonenumber=%2B15555550100&account=1",
		`{"response":"success","body":true}`)
	mustCall(t, base, "api-get_line_status", "", `{"response":"success","body":[`+
		`{"line":1,"state":"calling","acct":1,"active":1,"remotename":"","remotenumber":"+15555550100","conf":0},`+
		`{"line":2,"state":"idle","acct":"","active":0,"remotename":"","remotenumber":"","conf":0}]}`)
}

func TestLineStatusDecodesWithCtiTypes(t *testing.T) {
	p, base := newPhone(t, Options{})
	if _, err := p.Ring("+74951234567", "Анна Смирнова"); err != nil {
		t.Fatal(err)
	}
	_, body := call(t, base, "api-get_line_status", "")
	var r struct{ Body []cti.Line }
	if err := jsonUnmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	got := r.Body[0]
	want := cti.Line{Line: 1, State: cti.StateRinging, Account: 1, Active: true, RemoteName: "Анна Смирнова", RemoteNumber: "+74951234567"}
	if got != want || len(r.Body) != 8 {
		t.Fatalf("decoded %+v (of %d lines), want %+v", got, len(r.Body), want)
	}
	if p.Line(1) != want {
		t.Fatalf("Line(1) = %+v, want %+v", p.Line(1), want)
	}
}

func TestPhoneStatus(t *testing.T) {
	p, base := newPhone(t, Options{})
	status := func(s string) string { return `{"response":"success","body":"` + s + `","misc":"0"}` }
	mustCall(t, base, "api-get_phone_status", "", status("available"))
	p.Ring("100", "Reception")
	mustCall(t, base, "api-get_phone_status", "", status("ringing"))
	op(t, base, "acceptcall", opOK)
	mustCall(t, base, "api-get_phone_status", "", status("busy"))
	p.Ring("101", "")
	mustCall(t, base, "api-get_phone_status", "", status("ringing"))
}

func TestAccounts(t *testing.T) {
	_, base := newPhone(t, Options{})
	mustCall(t, base, "api-get_accounts", "", `{"response":"success","body":[`+
		`{"id":1,"sip_server":"sip.example.com","sip_id":"1001","name":"Office","reg":1},`+
		`{"id":2,"sip_server":"pbx.example.net","sip_id":"2002","name":"Support","reg":1}]}`)

	_, base = newPhone(t, Options{Accounts: []cti.Account{{ID: 1, SIPServer: "a&b<c>", SIPID: "7", Name: "X"}}})
	mustCall(t, base, "api-get_accounts", "", `{"response":"success","body":[`+
		`{"id":1,"sip_server":"a&b<c>","sip_id":"7","name":"X","reg":0}]}`)
}

const unauthorized = `{"response":"error","body":"unauthorized"}`

func TestPasscode(t *testing.T) {
	p, base := newPhone(t, Options{})
	for _, q := range []string{"", "?passcode=", "?passcode=wrong", "?Passcode=" + testPass, "?password=" + testPass} {
		status, body := get(t, base+"/cgi-bin/api-get_line_status"+q)
		if status != http.StatusUnauthorized || body != unauthorized {
			t.Errorf("query %q: %d %s, want 401 %s", q, status, body, unauthorized)
		}
		mustCall(t, base, "api-get_phone_status", "", `{"response":"success","body":"available","misc":"0"}`)
	}
	if p.Locked() || p.FailedLogins() != 5 {
		t.Fatalf("locked=%v failed=%d; successes in between must keep the account unlocked", p.Locked(), p.FailedLogins())
	}
	for _, r := range p.Requests() {
		if strings.Contains(r.Query, testPass) {
			t.Fatalf("request log shows the passcode: %+v", r)
		}
	}
	last := p.Requests()[len(p.Requests())-1]
	if last.Function != "api-get_phone_status" || last.Query != "passcode=***" || last.Status != 200 || last.Result != "success" {
		t.Fatalf("last request %+v", last)
	}
}

func TestPasscodeVariants(t *testing.T) {
	_, base := newPhone(t, Options{UnauthorizedOK: true})
	status, body := get(t, base+"/cgi-bin/api-get_line_status?passcode=nope")
	if status != http.StatusOK || body != unauthorized {
		t.Fatalf("UnauthorizedOK: %d %s", status, body)
	}

	p := New(Options{}) // no passcode: nothing is authorized
	defer p.Close()
	srv := httptest.NewServer(p.Handler())
	defer srv.Close()
	for _, q := range []string{"", "?passcode="} {
		if status, _ := get(t, srv.URL+"/cgi-bin/api-get_line_status"+q); status != http.StatusUnauthorized {
			t.Fatalf("empty passcode, query %q: status %d", q, status)
		}
	}
}

func TestLockoutAfterFiveFailures(t *testing.T) {
	p, base := newPhone(t, Options{})
	for i := range 5 {
		if p.Locked() {
			t.Fatalf("locked after %d failures", i)
		}
		get(t, base+"/cgi-bin/api-get_line_status?passcode=guess")
	}
	if !p.Locked() {
		t.Fatal("not locked after 5 failures")
	}
	status, body := call(t, base, "api-get_line_status", "")
	if status != http.StatusUnauthorized || body != unauthorized {
		t.Fatalf("locked phone with the right passcode: %d %s", status, body)
	}
	p.Unlock()
	mustCall(t, base, "api-get_phone_status", "", `{"response":"success","body":"available","misc":"0"}`)
	if p.FailedLogins() != 6 {
		t.Fatalf("FailedLogins = %d, want 6", p.FailedLogins())
	}
}

func TestSetPasscode(t *testing.T) {
	p, base := newPhone(t, Options{})
	p.SetPasscode("other")
	if status, _ := call(t, base, "api-get_line_status", ""); status != http.StatusUnauthorized {
		t.Fatalf("old passcode still accepted: %d", status)
	}
	if status, _ := get(t, base+"/cgi-bin/api-get_line_status?passcode=other"); status != http.StatusOK {
		t.Fatalf("new passcode rejected: %d", status)
	}
}

func TestUnknownFunction(t *testing.T) {
	p, base := newPhone(t, Options{})
	for _, path := range []string{"/cgi-bin/api-nope?passcode=" + testPass, "/cgi-bin/", "/cgi-bin/api-get_line_status/x"} {
		if status, _ := get(t, base+path); status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, status)
		}
	}
	if n := p.RequestCount("api-nope"); n != 1 {
		t.Fatalf("RequestCount(api-nope) = %d", n)
	}
}

func TestMakeCall(t *testing.T) {
	p, base := newPhone(t, Options{})
	// GRP form.
	mustCall(t, base, "api-make_call", "phonenumber=203", opOK)
	if l := p.Line(1); l.State != cti.StateCalling || l.RemoteNumber != "203" || l.Account != 1 {
		t.Fatalf("after GRP make_call: %+v", l)
	}
	// GXP form: password= instead of passcode=, account 0-based (1 = the second).
	status, body := get(t, base+"/cgi-bin/api-make_call?phonenumber=%2B74951234567&account=1&password="+testPass)
	if status != 200 || body != opOK {
		t.Fatalf("GXP make_call: %d %s", status, body)
	}
	if l := p.Line(2); l.State != cti.StateCalling || l.RemoteNumber != "+74951234567" || l.Account != 2 || !l.Active {
		t.Fatalf("after GXP make_call: %+v", l)
	}
	wantState(t, p, 1, cti.StateCalling)
	if d := p.Dialed(); len(d) != 2 || d[0] != "203" || d[1] != "+74951234567" {
		t.Fatalf("Dialed = %q", d)
	}
	// password= is only for make_call.
	if status, _ := get(t, base+"/cgi-bin/api-get_line_status?password="+testPass); status != http.StatusUnauthorized {
		t.Fatalf("password= accepted on line status: %d", status)
	}
	for _, q := range []string{"", "phonenumber=", "phonenumber=2%200%203", "phonenumber=1&account=2", "phonenumber=1&account=x", "phonenumber=1&account=-1"} {
		mustCall(t, base, "api-make_call", q, `{"response":"error","body":"failed"}`)
	}

	p.SetMakeCall(false)
	mustCall(t, base, "api-make_call", "phonenumber=204", `{"response":"error","body":"Invalid Request"}`)
	p.SetMakeCall(true)
	mustCall(t, base, "api-make_call", "phonenumber=204", opOK)
	if p.Line(3).RemoteNumber != "204" {
		t.Fatalf("line 3: %+v", p.Line(3))
	}
}

func TestMakeCallDisabledOption(t *testing.T) {
	p, base := newPhone(t, Options{DisableMakeCall: true})
	mustCall(t, base, "api-make_call", "phonenumber=204", `{"response":"error","body":"Invalid Request"}`)
	if p.MakeCallEnabled() || len(p.Dialed()) != 0 {
		t.Fatal("make_call dialed while disabled")
	}
}

func TestMakeCallNoIdleLine(t *testing.T) {
	p, base := newPhone(t, Options{Lines: 1})
	p.Ring("1", "")
	mustCall(t, base, "api-make_call", "phonenumber=204", `{"response":"error","body":"failed"}`)
}

func TestSysOperation(t *testing.T) {
	p, base := newPhone(t, Options{})
	mustCall(t, base, "api-sys_operation", "request=reboot", `{"response":"error","body":"unknown"}`)
	mustCall(t, base, "api-sys_operation", "", `{"response":"error","body":"unknown"}`)
	if p.Rebooting() {
		t.Fatal("rebooting after an unknown request")
	}
	for _, c := range []struct{ req, body string }{{"REBOOT", "savereboot"}, {"RESET", "reset"}} {
		p.Ring("203", "Виталик")
		mustCall(t, base, "api-sys_operation", "request="+c.req, `{"response":"success","body":"`+c.body+`"}`)
		if !p.Rebooting() {
			t.Fatalf("%s: not rebooting", c.req)
		}
		// Handler-only: the connection is closed without an answer.
		if resp, err := http.Get(base + "/cgi-bin/api-get_line_status?passcode=" + testPass); err == nil {
			resp.Body.Close()
			t.Fatalf("%s: request during downtime answered %d", c.req, resp.StatusCode)
		}
		if _, err := p.Ring("1", ""); !errors.Is(err, ErrRebooting) {
			t.Fatalf("Ring while rebooting: %v", err)
		}
		p.BootNow()
		if err := p.Wait(testCtx(t), func() bool { return !p.Rebooting() }); err != nil {
			t.Fatal(err)
		}
		wantState(t, p, 1, cti.StateIdle)
		mustCall(t, base, "api-get_phone_status", "", `{"response":"success","body":"available","misc":"0"}`)
	}
}

func TestRebootDowntimeEnds(t *testing.T) {
	p, base := newPhone(t, Options{RebootDowntime: 5e6}) // 5 ms
	for range 5 {
		get(t, base+"/cgi-bin/api-get_line_status?passcode=x")
	}
	if err := p.Reboot(); err != nil {
		t.Fatal(err)
	}
	if err := p.Wait(testCtx(t), func() bool { return !p.Rebooting() }); err != nil {
		t.Fatal(err)
	}
	if p.Locked() {
		t.Fatal("a reboot must unlock the account")
	}
	mustCall(t, base, "api-get_phone_status", "", `{"response":"success","body":"available","misc":"0"}`)
}

func TestRebootWithRecorderAnswers503(t *testing.T) {
	p := New(Options{Passcode: testPass, RebootDowntime: 1e12})
	defer p.Close()
	p.Reboot()
	rec := httptest.NewRecorder()
	p.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/cgi-bin/api-get_line_status?passcode="+testPass, nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", rec.Code)
	}
	// The control surface keeps answering.
	rec = httptest.NewRecorder()
	p.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/sim/state", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"rebooting":true`) {
		t.Fatalf("/sim/state during reboot: %d %s", rec.Code, rec.Body)
	}
}

func TestClosedPhone(t *testing.T) {
	p := New(Options{Passcode: testPass})
	p.Close()
	rec := httptest.NewRecorder()
	p.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/cgi-bin/api-get_line_status?passcode="+testPass, nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", rec.Code)
	}
	if _, err := p.Ring("1", ""); !errors.Is(err, ErrClosed) {
		t.Fatalf("Ring after Close: %v", err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestRedactQuery(t *testing.T) {
	for in, want := range map[string]string{
		"passcode=abc&keys=1:2":        "passcode=***&keys=1:2",
		"phonenumber=1&password=x%20y": "phonenumber=1&password=***",
		"pass%63ode=abc":               "pass%63ode=***",
		"PASSCODE=abc&x=passcode":      "PASSCODE=***&x=passcode",
		"passcode":                     "passcode",
		"":                             "",
	} {
		if got := redactQuery(in); got != want {
			t.Errorf("redactQuery(%q) = %q, want %q", in, got, want)
		}
	}
}
