package cti

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/testkit"
)

// seedLineStatus is the seed article's api-get_line_status reply, with the
// lines it elides ("...") filled in like the ones it shows.
const seedLineStatus = `{ "response": "success", "body": [ { "line": 1, "state": "idle", "acct": 1, "active": 0, "remotename": "", "remotenumber": "" }, { "line": 2, "state": "connected", "acct": 2, "active": 1, "remotename": "Виталик", "remotenumber": "203" }, { "line": 3, "state": "idle", "acct": 1, "active": 0, "remotename": "", "remotenumber": "" }, { "line": 4, "state": "idle", "acct": 1, "active": 0, "remotename": "", "remotenumber": "" }, { "line": 5, "state": "idle", "acct": 1, "active": 0, "remotename": "", "remotenumber": "" }, { "line": 6, "state": "idle", "acct": 1, "active": 0, "remotename": "", "remotenumber": "" }, { "line": 7, "state": "idle", "acct": 1, "active": 0, "remotename": "", "remotenumber": "" }, { "line": 8, "state": "idle", "acct": 1, "active": 0, "remotename": "", "remotenumber": "" } ] }`

const (
	replyComplete     = `{"response":"success","body":"complete"}`
	replyTrue         = `{"response":"success","body":true}`
	replyFalse        = `{"response":"error","body":false}`
	replyInvalidReq   = `{"response":"error","body":"Invalid Request"}`
	replyFailed       = `{"response":"error","body":"failed"}`
	replyUnauthorized = `{"response":"error","body":"unauthorized"}`
	// testPasscode has characters that need escaping, to check the
	// encoded forms are redacted too.
	testPasscode = "s3cr&t#Pa ss+1"
)

// clReq is one request the fake phone received.
type clReq struct {
	Function string
	RawQuery string
	Query    url.Values
	Time     time.Time
}

// clReply is what the fake phone answers for a function.
type clReply struct {
	status  int
	body    string
	handler http.HandlerFunc // overrides status/body
}

// clFakePhone is an httptest server that answers like a phone from canned
// replies and records every request.
type clFakePhone struct {
	srv     *httptest.Server
	mu      sync.Mutex
	reqs    []clReq
	replies map[string]clReply
}

func newClFakePhone(t testing.TB, replies map[string]clReply) *clFakePhone {
	p := &clFakePhone{replies: replies}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *clFakePhone) serve(w http.ResponseWriter, r *http.Request) {
	fn := strings.TrimPrefix(r.URL.Path, "/cgi-bin/")
	p.mu.Lock()
	p.reqs = append(p.reqs, clReq{Function: fn, RawQuery: r.URL.RawQuery, Query: r.URL.Query(), Time: time.Now()})
	reply, ok := p.replies[fn]
	p.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	if reply.handler != nil {
		reply.handler(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if reply.status != 0 {
		w.WriteHeader(reply.status)
	}
	_, _ = w.Write([]byte(reply.body))
}

func (p *clFakePhone) requests(fn string) []clReq {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []clReq
	for _, r := range p.reqs {
		if fn == "" || r.Function == fn {
			out = append(out, r)
		}
	}
	return out
}

func (p *clFakePhone) set(fn string, r clReply) {
	p.mu.Lock()
	p.replies[fn] = r
	p.mu.Unlock()
}

func newClTestClient(t testing.TB, addr string, mod func(*Config)) *Client {
	t.Helper()
	cfg := Config{Address: addr, Passcode: "admin", KeyInterval: time.Millisecond}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

func TestNewAddress(t *testing.T) {
	good := map[string]string{
		"192.168.1.20":               "http://192.168.1.20",
		" 192.168.1.20 ":             "http://192.168.1.20",
		"phone.lan:8080":             "http://phone.lan:8080",
		"http://192.168.1.20/":       "http://192.168.1.20",
		"HTTPS://Phone.LAN:8443":     "https://phone.lan:8443",
		"https://[fe80::1]:443":      "https://[fe80::1]",
		"https://[FE80:0::1]:8443/":  "https://[fe80::1]:8443",
		"http://Phone.LAN.:80/":      "http://phone.lan",
		"https://phone.lan:443":      "https://phone.lan",
		"gxp2170":                    "http://gxp2170",
		"http://phone_1.office.lan:": "http://phone_1.office.lan",
	}
	for in, want := range good {
		c, err := New(Config{Address: in, Passcode: "x"})
		if err != nil {
			t.Errorf("New(%q): %v", in, err)
			continue
		}
		if got := c.BaseURL(); got != want {
			t.Errorf("New(%q).BaseURL() = %q, want %q", in, got, want)
		}
	}
	bad := map[string]string{
		"":                            "empty",
		"   ":                         "empty",
		"not a host!!":                "not a host",
		"ftp://192.168.1.20":          "http:// or https://",
		"http://":                     "not a host",
		"192.168.1.20:99999":          "port",
		"192.168.1.20:0":              "port",
		"http://admin:hunter22@phone": "passcode field",
		"http://phone/cgi-bin/api-get_line_status?passcode=hunter22": "only the host",
		"phone.lan/path": "only the host",
		"-bad-.lan":      "not a host",
	}
	for in, want := range bad {
		_, err := New(Config{Address: in, Passcode: "x"})
		if err == nil {
			t.Errorf("New(%q) accepted", in)
			continue
		}
		if !errors.Is(err, ErrInvalidConfig) || !strings.Contains(err.Error(), want) {
			t.Errorf("New(%q) = %v, want ErrInvalidConfig mentioning %q", in, err, want)
		}
		if strings.Contains(err.Error(), "hunter22") {
			t.Errorf("New(%q) error shows the password: %v", in, err)
		}
	}
}

func TestNewConfigChecks(t *testing.T) {
	for name, cfg := range map[string]Config{
		"no passcode":  {Address: "phone"},
		"tls mode":     {Address: "phone", Passcode: "x", TLSMode: "none"},
		"dial method":  {Address: "phone", Passcode: "x", DialMethod: "shout"},
		"account":      {Address: "phone", Passcode: "x", Account: 17},
		"pinned":       {Address: "phone", Passcode: "x", PinnedCert: "abcd"},
		"timeout":      {Address: "phone", Passcode: "x", Timeout: -time.Second},
		"key interval": {Address: "phone", Passcode: "x", KeyInterval: -time.Second},
	} {
		if _, err := New(cfg); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: New = %v, want ErrInvalidConfig", name, err)
		}
	}
	c, err := New(Config{Address: "phone", Passcode: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if c.DialMethodInUse() != DialAuto || c.Fingerprint() != "" {
		t.Errorf("defaults: method %q fingerprint %q", c.DialMethodInUse(), c.Fingerprint())
	}
}

func TestLineStatusSeedReply(t *testing.T) {
	p := newClFakePhone(t, map[string]clReply{fnLineStatus: {body: seedLineStatus}})
	c := newClTestClient(t, p.srv.URL, nil)
	lines, err := c.LineStatus(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 8 {
		t.Fatalf("got %d lines, want 8", len(lines))
	}
	want := Line{Line: 2, State: StateConnected, Account: 2, Active: true, RemoteName: "Виталик", RemoteNumber: "203"}
	if lines[1] != want {
		t.Errorf("line 2 = %+v, want %+v", lines[1], want)
	}
	for i, l := range lines {
		if i != 1 && (l.Line != i+1 || l.State != StateIdle || l.Account != 1 || l.Active) {
			t.Errorf("line %d = %+v, want idle on account 1", i+1, l)
		}
	}
	reqs := p.requests("")
	if len(reqs) != 1 || reqs[0].Function != fnLineStatus || reqs[0].RawQuery != "passcode=admin" {
		t.Errorf("phone received %+v, want one GET /cgi-bin/api-get_line_status?passcode=admin", reqs)
	}
}

func TestLineStatusVariants(t *testing.T) {
	const reply = `{"response":"success","body":[
		{"line":1,"state":"ringing","acct":0,"active":1,"remotename":"Acme Corp","remotenumber":"+15555550100","conf":0},
		{"line":2,"state":"connected","acct":"","active":0,"remotename":"","remotenumber":"100","conf":1},
		{"line":3,"state":"TRANSFER","acct":"1","active":"0","remotename":"","remotenumber":74951234567},
		{"line":4,"state":"idle","acct":"","active":0,"remotename":"","remotenumber":"","extra":{"x":1}}]}`
	p := newClFakePhone(t, map[string]clReply{fnLineStatus: {body: reply}})
	lines, err := newClTestClient(t, p.srv.URL, nil).LineStatus(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []Line{
		{Line: 1, State: StateRinging, Account: 0, Active: true, RemoteName: "Acme Corp", RemoteNumber: "+15555550100"},
		{Line: 2, State: StateConnected, Account: NoAccount, RemoteNumber: "100", Conference: true},
		{Line: 3, State: "transfer", Account: 1, RemoteNumber: "74951234567"},
		{Line: 4, State: StateIdle, Account: NoAccount},
	}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines: %+v", len(lines), lines)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d = %+v, want %+v", i+1, lines[i], want[i])
		}
	}
	if !lines[2].State.Busy() || lines[2].State.Known() {
		t.Errorf("unknown state should be busy and unknown")
	}
}

func TestPhoneStatus(t *testing.T) {
	p := newClFakePhone(t, map[string]clReply{fnPhoneStatus: {body: `{"response":"success","body":"busy","misc":"0"}`}})
	c := newClTestClient(t, p.srv.URL, nil)
	st, err := c.PhoneStatus(context.Background())
	if err != nil || st != PhoneBusy {
		t.Fatalf("PhoneStatus = %q, %v; want busy", st, err)
	}
	if r := p.requests(fnPhoneStatus); len(r) != 1 || r[0].RawQuery != "passcode=admin" {
		t.Errorf("requests %+v", r)
	}
	p.set(fnPhoneStatus, clReply{body: `{"response":"success","body":["busy"]}`})
	if _, err := c.PhoneStatus(context.Background()); !errors.Is(err, ErrBadReply) {
		t.Errorf("array body: %v, want ErrBadReply", err)
	}
	p.set(fnPhoneStatus, clReply{body: `{"response":"success","body":"unauthorized","misc":"0"}`})
	if _, err := c.PhoneStatus(context.Background()); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("unauthorized body: %v, want ErrUnauthorized", err)
	}
}

func TestAccounts(t *testing.T) {
	const reply = `{"response":"success","body":[{"id":1,"sip_server":"pbx.example.com","sip_id":"1234","name":"Reception","reg":1},{"id":"2","sip_server":"","sip_id":5678,"name":"","reg":"0"}]}`
	p := newClFakePhone(t, map[string]clReply{fnAccounts: {body: reply}})
	c := newClTestClient(t, p.srv.URL, nil)
	accts, err := c.Accounts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []Account{
		{ID: 1, SIPServer: "pbx.example.com", SIPID: "1234", Name: "Reception", Registered: true},
		{ID: 2, SIPID: "5678"},
	}
	if len(accts) != 2 || accts[0] != want[0] || accts[1] != want[1] {
		t.Errorf("Accounts = %+v, want %+v", accts, want)
	}
	if r := p.requests(fnAccounts); len(r) != 1 || r[0].RawQuery != "passcode=admin" {
		t.Errorf("requests %+v", r)
	}
	// Older firmware: no such function.
	p.set(fnAccounts, clReply{status: http.StatusNotFound, body: "Not Found"})
	if _, err := c.Accounts(context.Background()); !errors.Is(err, ErrNotSupported) {
		t.Errorf("404: %v, want ErrNotSupported", err)
	}
	p.set(fnAccounts, clReply{body: replyInvalidReq})
	if _, err := c.Accounts(context.Background()); !errors.Is(err, ErrNotSupported) || !errors.Is(err, ErrPhone) {
		t.Errorf("Invalid Request: %v, want ErrNotSupported and ErrPhone", err)
	}
}

func TestSendKeys(t *testing.T) {
	p := newClFakePhone(t, map[string]clReply{fnSendKey: {body: replyComplete}})
	c := newClTestClient(t, p.srv.URL, nil)
	ctx := context.Background()
	if err := c.SendKeys(ctx, "line2", "2", "0", "3", "send"); err != nil {
		t.Fatal(err)
	}
	if err := c.SendKeys(ctx, "1:*:#"); err != nil {
		t.Fatal(err)
	}
	reqs := p.requests(fnSendKey)
	if len(reqs) != 2 {
		t.Fatalf("got %d requests", len(reqs))
	}
	// The seed's exact URL form, colons unescaped.
	if reqs[0].RawQuery != "passcode=admin&keys=LINE2:2:0:3:SEND" {
		t.Errorf("query = %q", reqs[0].RawQuery)
	}
	if got := reqs[1].Query.Get("keys"); got != "1:STAR:POUND" {
		t.Errorf("keys = %q, want 1:STAR:POUND", got)
	}

	for _, bad := range [][]string{{"FIRE"}, {}, {"LINE0"}, {"1", "2; rm"}} {
		if err := c.SendKeys(ctx, bad...); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("SendKeys(%q) = %v, want ErrInvalidKey", bad, err)
		}
	}
	if n := len(p.requests(fnSendKey)); n != 2 {
		t.Errorf("invalid keys reached the phone: %d requests", n)
	}

	p.set(fnSendKey, clReply{body: replyFailed})
	err := c.SendKeys(ctx, "OK")
	var pe *PhoneError
	if !errors.As(err, &pe) || pe.Body != "failed" || pe.Function != fnSendKey {
		t.Errorf("failed reply: %v", err)
	}
}

func TestOperate(t *testing.T) {
	p := newClFakePhone(t, map[string]clReply{fnPhoneOp: {body: replyTrue}})
	c := newClTestClient(t, p.srv.URL, nil)
	ctx := context.Background()
	for _, op := range []Operation{OpAccept, OpReject, OpHold, OpEnd, OpCancel} {
		if err := c.Operate(ctx, op); err != nil {
			t.Errorf("%s: %v", op, err)
		}
	}
	reqs := p.requests(fnPhoneOp)
	if len(reqs) != 5 || reqs[0].RawQuery != "passcode=admin&cmd=acceptcall" || reqs[4].Query.Get("cmd") != "cancel" {
		t.Errorf("requests %+v", reqs)
	}
	p.set(fnPhoneOp, clReply{body: replyFalse})
	err := c.Operate(ctx, OpAccept)
	var pe *PhoneError
	var nc *NoCallError
	if !errors.Is(err, ErrPhone) || !errors.As(err, &pe) || pe.Body != "false" || !errors.Is(err, ErrNoCall) || !errors.As(err, &nc) {
		t.Errorf("error reply: %v, want *NoCallError around a *PhoneError with body false", err)
	}
	for op, want := range map[Operation]string{OpAccept: "no call is ringing", OpReject: "no call is ringing", OpHold: "no call to hold or resume", OpEnd: "no call to hang up"} {
		if err := c.Operate(ctx, op); err == nil || err.Error() != want || strings.Contains(err.Error(), "api-") {
			t.Errorf("%s with no call: %v, want %q", op, err, want)
		}
	}
	p.set(fnPhoneOp, clReply{body: replyTrue})
	if err := c.Operate(ctx, "explode"); !errors.Is(err, ErrNotSupported) {
		t.Errorf("unknown op: %v", err)
	}
	if n := len(p.requests(fnPhoneOp)); n != 10 {
		t.Errorf("unknown operation reached the phone (%d requests)", n)
	}
}

func TestSysOperation(t *testing.T) {
	p := newClFakePhone(t, map[string]clReply{fnSysOp: {body: `{"response":"success","body":"savereboot"}`}})
	c := newClTestClient(t, p.srv.URL, nil)
	ctx := context.Background()
	if err := c.Reboot(ctx); err != nil {
		t.Fatal(err)
	}
	p.set(fnSysOp, clReply{body: `{"response":"success","body":"reset"}`})
	if err := c.FactoryReset(ctx); err != nil {
		t.Fatal(err)
	}
	reqs := p.requests(fnSysOp)
	if len(reqs) != 2 || reqs[0].RawQuery != "passcode=admin&request=REBOOT" || reqs[1].Query.Get("request") != "RESET" {
		t.Errorf("requests %+v", reqs)
	}
	p.set(fnSysOp, clReply{body: `{"response":"error","body":"unknown"}`})
	var pe *PhoneError
	if err := c.Reboot(ctx); !errors.As(err, &pe) || pe.Body != "unknown" {
		t.Errorf("unknown: %v", err)
	}
}

func TestMakeCall(t *testing.T) {
	p := newClFakePhone(t, map[string]clReply{fnMakeCall: {body: replyTrue}})
	c := newClTestClient(t, p.srv.URL, func(cfg *Config) { cfg.Passcode = "p@ss#1" })
	ctx := context.Background()
	if err := c.MakeCall(ctx, MakeCallGRP, dialable(t, "+74951234567"), 2); err != nil {
		t.Fatal(err)
	}
	if err := c.MakeCall(ctx, MakeCallGRP, dialable(t, "203"), 0); err != nil {
		t.Fatal(err)
	}
	if err := c.MakeCall(ctx, MakeCallGXP, dialable(t, "*72#"), 1); err != nil {
		t.Fatal(err)
	}
	if err := c.MakeCall(ctx, MakeCallGXP, dialable(t, "203,12"), 0); err != nil {
		t.Fatal(err)
	}
	reqs := p.requests(fnMakeCall)
	want := []string{
		"passcode=p%40ss%231&phonenumber=%2B74951234567&account=1", // account 2 is 1 (0-based)
		"passcode=p%40ss%231&phonenumber=203",                      // phone default: no account
		"phonenumber=*72%23&account=0&password=p%40ss%231",         // GXP: password=, # as %23
		"phonenumber=203,12&account=0&password=p%40ss%231",         // GXP needs an account: the first
	}
	if len(reqs) != len(want) {
		t.Fatalf("got %d requests", len(reqs))
	}
	for i := range want {
		if reqs[i].RawQuery != want[i] {
			t.Errorf("request %d: %q, want %q", i, reqs[i].RawQuery, want[i])
		}
	}
	if q := reqs[0].Query; q.Get("phonenumber") != "+74951234567" || q.Get("passcode") != "p@ss#1" {
		t.Errorf("decoded query %v", q)
	}
	if q := reqs[2].Query; q.Get("phonenumber") != "*72#" || q.Get("password") != "p@ss#1" || q.Has("passcode") {
		t.Errorf("decoded GXP query %v", q)
	}

	p.set(fnMakeCall, clReply{body: replyInvalidReq})
	err := c.MakeCall(ctx, MakeCallGXP, dialable(t, "203"), 0)
	if !errors.Is(err, ErrNotSupported) || !errors.Is(err, ErrPhone) || !strings.Contains(err.Error(), "Click-To-Dial") {
		t.Errorf("Invalid Request: %v", err)
	}
	// What is not dialable never becomes a Dialable; the zero one is refused.
	for _, bad := range []string{"", "abc", "+", "1+2", ",1"} {
		if n, err := (NumberRules{}).Normalize(bad); !errors.Is(err, ErrInvalidNumber) {
			t.Errorf("Normalize(%q) = %q, %v, want ErrInvalidNumber", bad, n, err)
		}
	}
	for range 3 {
		if err := c.MakeCall(ctx, MakeCallGRP, Dialable{}, 0); !errors.Is(err, ErrInvalidNumber) {
			t.Errorf("MakeCall of no number = %v, want ErrInvalidNumber", err)
		}
	}
	if err := c.MakeCall(ctx, MakeCallGRP, dialable(t, "203"), -1); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("bad account: %v", err)
	}
	if n := len(p.requests(fnMakeCall)); n != 5 {
		t.Errorf("invalid calls reached the phone: %d requests", n)
	}
}

// clErrorCase is one way a phone (or the network) fails.
type clErrorCase struct {
	name  string
	reply clReply
	want  error
}

func clErrorCases() []clErrorCase {
	big := `{"response":"success","body":"` + strings.Repeat("x", maxReplyBytes) + `"}`
	return []clErrorCase{
		{"HTTP 401", clReply{status: 401, body: "Unauthorized"}, ErrUnauthorized},
		{"HTTP 403", clReply{status: 403}, ErrUnauthorized},
		{"401 with JSON", clReply{status: 401, body: replyUnauthorized}, ErrUnauthorized},
		{"unauthorized body", clReply{body: replyUnauthorized}, ErrUnauthorized},
		{"unauthorized success body", clReply{body: `{"response":"success","body":"unauthorized"}`}, ErrUnauthorized},
		{"auth failed body", clReply{body: `{"response":"error","body":"Authentication failed"}`}, ErrUnauthorized},
		{"HTML page", clReply{body: "<!DOCTYPE html><html><head><title>Login</title></head></html>"}, ErrBadReply},
		{"truncated JSON", clReply{body: `{"response":"success","body":[{"line":1,"sta`}, ErrBadReply},
		{"empty", clReply{body: ""}, ErrBadReply},
		{"oversized", clReply{body: big}, ErrBadReply},
		{"no response field", clReply{body: `{"body":[]}`}, ErrBadReply},
		{"odd response", clReply{body: `{"response":"maybe","body":[]}`}, ErrBadReply},
		{"HTTP 500", clReply{status: 500, body: "oops"}, ErrBadReply},
		{"HTTP 503", clReply{status: 503}, ErrUnreachable},
		{"redirect", clReply{handler: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://phone/login?passcode="+url.QueryEscape(testPasscode), http.StatusFound)
		}}, ErrBadReply},
		{"phone error", clReply{body: `{"response":"error","body":"failed"}`}, ErrPhone},
		{"phone echoes the passcode", clReply{body: `{"response":"error","body":"bad request passcode=` + testPasscode + `"}`}, ErrPhone},
		{"timeout", clReply{handler: func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}}, ErrUnreachable},
	}
}

// TestErrorClasses checks every failure class through a real request: the
// sentinel, and that neither the error text nor the log shows the passcode.
func TestErrorClasses(t *testing.T) {
	for _, tc := range clErrorCases() {
		t.Run(tc.name, func(t *testing.T) {
			p := newClFakePhone(t, map[string]clReply{fnLineStatus: tc.reply})
			var logBuf testkit.Buffer
			c := newClTestClient(t, p.srv.URL, func(cfg *Config) {
				cfg.Passcode = testPasscode
				cfg.Timeout = 100 * time.Millisecond
				cfg.Logger = slog.New(slog.NewTextHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			})
			_, err := c.LineStatus(context.Background())
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), fnLineStatus+": ") {
				t.Errorf("error does not name the function: %q", err)
			}
			clAssertNoSecret(t, "error", err.Error(), testPasscode)
			clAssertNoSecret(t, "log", logBuf.String(), testPasscode)
			if !strings.Contains(logBuf.String(), fnLineStatus) {
				t.Errorf("nothing logged: %q", logBuf.String())
			}
		})
	}
}

func TestErrorRefusedAndDNS(t *testing.T) {
	addr := testkit.FreeAddr(t) // nothing listens there
	for _, a := range []string{addr, "phone.invalid"} {
		c := newClTestClient(t, a, func(cfg *Config) { cfg.Passcode = testPasscode; cfg.Timeout = 2 * time.Second })
		_, err := c.LineStatus(context.Background())
		if !errors.Is(err, ErrUnreachable) {
			t.Fatalf("%s: err = %v, want ErrUnreachable", a, err)
		}
		clAssertNoSecret(t, "error", err.Error(), testPasscode)
		// Commands too.
		if err := c.SendKeys(context.Background(), "1"); !errors.Is(err, ErrUnreachable) {
			t.Errorf("%s: SendKeys = %v", a, err)
		} else {
			clAssertNoSecret(t, "error", err.Error(), testPasscode)
		}
	}
}

func TestCallerCancel(t *testing.T) {
	release := make(chan struct{})
	p := newClFakePhone(t, map[string]clReply{fnLineStatus: {handler: func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}}})
	defer close(release)
	c := newClTestClient(t, p.srv.URL, nil)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		clWaitFor(t, func() bool { return len(p.requests(fnLineStatus)) == 1 })
		cancel()
	}()
	_, err := c.LineStatus(ctx)
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrUnreachable) {
		t.Errorf("canceled: %v, want context.Canceled only", err)
	}
	// A caller's deadline counts as unreachable (pollers use deadlines).
	ctx2, cancel2 := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel2()
	if _, err := c.LineStatus(ctx2); !errors.Is(err, ErrUnreachable) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: %v", err)
	}
}

// TestKeySequencesSerialized: the phone presses keys ~KeyInterval apart and
// cannot interleave two sequences, so the next command is sent only after
// the previous sequence is done.
func TestKeySequencesSerialized(t *testing.T) {
	const interval = 20 * time.Millisecond
	p := newClFakePhone(t, map[string]clReply{fnSendKey: {body: replyComplete}, fnPhoneOp: {body: replyTrue}})
	c := newClTestClient(t, p.srv.URL, func(cfg *Config) { cfg.KeyInterval = interval })
	ctx := context.Background()
	if err := c.SendKeys(ctx, "2:0:3"); err != nil {
		t.Fatal(err)
	}
	if err := c.SendKeys(ctx, "SEND"); err != nil {
		t.Fatal(err)
	}
	if err := c.Operate(ctx, OpHold); err != nil {
		t.Fatal(err)
	}
	all := p.requests("")
	if len(all) != 3 || all[0].Query.Get("keys") != "2:0:3" || all[1].Query.Get("keys") != "SEND" || all[2].Function != fnPhoneOp {
		t.Fatalf("order: %+v", all)
	}
	if gap := all[1].Time.Sub(all[0].Time); gap < 3*interval {
		t.Errorf("second sequence sent %s after the first 3 keys, want >= %s", gap, 3*interval)
	}
	if gap := all[2].Time.Sub(all[1].Time); gap < interval {
		t.Errorf("operation sent %s after a 1-key sequence, want >= %s", gap, interval)
	}
	// Concurrent senders are serialized too, and polls are not held up.
	c2 := newClTestClient(t, p.srv.URL, func(cfg *Config) { cfg.KeyInterval = time.Hour })
	if err := c2.SendKeys(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := c2.Operate(wctx, OpEnd); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting command with expiring ctx: %v", err)
	}
	if n := len(p.requests(fnPhoneOp)); n != 1 {
		t.Errorf("a command was sent during a key sequence (%d operations)", n)
	}
	p.set(fnLineStatus, clReply{body: seedLineStatus})
	if _, err := c2.LineStatus(ctx); err != nil {
		t.Errorf("poll during a key sequence: %v", err)
	}
}

// TestOneRequestPerKind: polls never overlap each other, and a slow poll
// does not hold up a command.
func TestOneRequestPerKind(t *testing.T) {
	var mu sync.Mutex
	inFlight, maxInFlight := 0, 0
	release := make(chan struct{})
	slow := func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		maxInFlight = max(maxInFlight, inFlight)
		mu.Unlock()
		<-release
		mu.Lock()
		inFlight--
		mu.Unlock()
		_, _ = w.Write([]byte(seedLineStatus))
	}
	p := newClFakePhone(t, map[string]clReply{
		fnLineStatus:  {handler: slow},
		fnPhoneStatus: {handler: slow},
		fnPhoneOp:     {body: replyTrue},
	})
	c := newClTestClient(t, p.srv.URL, nil)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var err error
			if i == 1 {
				_, err = c.PhoneStatus(ctx)
			} else {
				_, err = c.LineStatus(ctx)
			}
			if err != nil && !errors.Is(err, ErrBadReply) { // phone status gets a line reply
				errs <- err
			}
		}(i)
	}
	clWaitFor(t, func() bool { return len(p.requests("")) >= 1 })
	if err := c.Operate(ctx, OpAccept); err != nil {
		t.Errorf("command during a slow poll: %v", err)
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if maxInFlight != 1 {
		t.Errorf("%d polls in flight at once, want 1", maxInFlight)
	}
}

func clAssertNoSecret(t *testing.T, what, text, secret string) {
	t.Helper()
	for _, form := range []string{secret, url.QueryEscape(secret), url.PathEscape(secret), queryEscape(secret)} {
		if strings.Contains(text, form) {
			t.Errorf("%s shows the passcode (%q): %s", what, form, text)
		}
	}
}

// clWaitFor polls cond until it holds or 5 s pass.
func clWaitFor(t testing.TB, cond func() bool) {
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Error("condition not reached within 5s")
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// TestConnectionReuse: polls go over one kept-alive connection.
func TestConnectionReuse(t *testing.T) {
	var mu sync.Mutex
	conns := 0
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(seedLineStatus))
	}))
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			mu.Lock()
			conns++
			mu.Unlock()
		}
	}
	srv.Start()
	defer srv.Close()
	c := newClTestClient(t, srv.URL, nil)
	for i := 0; i < 5; i++ {
		if _, err := c.LineStatus(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if conns != 1 {
		t.Errorf("%d connections for 5 polls, want 1", conns)
	}
}

// TestKeysLostReplyStillWaits: a send_key whose answer never came may still
// be pressing keys, so the next command waits as well.
func TestKeysLostReplyStillWaits(t *testing.T) {
	p := newClFakePhone(t, map[string]clReply{
		fnSendKey: {handler: func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }},
		fnPhoneOp: {body: replyTrue},
	})
	c := newClTestClient(t, p.srv.URL, func(cfg *Config) { cfg.KeyInterval = time.Hour })
	sctx, scancel := context.WithCancel(context.Background())
	go func() {
		clWaitFor(t, func() bool { return len(p.requests(fnSendKey)) == 1 })
		scancel() // the user gives up while the phone already has the keys
	}()
	if err := c.SendKeys(sctx, "1:2:3"); !errors.Is(err, context.Canceled) {
		t.Fatalf("SendKeys = %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := c.Operate(ctx, OpEnd); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Operate = %v, want a wait that outlives the deadline", err)
	}
	if n := len(p.requests(fnPhoneOp)); n != 0 {
		t.Errorf("operation sent while keys may still be pressed")
	}
}

// https:// to a plain http phone, and http:// to one that wants https: the
// error says which to use (WrongSchemeError), matching ErrBadReply.
func TestWrongScheme(t *testing.T) {
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"response":"success","body":[]}`)
	}))
	defer plain.Close()
	secure := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"response":"success","body":[]}`)
	}))
	defer secure.Close()
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://"+r.Host+r.URL.Path, http.StatusMovedPermanently)
	}))
	defer redirect.Close()
	host := func(u string) string { return strings.TrimPrefix(strings.TrimPrefix(u, "http://"), "https://") }
	for _, tc := range []struct{ addr, used, want string }{
		{"https://" + host(plain.URL), "https", "http"},
		{"http://" + host(secure.URL), "http", "https"},
		{redirect.URL, "http", "https"},
	} {
		c, err := New(Config{Address: tc.addr, Passcode: "admin", Timeout: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.LineStatus(context.Background())
		var ws *WrongSchemeError
		if !errors.As(err, &ws) || !errors.Is(err, ErrBadReply) || ws.Used != tc.used || ws.Want != tc.want {
			t.Errorf("%s: %v, want a WrongSchemeError %s -> %s", tc.addr, err, tc.used, tc.want)
			continue
		}
		if want := tc.want + "://" + host(tc.addr); !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %q does not say %s", tc.addr, err, want)
		}
	}
}

// Why a phone is unreachable is kept as a reason, not only in the text.
func TestUnreachableReasons(t *testing.T) {
	closed := testkit.FreeAddr(t)   // nothing listens there
	silent := testkit.SilentAddr(t) // accepts, never answers
	for addr, want := range map[string]UnreachableReason{closed: UnreachableRefused, silent: UnreachableTimeout} {
		c, err := New(Config{Address: addr, Passcode: "admin", Timeout: 200 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.LineStatus(context.Background())
		var ue *UnreachableError
		if !errors.As(err, &ue) || !errors.Is(err, ErrUnreachable) || ue.Reason != want || ue.Host != addr || ue.Scheme != "http" {
			t.Errorf("%s: %v (%+v), want reason %d", addr, err, ue, want)
		}
	}
}

// dialable is s as Normalize makes it (without rules), which must be s.
func dialable(t testing.TB, s string) Dialable {
	t.Helper()
	n, err := NumberRules{}.Normalize(s)
	if err != nil || n.String() != s {
		t.Fatalf("Normalize(%q) = %q, %v", s, n, err)
	}
	return n
}
