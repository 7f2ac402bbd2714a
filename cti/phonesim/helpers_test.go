package phonesim

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
)

const testPass = "s3cret"

// newPhone starts a phone behind an httptest server. KeyInterval defaults to
// 1 ms so key tests are fast.
func newPhone(t *testing.T, o Options) (*Phone, string) {
	t.Helper()
	if o.Passcode == "" {
		o.Passcode = testPass
	}
	if o.KeyInterval == 0 {
		o.KeyInterval = time.Millisecond
	}
	p := New(o)
	srv := httptest.NewServer(p.Handler())
	t.Cleanup(func() {
		srv.Close()
		p.Close()
	})
	return p, srv.URL
}

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// get fetches url and returns the status and the body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading %s: %v", url, err)
	}
	return resp.StatusCode, string(b)
}

// call sends a CTI request with the right passcode; query is appended.
func call(t *testing.T, base, fn, query string) (int, string) {
	t.Helper()
	u := base + "/cgi-bin/" + fn + "?passcode=" + testPass
	if query != "" {
		u += "&" + query
	}
	return get(t, u)
}

// mustCall is call expecting HTTP 200 and exactly want as the body.
func mustCall(t *testing.T, base, fn, query, want string) {
	t.Helper()
	status, body := call(t, base, fn, query)
	if status != http.StatusOK || body != want {
		t.Fatalf("%s?%s = %d %s, want 200 %s", fn, query, status, body, want)
	}
}

const (
	opOK   = `{"response":"success","body":true}`
	opFail = `{"response":"error","body":false}`
)

func op(t *testing.T, base, cmd, want string) {
	t.Helper()
	mustCall(t, base, "api-phone_operation", "cmd="+cmd, want)
}

func sendKeys(t *testing.T, p *Phone, base, keys string) {
	t.Helper()
	mustCall(t, base, "api-send_key", "keys="+keys, `{"response":"success","body":"complete"}`)
	if err := p.WaitKeysDone(testCtx(t)); err != nil {
		t.Fatal(err)
	}
}

func wantState(t *testing.T, p *Phone, n int, st cti.LineState) {
	t.Helper()
	if got := p.Line(n).State; got != st {
		t.Fatalf("line %d is %s, want %s (lines: %+v)", n, got, st, p.Lines())
	}
}

// awaitState waits (at most 10 s) until line n is in state st.
func awaitState(t *testing.T, p *Phone, n int, st cti.LineState) {
	t.Helper()
	if err := p.WaitState(testCtx(t), n, st); err != nil {
		t.Fatalf("line %d never became %s: %v", n, st, err)
	}
}

// idleLine is the seed's idle line object, plus "conf":0 of newer firmware.
func idleLine(n, acct int) string {
	return strings.NewReplacer("N", itoa(n), "A", itoa(acct)).Replace(
		`{"line":N,"state":"idle","acct":A,"active":0,"remotename":"","remotenumber":"","conf":0}`)
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

func contextWithTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}
