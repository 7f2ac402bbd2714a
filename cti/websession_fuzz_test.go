package cti

import (
	"errors"
	"net/http"
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
