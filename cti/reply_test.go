package cti

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"
)

func TestDecodeReply(t *testing.T) {
	cases := []struct {
		name   string
		status int
		data   string
		want   error  // nil = success
		body   string // success body, compact
	}{
		{"success string", 200, `{"response":"success","body":"complete"}`, nil, `"complete"`},
		{"success true", 200, `{"response":"success","body":true}`, nil, `true`},
		{"upper-case response", 200, `{"response":"SUCCESS","body":"busy","misc":"0"}`, nil, `"busy"`},
		{"BOM and spaces", 200, "\ufeff \n{\"response\":\"success\",\"body\":[]}\n", nil, `[]`},
		{"error false", 200, `{"response":"error","body":false}`, ErrPhone, ""},
		{"error object", 200, `{"response":"error","body":{"code":7}}`, ErrPhone, ""},
		{"unauthorized", 200, `{"response":"error","body":"unauthorized"}`, ErrUnauthorized, ""},
		{"Unauthorized.", 200, `{"response":"success","body":"Unauthorized."}`, ErrUnauthorized, ""},
		{"401", 401, ``, ErrUnauthorized, ""},
		{"403 html", 403, `<html>Forbidden</html>`, ErrUnauthorized, ""},
		{"404", 404, `<html>Not Found</html>`, ErrNotSupported, ""},
		{"500 with CTI error", 500, `{"response":"error","body":"failed"}`, ErrPhone, ""},
		{"500", 500, `boom`, ErrBadReply, ""},
		{"503", 503, ``, ErrUnreachable, ""},
		{"html", 200, `<html><body>Login</body></html>`, ErrBadReply, ""},
		{"text", 200, `OK`, ErrBadReply, ""},
		{"array", 200, `[1,2]`, ErrBadReply, ""},
		{"truncated", 200, `{"response":"success","body":[`, ErrBadReply, ""},
		{"trailing garbage", 200, `{"response":"success","body":1}xyz`, ErrBadReply, ""},
		{"empty", 200, ``, ErrBadReply, ""},
		{"no response", 200, `{"body":"x"}`, ErrBadReply, ""},
		{"numeric response", 200, `{"response":1,"body":"x"}`, ErrBadReply, ""},
	}
	for _, tc := range cases {
		body, err := decodeReply("api-x", tc.status, []byte(tc.data))
		if tc.want == nil {
			if err != nil || string(body) != tc.body {
				t.Errorf("%s: body %s, err %v; want %s", tc.name, body, err, tc.body)
			}
			continue
		}
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestPhoneErrorBodyText(t *testing.T) {
	long := make([]byte, 1000)
	for i := range long {
		long[i] = 'a'
	}
	_, err := decodeReply("api-x", http.StatusOK, []byte(`{"response":"error","body":"`+string(long)+`\u0000\u001b[31m"}`))
	var pe *PhoneError
	if !errors.As(err, &pe) {
		t.Fatal(err)
	}
	if n := len([]rune(pe.Body)); n > maxBodyText+1 {
		t.Errorf("body not cut: %d runes", n)
	}
	_, err = decodeReply("api-x", http.StatusOK, []byte(`{"response":"error","body":"line\u0000two\u001b"}`))
	if errors.As(err, &pe); pe.Body != "line two" {
		t.Errorf("control characters kept: %q", pe.Body)
	}
	if got := bodyText(json.RawMessage(`{ "a" : [1, 2] }`)); got != `{"a":[1,2]}` {
		t.Errorf("bodyText object = %q", got)
	}
}

func TestParseLinesLenient(t *testing.T) {
	lines, err := parseLines(json.RawMessage(`[{"state":"ringing","remotenumber":"+15555550100"}, "junk", 5, {"line":3,"state":7}, {"line":4,"state":"idle"}]`))
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 || lines[0].Line != 1 || lines[0].State != StateRinging || lines[1].Line != 4 {
		t.Errorf("lines %+v", lines)
	}
	for _, bad := range []string{`"busy"`, `null`, `{}`, `["x"]`, `true`} {
		if _, err := parseLines(json.RawMessage(bad)); !errors.Is(err, ErrBadReply) {
			t.Errorf("parseLines(%s) = %v, want ErrBadReply", bad, err)
		}
	}
	if lines, err := parseLines(json.RawMessage(`[]`)); err != nil || len(lines) != 0 {
		t.Errorf("empty list: %v %v", lines, err)
	}
}

func TestRedactURL(t *testing.T) {
	cases := map[string]string{
		"http://p/cgi-bin/api-x?passcode=secret&keys=1":      "http://p/cgi-bin/api-x?passcode=***&keys=1",
		"http://p/cgi-bin/api-x?phonenumber=1&password=s%26": "http://p/cgi-bin/api-x?phonenumber=1&password=***",
		"http://u:pw@p/x?PassCode=1":                         "http://p/x?PassCode=***",
		"http://p/x?%zz=1":                                   "http://p/x?%zz=***",
		"::bad?passcode=x":                                   "::bad?***",
	}
	for in, want := range cases {
		if got := redactURL(in); got != want {
			t.Errorf("redactURL(%q) = %q, want %q", in, got, want)
		}
	}
	if got := redactText(`Get "http://p/x?passcode=a%20b&keys=1": EOF; password=x`); got != `Get "http://p/x?passcode=***&keys=1": EOF; password=***` {
		t.Errorf("redactText = %q", got)
	}
	if got := scrub("a s3cret b s3cret%21 c", []string{"s3cret!"}); got != "a s3cret b *** c" {
		t.Errorf("scrub = %q", got)
	}
	if got := redactText(`Get "http://p/x?passcode=a%20b&keys=1": EOF; password=x`); got != `Get "http://p/x?passcode=***&keys=1": EOF; password=***` {
		t.Errorf("redactText = %q", got)
	}
	if got := scrub("10.0.0.123", []string{"123"}); got != "10.0.0.123" {
		t.Errorf("short secrets are not scrubbed from free text: %q", got)
	}
}
