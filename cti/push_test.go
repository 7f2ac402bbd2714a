package cti

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/testkit"
)

const testToken = "k3y-0123456789abcdef_XYZ"

type pushServer struct {
	t      *testing.T
	l      *PushListener
	addr   string
	events chan PushEvent
	cancel context.CancelFunc
	done   chan error
	logBuf testkit.Buffer
}

func startPush(t *testing.T, cfg PushConfig) *pushServer {
	t.Helper()
	s := &pushServer{t: t, events: make(chan PushEvent, 100), done: make(chan error, 1)}
	if cfg.Token == "" {
		cfg.Token = testToken
	}
	if cfg.RatePerSecond == 0 {
		cfg.RatePerSecond = -1 // most tests send bursts; the rate test sets its own
	}
	cfg.OnPush = func(e PushEvent) { s.events <- e }
	cfg.Logger = slog.New(slog.NewTextHandler(&s.logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	l, err := NewPushListener(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln := testkit.Listen(t)
	ctx, cancel := context.WithCancel(context.Background())
	s.l, s.addr, s.cancel = l, ln.Addr().String(), cancel
	go func() { s.done <- l.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-s.done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Serve returned %v, want context.Canceled", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Serve did not return after cancel")
		}
	})
	return s
}

// send writes raw bytes and returns the status code (0 when the connection
// closed without a reply) and the body.
func (s *pushServer) send(raw string) (int, string) {
	s.t.Helper()
	c, err := net.Dial("tcp", s.addr)
	if err != nil {
		s.t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, raw); err != nil {
		return 0, ""
	}
	// Half-close, so that an incomplete request ends now, not at the timeout.
	_ = c.(*net.TCPConn).CloseWrite()
	return readStatus(s.t, c)
}

func readStatus(t *testing.T, c net.Conn) (int, string) {
	t.Helper()
	reply, _ := io.ReadAll(c)
	if len(reply) == 0 {
		return 0, ""
	}
	head, body, _ := strings.Cut(string(reply), "\r\n\r\n")
	fields := strings.Fields(head)
	if len(fields) < 2 || fields[0] != "HTTP/1.1" {
		t.Fatalf("not an HTTP reply: %q", reply)
	}
	code, err := strconv.Atoi(fields[1])
	if err != nil {
		t.Fatalf("bad status in %q", reply)
	}
	return code, body
}

func (s *pushServer) event() PushEvent {
	s.t.Helper()
	return testkit.Receive(s.t, s.events, "a push event")
}

func (s *pushServer) noEvent() {
	s.t.Helper()
	select {
	case e := <-s.events:
		s.t.Fatalf("unexpected push event %+v", e)
	default:
	}
}

// good sends a valid request and checks it gets through.
func (s *pushServer) good() {
	s.t.Helper()
	code, _ := s.send("GET /" + testToken + "/terminated?remote=1 HTTP/1.1\r\nHost: x\r\n\r\n")
	if code != 200 {
		s.t.Fatalf("a good request after a bad one: status %d, want 200", code)
	}
	if e := s.event(); e.Event != "terminated" {
		s.t.Fatalf("event %q", e.Event)
	}
}

// The phone's quirks (grandstream-cti.md, Action URL): every request is
// answered and its event and number come through; the display name and the
// other variables are not read, but must not break the request.
func TestPushPhoneQuirks(t *testing.T) {
	s := startPush(t, PushConfig{})
	cases := []struct {
		name, request string
		want          PushEvent
	}{
		{"raw spaces in the name, plus kept",
			"GET /" + testToken + "/incoming?remote=+15555550100&name=Ivan Petrov&local=$local HTTP/1.1\r\nHost: 192.168.1.10:8765\r\nConnection: close\r\n\r\n",
			PushEvent{Event: "incoming", Remote: "+15555550100"}},
		{"literal variable, no Host header, HTTP/1.0, bare LF",
			"GET /" + testToken + "/missed?remote=$remote&name=$display_remote&local=1001 HTTP/1.0\n\n",
			PushEvent{Event: "missed", Remote: ""}},
		{"raw UTF-8, percent-encoding, no Host header in HTTP/1.1",
			"GET /" + testToken + "/established?remote=%2B74951234567&name=Анна Смирнова HTTP/1.1\r\n\r\n",
			PushEvent{Event: "established", Remote: "+74951234567"}},
		{"percent-encoded UTF-8, stray percent, hash",
			"GET /" + testToken + "/hold?remote=%D0%92%D0%B8%D1%82%D0%B0%D0%BB%D0%B8%D0%BA&name=100% Co #2 HTTP/1.1\r\n\r\n",
			PushEvent{Event: "hold", Remote: "Виталик"}},
		{"absolute form, upper-case event, trailing slash",
			"GET http://192.168.1.10:8765/" + testToken + "/UNHOLD/?remote=1 HTTP/1.1\r\n\r\n",
			PushEvent{Event: "unhold", Remote: "1"}},
		{"no query, another event name",
			"GET /" + testToken + "/offhook HTTP/1.1\r\n\r\n",
			PushEvent{Event: "offhook"}},
		{"several spaces in a row, remote last",
			"GET /" + testToken + "/incoming?display_remote=A  B   C&remote=5 HTTP/1.1\r\n\r\n",
			PushEvent{Event: "incoming", Remote: "5"}},
		{"raw spaces in the number itself",
			"GET /" + testToken + "/established?remote=+7 495 123 HTTP/1.1\r\n\r\n",
			PushEvent{Event: "established", Remote: "+7 495 123"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body := s.send(c.request)
			if code != 200 || body != "ok\n" {
				t.Fatalf("reply %d %q, want 200 ok", code, body)
			}
			e := s.event()
			if e.Event != c.want.Event || e.Remote != c.want.Remote {
				t.Errorf("got event=%q remote=%q, want event=%q remote=%q", e.Event, e.Remote, c.want.Event, c.want.Remote)
			}
			if e.From != "127.0.0.1" {
				t.Errorf("from %q", e.From)
			}
		})
	}
}

func TestPushRefusesAndKeepsServing(t *testing.T) {
	s := startPush(t, PushConfig{MaxRequestBytes: 1024})
	tok := "/" + testToken
	cases := []struct {
		name, request string
		want          int
	}{
		{"wrong token", "GET /k3y-0123456789abcdef_XYy/incoming?remote=1 HTTP/1.1\r\n\r\n", 404},
		{"token prefix", "GET /k3y-0123456789abcdef/incoming HTTP/1.1\r\n\r\n", 404},
		{"token only", "GET " + tok + " HTTP/1.1\r\n\r\n", 404},
		{"token and slash", "GET " + tok + "/ HTTP/1.1\r\n\r\n", 404},
		{"too deep", "GET " + tok + "/a/b HTTP/1.1\r\n\r\n", 404},
		{"root", "GET / HTTP/1.1\r\n\r\n", 404},
		{"bad event name", "GET " + tok + "/inc%00oming HTTP/1.1\r\n\r\n", 400},
		{"long event name", "GET " + tok + "/" + strings.Repeat("a", 40) + " HTTP/1.1\r\n\r\n", 400},
		{"no version", "GET " + tok + "/incoming\r\n\r\n", 400},
		{"HTTP/2", "GET " + tok + "/incoming HTTP/2.0\r\n\r\n", 400},
		{"garbage", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400},
		{"lower-case method (methods are case-sensitive)", "get " + tok + "/incoming HTTP/1.1\r\n\r\n", 405},
		{"unknown method", "DELETE " + tok + "/incoming HTTP/1.1\r\n\r\n", 405},
		{"control character", "GET " + tok + "/incoming?name=a\x01b HTTP/1.1\r\n\r\n", 400},
		{"not a path", "GET incoming HTTP/1.1\r\n\r\n", 400},
		{"header without colon", "GET " + tok + "/incoming HTTP/1.1\r\nHost x\r\n\r\n", 400},
		{"incomplete", "GET " + tok + "/incoming HTTP/1.1\r\nHost: x\r\n", 400},
		{"only newlines", "\r\n\r\n\r\n\r\n\r\n\r\n", 400},
		{"request line too long", "GET " + tok + "/incoming?name=" + strings.Repeat("x", 2000) + " HTTP/1.1\r\n\r\n", 414},
		{"headers too large", "GET " + tok + "/incoming HTTP/1.1\r\n" + strings.Repeat("X-Pad: "+strings.Repeat("y", 100)+"\r\n", 20) + "\r\n", 431},
		{"endless line", "GET " + tok + "/incoming?" + strings.Repeat("z", 100000), 414},
		{"nothing", "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _ := s.send(c.request)
			if code != c.want {
				t.Errorf("status %d, want %d", code, c.want)
			}
			s.noEvent()
			s.good()
		})
	}
	logs := s.logBuf.String()
	if strings.Contains(logs, testToken) || strings.Contains(logs, "0123456789abcdef") {
		t.Errorf("the token (or a near miss of it) was logged:\n%s", logs)
	}
}

func TestPushSlowSenderCutOff(t *testing.T) {
	s := startPush(t, PushConfig{ReadTimeout: 100 * time.Millisecond})
	c, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, "GET /"+testToken+"/incoming HTTP/1.1\r\nHost: x\r\n") // and then nothing
	if code, _ := readStatus(t, c); code != 408 {
		t.Errorf("slow sender: status %d, want 408", code)
	}
	s.noEvent()
	s.good()
}

func TestPushRateLimit(t *testing.T) {
	// 0.05 per second: a burst of one, the next token in 20 s.
	s := startPush(t, PushConfig{RatePerSecond: 0.05})
	req := "GET /" + testToken + "/incoming?remote=1 HTTP/1.1\r\n\r\n"
	if code, _ := s.send(req); code != 200 {
		t.Fatalf("first request: %d", code)
	}
	s.event()
	for i := range 3 {
		if code, _ := s.send(req); code != 429 {
			t.Fatalf("request %d over the rate: status %d, want 429", i+2, code)
		}
	}
	// Requests without the token have their own budget: they neither use
	// up the phone's nor are they let through.
	if code, _ := s.send("GET /wrong-token-wrong-token/x HTTP/1.1\r\n\r\n"); code != 404 {
		t.Errorf("bad token while the token's budget is empty: %d, want 404", code)
	}
	s.noEvent()
}

func TestPushDefaultRateBurst(t *testing.T) {
	s := startPush(t, PushConfig{RatePerSecond: DefaultPushRate})
	req := "GET /" + testToken + "/incoming HTTP/1.1\r\n\r\n"
	okCount, limited := 0, 0
	for range 60 {
		switch code, _ := s.send(req); code {
		case 200:
			okCount++
		case 429:
			limited++
		default:
			t.Fatalf("status %d", code)
		}
	}
	if okCount < 20 || limited == 0 {
		t.Errorf("%d accepted, %d limited; want a burst of 20 then 429s", okCount, limited)
	}
	// The bucket refills: wait for it rather than for a fixed time.
	deadline := time.Now().Add(10 * time.Second)
	for {
		if code, _ := s.send(req); code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the listener never accepted a request again")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// With every slot taken by connections that send nothing, a genuine push
// is still answered: the oldest idle connection makes room.
func TestPushMaxConns(t *testing.T) {
	s := startPush(t, PushConfig{MaxConns: 2})
	var idle []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", s.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		io.WriteString(c, "GET /") // started, never finished
		idle = append(idle, c)
	}
	if code, _ := s.send("GET /" + testToken + "/incoming HTTP/1.1\r\n\r\n"); code != 200 {
		t.Fatalf("a push while the slots are taken: %d, want 200", code)
	}
	s.event()
	// The oldest idle connection was closed by the listener.
	_ = idle[0].SetReadDeadline(time.Now().Add(10 * time.Second))
	if n, err := idle[0].Read(make([]byte, 1)); n != 0 || err == nil {
		t.Fatalf("the oldest idle connection is still open (read %d, %v)", n, err)
	}
}

func TestPushStopClosesConnections(t *testing.T) {
	s := startPush(t, PushConfig{})
	c, err := net.Dial("tcp", s.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET /")
	if s.l.Addr() == nil || s.l.Addr().String() != s.addr {
		t.Errorf("Addr() = %v, want %s", s.l.Addr(), s.addr)
	}
	s.cancel()
	select {
	case err := <-s.done:
		s.done <- err // for the cleanup's check
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return with a connection open")
	}
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := bufio.NewReader(c).ReadByte(); err == nil {
		t.Error("the open connection got data after the stop, want it closed")
	}
}

func TestNewPushListenerChecksToken(t *testing.T) {
	for _, tok := range []string{"", "short", "fifteen-chars-x", "has space in the token", "slash/in/the/token/x"} {
		_, err := NewPushListener(PushConfig{Token: tok})
		if !errors.Is(err, ErrPushToken) {
			t.Errorf("token %q: err %v, want ErrPushToken", tok, err)
		}
		if err != nil && tok != "" && strings.Contains(err.Error(), tok) {
			t.Errorf("error shows the token: %v", err)
		}
	}
	if _, err := NewPushListener(PushConfig{Token: testToken}); err != nil {
		t.Errorf("good token: %v", err)
	}
}

func TestPushRemote(t *testing.T) {
	for q, want := range map[string]string{
		"remote=+1%20555&name=$display_remote": "+1 555", "remote=$remote": "", "remote=$": "$", "remote=$1x": "$1x",
		"name=%zz&remote=203": "203", "remote=first&remote=second": "first", "remote=a+b": "a+b",
		"remote=%FF1": "\uFFFD1", "name=a;b&remote=7": "7", "": "",
	} {
		if got := pushRemote(q); got != want {
			t.Errorf("pushRemote(%q) = %q, want %q", q, got, want)
		}
	}
}

// A HEAD request gets the status and no body.
func TestPushHead(t *testing.T) {
	s := startPush(t, PushConfig{})
	if code, body := s.send("HEAD /" + testToken + "/incoming?remote=1 HTTP/1.1\r\nHost: x\r\n\r\n"); code != 200 || body != "" {
		t.Errorf("reply to HEAD: %d %q, want 200 and no body", code, body)
	}
	if e := s.event(); e.Event != "incoming" {
		t.Errorf("event %q", e.Event)
	}
}

// One listener for several phones: each token is taken, the event says
// which, and one token's rate budget is its own.
func TestPushSeveralTokens(t *testing.T) {
	const other = "phone-B-0123456789abcdef"
	s := startPush(t, PushConfig{Tokens: []string{other}, RatePerSecond: 0.05})
	for _, tok := range []string{testToken, other} {
		if code, _ := s.send("GET /" + tok + "/incoming?remote=7 HTTP/1.1\r\n\r\n"); code != 200 {
			t.Fatalf("token %s: status %d", tok[:6], code)
		}
		if e := s.event(); e.Token != tok || e.Event != "incoming" || e.Remote != "7" {
			t.Errorf("event %+v, want the token %s", e, tok[:6])
		}
	}
	// The first token's budget is spent; so is the second's, on its own.
	if code, _ := s.send("GET /" + testToken + "/incoming HTTP/1.1\r\n\r\n"); code != 429 {
		t.Errorf("the first token over its rate: %d, want 429", code)
	}
	if code, _ := s.send("GET /" + other + "x/incoming HTTP/1.1\r\n\r\n"); code != 404 {
		t.Errorf("a near miss of the second token: %d, want 404", code)
	}
	s.noEvent()
	if _, err := NewPushListener(PushConfig{Token: testToken, Tokens: []string{"short"}}); !errors.Is(err, ErrPushToken) {
		t.Errorf("a short second token: %v", err)
	}
}

// A flood with one phone's token leaves the other phone's pushes through.
func TestPushOneTokensFloodSparesTheOther(t *testing.T) {
	const other = "phone-B-0123456789abcdef"
	s := startPush(t, PushConfig{Tokens: []string{other}, RatePerSecond: 0.05})
	for range 3 {
		s.send("GET /" + testToken + "/incoming HTTP/1.1\r\n\r\n")
	}
	s.event() // the first of the flood
	if code, _ := s.send("GET /" + other + "/incoming HTTP/1.1\r\n\r\n"); code != 200 {
		t.Fatalf("the other phone's push during the flood: %d", code)
	}
	if e := s.event(); e.Token != other {
		t.Errorf("event %+v", e)
	}
}
