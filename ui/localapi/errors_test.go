package localapi

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gxptray/gxptray/cti"
)

// allSentinels is every error a caller may branch on.
var allSentinels = []error{
	ErrBusy, ErrBadRequest, ErrInternal, ErrNotRunning, ErrUnknownPhone,
	cti.ErrUnauthorized, cti.ErrUnreachable, cti.ErrPhone, cti.ErrBadReply, cti.ErrCertChanged,
	cti.ErrNotSupported, cti.ErrInvalidNumber, cti.ErrInvalidKey,
}

func TestErrorKindsSurviveTheSocket(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		kind   string
		status int
		is     []error // sentinels the client error must match; all others must not match
	}{
		{"busy", fmt.Errorf("dial: %w", ErrBusy), KindBusy, 409, []error{ErrBusy}},
		{"unauthorized", fmt.Errorf("api-get_line_status: %w (HTTP 401)", cti.ErrUnauthorized), KindUnauthorized, 502, []error{cti.ErrUnauthorized}},
		{"unreachable", fmt.Errorf("api-send_key: %w: connection refused", cti.ErrUnreachable), KindUnreachable, 504, []error{cti.ErrUnreachable}},
		{"phone", &cti.PhoneError{Function: "api-phone_operation", Body: "false"}, KindPhone, 502, []error{cti.ErrPhone}},
		{"bad reply", fmt.Errorf("api-get_line_status: %w: an HTML page", cti.ErrBadReply), KindBadReply, 502, []error{cti.ErrBadReply}},
		{"invalid number", fmt.Errorf(`%w: "abc" contains letters`, cti.ErrInvalidNumber), KindInvalidNumber, 400, []error{cti.ErrInvalidNumber}},
		{"invalid key", fmt.Errorf(`%w: "FOO"`, cti.ErrInvalidKey), KindInvalidKey, 400, []error{cti.ErrInvalidKey}},
		{"cert changed", &cti.CertChangedError{Pinned: "aa11", Presented: "bb22"}, KindCertChanged, 502, []error{cti.ErrCertChanged}},
		{"not supported", fmt.Errorf("api-get_accounts: %w", cti.ErrNotSupported), KindNotSupported, 501, []error{cti.ErrNotSupported}},
		// make_call's "Invalid Request" is a phone error that means "not supported".
		{"phone + not supported", errors.Join(&cti.PhoneError{Function: "api-make_call", Body: "Invalid Request"}, cti.ErrNotSupported), KindNotSupported, 501, []error{cti.ErrNotSupported}},
		{"bad request", fmt.Errorf("%w: nothing to do", ErrBadRequest), KindBadRequest, 400, []error{ErrBadRequest}},
		{"unknown phone", &UnknownPhoneError{Name: "Desk 2", Known: []string{"Office", "Lab"}}, KindUnknownPhone, 404, []error{ErrUnknownPhone}},
		{"deadline", fmt.Errorf("waiting for the phone: %w", context.DeadlineExceeded), KindUnreachable, 504, []error{cti.ErrUnreachable}},
		{"anything else", errors.New("disk full"), KindInternal, 500, []error{ErrInternal}},
	}
	f := newFake()
	_, c := serve(t, f, Options{})
	ctx := ctxT(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f.setFail("Dial", tc.err)
			_, err := c.Dial(ctx, "203")
			if err == nil {
				t.Fatal("Dial succeeded; want an error")
			}
			var we *Error
			if !errors.As(err, &we) {
				t.Fatalf("error %T %v is not a *localapi.Error", err, err)
			}
			if we.Kind != tc.kind || we.Status != tc.status {
				t.Errorf("kind %q HTTP %d, want %q HTTP %d", we.Kind, we.Status, tc.kind, tc.status)
			}
			if err.Error() != tc.err.Error() {
				t.Errorf("message %q, want %q", err.Error(), tc.err.Error())
			}
			for _, s := range allSentinels {
				want := false
				for _, w := range tc.is {
					want = want || s == w
				}
				if got := errors.Is(err, s); got != want {
					t.Errorf("errors.Is(err, %q) = %v, want %v", s, got, want)
				}
			}
		})
	}
}

func TestEveryKindMapsBack(t *testing.T) {
	for _, k := range kinds {
		e := &Error{Kind: k.kind, Message: "m"}
		if !errors.Is(e, k.sentinel) {
			t.Errorf("kind %q does not match its sentinel", k.kind)
		}
		if kind, _ := classify(k.sentinel); kind != k.kind {
			t.Errorf("classify(%v) = %q, want %q", k.sentinel, kind, k.kind)
		}
	}
	if !errors.Is(&Error{Kind: "from_the_future", Message: "m"}, ErrInternal) {
		t.Error("an unknown kind should count as internal")
	}
}

func TestErrorMessagesAreRedacted(t *testing.T) {
	f := newFake()
	_, c := serve(t, f, Options{})
	ctx := ctxT(t)
	f.setFail("Dial", fmt.Errorf(`api-make_call: %w: Get "http://10.0.0.9/cgi-bin/api-make_call?phonenumber=203&password=hunter22&account=0": dial tcp: connection refused`, cti.ErrUnreachable))
	_, err := c.Dial(ctx, "203")
	if err == nil || strings.Contains(err.Error(), "hunter22") || !strings.Contains(err.Error(), "password=***") {
		t.Errorf("Dial error %q: want the password replaced by ***", err)
	}
	if !errors.Is(err, cti.ErrUnreachable) {
		t.Errorf("redaction lost the kind: %v", err)
	}

	// A backend echoing the passcode it was given, even a short-looking one.
	f.setFail("SetSessionPasscode", fmt.Errorf("cannot keep passcode s3cr3t-pass in memory: %w", errors.New("locked")))
	err = c.SetSessionPasscode(ctx, "s3cr3t-pass")
	if err == nil || strings.Contains(err.Error(), "s3cr3t-pass") {
		t.Errorf("SetSessionPasscode error %q echoes the passcode", err)
	}
	f.setFail("TestConnection", fmt.Errorf("login with t3st%%2Fpw failed: %w", cti.ErrUnauthorized))
	_, err = c.TestConnection(ctx, TestRequest{Phone: "10.0.0.9", Passcode: "t3st/pw"})
	if err == nil || strings.Contains(err.Error(), "t3st") || !errors.Is(err, cti.ErrUnauthorized) {
		t.Errorf("TestConnection error %q: want the (encoded) passcode removed and the kind kept", err)
	}
}

func TestRedact(t *testing.T) {
	cases := []struct{ in, want string }{
		{"GET /cgi-bin/api-send_key?passcode=1234&keys=1", "GET /cgi-bin/api-send_key?passcode=***&keys=1"},
		{"?PASSWORD=abc def", "?PASSWORD=*** def"},
		{`"url":"http://p/x?pwd=x1"`, `"url":"http://p/x?pwd=***"`},
		{"nothing secret here", "nothing secret here"},
		{"compass=north", "compass=north"}, // a word merely ending in "pass"
	}
	for _, tc := range cases {
		if got := redact(tc.in); got != tc.want {
			t.Errorf("redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := redact("the code 123 and 1234", "123"); got != "the code 123 and 1234" {
		t.Errorf("a 3-byte secret should not garble the message: %q", got)
	}
	if got := redact("the code abcd!", "abcd"); got != "the code ***!" {
		t.Errorf("secret not scrubbed: %q", got)
	}
}
