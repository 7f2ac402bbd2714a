package localapi

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/testkit"
)

func TestHostileRequestsRefusedAndServerKeepsServing(t *testing.T) {
	json65 := `{"keys":["1"` + strings.Repeat(`,"1"`, 64) + `]}`
	big := `{"number":"` + strings.Repeat("1", 70<<10) + `"}`
	cases := []struct {
		name, method, path, ctype, body string
		status                          int
		kind                            string
	}{
		{"truncated JSON", "POST", "/v1/dial", "application/json", `{"number":`, 400, KindBadRequest},
		{"unknown field", "POST", "/v1/dial", "application/json", `{"number":"203","account":2}`, 400, KindBadRequest},
		{"two objects", "POST", "/v1/dial", "application/json", `{"number":"203"} {"number":"204"}`, 400, KindBadRequest},
		{"array", "POST", "/v1/dial", "application/json", `["203"]`, 400, KindBadRequest},
		{"wrong type", "POST", "/v1/dial", "application/json", `{"number":203}`, 400, KindBadRequest},
		{"oversized body", "POST", "/v1/dial", "application/json", big, 400, KindBadRequest},
		{"empty body", "POST", "/v1/dial", "application/json", ``, 400, KindBadRequest},
		{"not JSON content type", "POST", "/v1/dial", "text/plain", `{"number":"203"}`, 415, KindBadRequest},
		{"no content type", "POST", "/v1/preview", "", `{"number":"203"}`, 415, KindBadRequest},
		{"unknown op", "POST", "/v1/operate", "application/json", `{"op":"dance"}`, 400, KindBadRequest},
		{"op in capitals", "POST", "/v1/operate", "application/json", `{"op":"ACCEPTCALL"}`, 400, KindBadRequest},
		{"missing op", "POST", "/v1/operate", "application/json", `{}`, 400, KindBadRequest},
		{"negative line", "POST", "/v1/operate", "application/json", `{"op":"acceptcall","line":-1}`, 400, KindBadRequest},
		{"line too big", "POST", "/v1/operate", "application/json", `{"op":"acceptcall","line":65}`, 400, KindBadRequest},
		{"line with hold", "POST", "/v1/operate", "application/json", `{"op":"holdcall","line":2}`, 400, KindBadRequest},
		{"unknown key", "POST", "/v1/keys", "application/json", `{"keys":["1","FOO"]}`, 400, KindInvalidKey},
		{"no keys", "POST", "/v1/keys", "application/json", `{"keys":[]}`, 400, KindInvalidKey},
		{"smuggled key", "POST", "/v1/keys", "application/json", `{"keys":["1:REBOOT"]}`, 400, KindInvalidKey},
		{"empty key", "POST", "/v1/keys", "application/json", `{"keys":["1",""]}`, 400, KindInvalidKey},
		{"too many keys", "POST", "/v1/keys", "application/json", json65, 400, KindInvalidKey},
		{"unconfirmed reboot", "POST", "/v1/system", "application/json", `{"request":"REBOOT"}`, 400, KindBadRequest},
		{"confirm mismatch", "POST", "/v1/system", "application/json", `{"request":"RESET","confirm":"REBOOT"}`, 400, KindBadRequest},
		{"unknown system request", "POST", "/v1/system", "application/json", `{"request":"SHUTDOWN","confirm":"SHUTDOWN"}`, 400, KindBadRequest},
		{"lower-case reset", "POST", "/v1/system", "application/json", `{"request":"reset","confirm":"reset"}`, 400, KindBadRequest},
		{"n zero", "GET", "/v1/history?n=0", "", ``, 400, KindBadRequest},
		{"n too big", "GET", "/v1/history?n=1001", "", ``, 400, KindBadRequest},
		{"n negative", "GET", "/v1/history?n=-1", "", ``, 400, KindBadRequest},
		{"n not a number", "GET", "/v1/history?n=ten", "", ``, 400, KindBadRequest},
		{"n empty", "GET", "/v1/history?n=", "", ``, 400, KindBadRequest},
		{"unknown parameter", "GET", "/v1/history?n=5&all=1", "", ``, 400, KindBadRequest},
		{"unknown window", "POST", "/v1/show", "application/json", `{"window":"../../bin/sh"}`, 400, KindBadRequest},
		{"empty passcode", "POST", "/v1/session-passcode", "application/json", `{"passcode":""}`, 400, KindBadRequest},
		{"passcode with newline", "POST", "/v1/session-passcode", "application/json", `{"passcode":"ab\ncd"}`, 400, KindBadRequest},
		{"unknown field on an argument-less command", "POST", "/v1/quit", "application/json", `{"now":true}`, 400, KindBadRequest},
		{"garbage on an argument-less command", "POST", "/v1/reload", "application/json", `reload please`, 400, KindBadRequest},
		{"GET on a command", "GET", "/v1/dial", "", ``, 405, KindBadRequest},
		{"POST on a query", "POST", "/v1/state", "application/json", `{}`, 405, KindBadRequest},
		{"unknown endpoint", "GET", "/v1/nothing", "", ``, 404, KindBadRequest},
		{"no version", "GET", "/state", "", ``, 404, KindBadRequest},
	}
	f := newFake()
	s, c := serve(t, f, Options{})
	hc := rawClient(s.Path())
	ctx := ctxT(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(ctx, tc.method, "http://gxptray"+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			resp, err := hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Errorf("HTTP %d, want %d (%s)", resp.StatusCode, tc.status, data)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			var we wireError
			if err := json.Unmarshal(data, &we); err != nil || we.Kind != tc.kind || we.Error == "" {
				t.Errorf("body %s: want a JSON error of kind %q", data, tc.kind)
			}
			if len(data) > maxMessage+200 {
				t.Errorf("error reply of %d bytes echoes too much", len(data))
			}
			// And the server still answers.
			if _, err := c.State(ctx); err != nil {
				t.Errorf("State after the bad request: %v", err)
			}
		})
	}
	for _, call := range f.Calls() {
		if call != "State()" {
			t.Errorf("a refused request reached the backend: %s", call)
		}
	}
}

func TestSlowClientCannotPinTheServer(t *testing.T) {
	f := newFake()
	path := socketPath(t)
	s := listenT(t, path, f, Options{})
	s.srv.ReadHeaderTimeout = 100 * time.Millisecond // 5 s in production
	go s.Serve(context.Background())
	defer s.Close()
	c := dialT(t, path)
	// A client that sends half a request line and then nothing.
	slow, err := net.Dial("unix", s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	if _, err := slow.Write([]byte("POST /v1/dial HTTP/1.1\r\nHost: x\r\n")); err != nil {
		t.Fatal(err)
	}
	// Others are served meanwhile.
	if _, err := c.State(ctxT(t)); err != nil {
		t.Errorf("State while a slow client hangs: %v", err)
	}
	// The server hangs up on it once the header timeout passes.
	slow.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(slow), nil)
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode < 400 {
			t.Errorf("the slow request got HTTP %d", resp.StatusCode)
		}
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Errorf("the server kept the slow connection open past its header timeout")
	}
	for _, call := range f.Calls() {
		if call != "State()" {
			t.Errorf("the half request reached the backend: %s", call)
		}
	}
}

func TestBackendPanicIsContained(t *testing.T) {
	f := newFake()
	f.panicOn = "Quit"
	var logs testkit.Buffer
	_, c := serve(t, f, Options{Logger: debugLogger(&logs)})
	ctx := ctxT(t)
	err := c.Quit(ctx)
	var we *Error
	if !errors.As(err, &we) || we.Kind != KindInternal || we.Status != 500 {
		t.Errorf("Quit with a panicking backend: %v", err)
	}
	if _, err := c.State(ctx); err != nil {
		t.Errorf("State after a panic: %v", err)
	}
	if !strings.Contains(logs.String(), "backend exploded in Quit") {
		t.Errorf("the panic was not logged:\n%s", logs.String())
	}
}

func TestValidateKeysNormalizes(t *testing.T) {
	got, err := validateKeys([]string{"line1", "*", "#", "203", "send"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ":") != "LINE1:STAR:POUND:2:0:3:SEND" {
		t.Errorf("validateKeys = %q", got)
	}
}
