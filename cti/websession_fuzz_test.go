package cti

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeWebReply: whatever a phone's web session answers, decoding
// never panics, and a failure is always one of the kinds callers branch on.
func FuzzDecodeWebReply(f *testing.F) {
	for _, s := range []string{
		`{"response":"success","body":{"sid":"abc","role":"admin","ver":"1.0.3.35","mac":"000B82"}}`,
		`{"response":"error","body":"wrong4"}`, `{"response":"error","body":"locked","lockTime":5}`,
		`{"response":"error","body":"user is not allow"}`, `{"response":"error","body":{"status":"session-expired"}}`,
		`{"response":"success","body":{"status":"right"}}`, `<html><body>login</body></html>`, ``, `{"response":`,
		`{"response":"error","body":"wrong999999999999"}`, `{"response":"error","body":"unauthorized"}`,
		`{"response":"error","body":{"status":"wrong2"}}`, `{"response":"error","body":" Wrong3 "}`,
		`{"response":"error","body":"wrong-1"}`, `{"response":"error","body":"wrong04"}`,
		`{"response":"error","body":"locked","lockTime":"5"}`, `{"response":"ERROR","body":"user is not allowed"}`,
		`{"response":"error","body":{"status":"session-expired","x":[1]}}`, `{"response":"error","body":{"status":3}}`,
		`{"response":"success"}`, `{"response":1,"body":2}`, `{"response":null,"body":"x"}`,
		"\xef\xbb\xbf  <!DOCTYPE html><html>", `[{"response":"success"}]`, `"success"`,
	} {
		for _, st := range []int{200, 401, 403, 404, 411, 500} {
			f.Add(uint8(0), st, s)
			f.Add(uint8(1), st, s)
		}
	}
	fns := []string{fnLogin, fnValuesGet, fnAccess, fnValuesPost, fnConfigGet, fnRefresh}
	f.Fuzz(func(t *testing.T, which uint8, status int, body string) {
		fn := fns[int(which)%len(fns)] // the function is ours; the reply is the phone's
		_, err := decodeWebReply(fn, "admin", status, []byte(body))
		if err == nil {
			if status != http.StatusOK && (status < 200 || status > 299) {
				t.Fatalf("HTTP %d accepted", status)
			}
			return
		}
		kinds := []error{ErrUnauthorized, ErrSession, ErrNotSupported, ErrUnreachable, ErrBadReply, ErrPhone}
		known := false
		for _, k := range kinds {
			known = known || errors.Is(err, k)
		}
		if !known {
			t.Fatalf("decodeWebReply(%q, %d, %q) = %v: no known kind", fn, status, body, err)
		}
		var ae *AuthError
		if errors.As(err, &ae) && (ae.TriesLeft < -1 || ae.TriesLeft > 99) {
			t.Fatalf("tries left %d from %q", ae.TriesLeft, body)
		}
		if !utf8.ValidString(err.Error()) {
			t.Fatalf("error text is not valid UTF-8: %q", err)
		}
	})
}

// FuzzWebSessionBodies: whatever a phone puts in a successful reply, the
// parsers of each function (nonce, login, values, configs, write status)
// never panic, fail only as ErrBadReply or ErrPhone, and a login without a
// usable session id is never taken for one.
func FuzzWebSessionBodies(f *testing.F) {
	for _, s := range []string{
		`{"response":"success","body":"0123456789abcdef"}`, `{"response":"success","body":""}`,
		`{"response":"success","body":"   "}`, `{"response":"success","body":{"nonce":"x"}}`,
		`{"response":"success","body":{"sid":"abc","role":"admin","ver":"1.0.3.35","mac":"000B82"}}`,
		`{"response":"success","body":{"sid":12345,"role":null,"ver":1.0,"mac":["00"]}}`,
		`{"response":"success","body":{"sid":{"id":"x"}}}`, `{"response":"success","body":{"sid":true}}`,
		`{"response":"success","body":{"sid":"","role":"admin"}}`, `{"response":"success","body":[{"sid":"a"}]}`,
		`{"response":"success","body":{"P3":"Office","P8310":null,"phone_model":2170,"P270":{"x":1}}}`,
		`{"response":"success","body":{"P3":["a","b"]}}`, `{"response":"success","body":"P3=Office"}`,
		`{"response":"success","body":{"configs":[{"alias":"dnd","pvalue":":dnd","value":"1"}]}}`,
		`{"response":"success","body":{"configs":[{"pvalue":8310,"value":null},{"alias":["x"]}]}}`,
		`{"response":"success","body":{"configs":{"pvalue":"8310"}}}`, `{"response":"success","body":{"configs":[1,"x",null]}}`,
		`{"response":"success","body":{"configs":null}}`, `{"response":"success","body":{"status":"wrong"}}`,
		`{"response":"success","body":{"status":"RIGHT"}}`, `{"response":"success","body":{"status":1}}`,
		"\xef\xbb\xbf{\"response\":\"success\",\"body\":{\"sid\":\"\xff\xfe\"}}", `{"response":"success","body":"\u0000"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, reply string) {
		check := func(what string, err error) {
			if err != nil && !errors.Is(err, ErrBadReply) && !errors.Is(err, ErrPhone) {
				t.Fatalf("%s of %q: %v: neither ErrBadReply nor ErrPhone", what, reply, err)
			}
			if err != nil && !utf8.ValidString(err.Error()) {
				t.Fatalf("%s: error text is not valid UTF-8: %q", what, err)
			}
		}
		for _, fn := range []string{fnAccess, fnLogin, fnValuesGet, fnValuesPost, fnConfigGet, fnConfigUpdate} {
			body, err := decodeWebReply(fn, "admin", http.StatusOK, []byte(reply))
			if err != nil {
				continue // FuzzDecodeWebReply covers the failures
			}
			switch fn {
			case fnAccess:
				nonce, err := parseNonce(body)
				check(fn, err)
				if err == nil && strings.TrimSpace(nonce) == "" {
					t.Fatalf("empty nonce accepted from %q", reply)
				}
			case fnLogin:
				r := parseLoginReply(body)
				if r.sid != "" && (strings.HasPrefix(r.sid, "{") || strings.HasPrefix(r.sid, "[")) {
					t.Fatalf("sid %q taken from %q", r.sid, reply)
				}
				if utf8.RuneCountInString(r.ver) > 41 || utf8.RuneCountInString(r.mac) > 41 {
					t.Fatalf("version %q / MAC %q not excerpted", r.ver, r.mac)
				}
			case fnValuesGet:
				_, err := parseValues(body)
				check(fn, err)
			case fnConfigGet:
				_, err := parseConfigs(body)
				check(fn, err)
			default:
				check(fn, checkWritten(fn, body))
			}
		}
	})
}
