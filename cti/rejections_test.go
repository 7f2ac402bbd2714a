package cti_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
)

// A passcode the phone rejected is not sent again by any client sharing the
// Rejections, whatever the spelling of the address; another passcode is, and
// an explicit Retry is.
func TestRejectedPasscodeIsNotSentAgain(t *testing.T) {
	rj := &cti.Rejections{}
	p, first := newClSimClient(t, phonesim.Options{}, func(c *cti.Config) { c.Passcode = "wrong-one"; c.Rejections = rj })
	ctx := clSimCtx(t)
	if _, err := first.LineStatus(ctx); !errors.Is(err, cti.ErrUnauthorized) {
		t.Fatalf("first request: %v, want ErrUnauthorized", err)
	}
	sent := p.RequestCount("api-get_line_status")
	if sent != 1 {
		t.Fatalf("phone saw %d requests, want 1", sent)
	}
	// New clients for the same phone, as reloads and tests make them, with
	// the address spelled otherwise.
	for _, addr := range []string{first.BaseURL(), first.BaseURL() + "/", strings.ToUpper(first.BaseURL())} {
		c, err := cti.New(cti.Config{Address: addr, Passcode: "wrong-one", Rejections: rj})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.LineStatus(ctx)
		var ae *cti.AuthError
		if !errors.As(err, &ae) || !ae.NotSent || !errors.Is(err, cti.ErrUnauthorized) {
			t.Fatalf("client for %s: %v, want a not-sent AuthError", addr, err)
		}
		if _, err := c.Accounts(ctx); !errors.Is(err, cti.ErrUnauthorized) {
			t.Fatalf("accounts: %v", err)
		}
	}
	if got := p.RequestCount("api-get_line_status") + p.RequestCount("api-get_accounts"); got != sent {
		t.Fatalf("the phone received %d requests after the rejection, want 0", got-sent)
	}
	if p.FailedLogins() != 1 {
		t.Fatalf("phone counted %d failed logins, want 1", p.FailedLogins())
	}
	// Retry: the person typed it again.
	retry, _ := cti.New(cti.Config{Address: first.BaseURL(), Passcode: "wrong-one", Rejections: rj, Retry: true})
	if _, err := retry.LineStatus(ctx); !errors.Is(err, cti.ErrUnauthorized) {
		t.Fatal(err)
	}
	if p.FailedLogins() != 2 {
		t.Fatalf("retry not sent: %d failed logins", p.FailedLogins())
	}
	// The right passcode goes out and clears the record.
	good, _ := cti.New(cti.Config{Address: first.BaseURL(), Passcode: clSimPasscode, Rejections: rj})
	if _, err := good.LineStatus(ctx); err != nil {
		t.Fatal(err)
	}
	if _, rejected := rj.Rejected(first.BaseURL(), "wrong-one"); rejected {
		t.Fatal("a working passcode did not clear the rejection")
	}
}

// The web-session login answer "wrongN" says how many tries are left.
func TestAuthErrorTriesLeft(t *testing.T) {
	rj := &cti.Rejections{}
	c := clientOfHandler(t, "nope", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"response":"error","body":"wrong3"}`))
	}, func(cfg *cti.Config) { cfg.Rejections = rj })
	_, err := c.LineStatus(clSimCtx(t))
	var ae *cti.AuthError
	if !errors.As(err, &ae) || ae.TriesLeft != 3 || !errors.Is(err, cti.ErrUnauthorized) {
		t.Fatalf("err = %v (%#v), want an AuthError with 3 tries left", err, ae)
	}
	if !strings.Contains(err.Error(), "3 more tries") {
		t.Fatalf("message %q does not say the tries left", err)
	}
	if got := rj.TriesLeft(c.BaseURL() + "/"); got != 3 {
		t.Fatalf("TriesLeft = %d", got)
	}
	_, err = c.LineStatus(clSimCtx(t))
	if !errors.As(err, &ae) || !ae.NotSent || ae.TriesLeft != 3 {
		t.Fatalf("second: %v", err)
	}
}
