package cti

import (
	"context"
	"net/http"
)

// Credential parameter names of the CTI functions.
const (
	fieldPasscode = "passcode" // every function, and api-make_call on GRP phones
	fieldPassword = "password" // api-make_call as GXP firmware expects it
)

// Authenticator adds the phone's credentials to a request. Passcode-in-query
// (PasscodeAuth) is what the CTI API documents; newer firmware also has a
// web-session login (POST /cgi-bin/dologin, a session cookie, HTTP 401 when it
// expires) which can be added as another Authenticator without touching the
// request code.
type Authenticator interface {
	// Authenticate adds credentials to req, which already carries the
	// function's own query parameters. field names the query parameter the
	// function expects a passcode under: "passcode", or "password" for the
	// GXP form of api-make_call. A session strategy may ignore it.
	Authenticate(ctx context.Context, req *http.Request, field string) error
	// Secrets lists the values that must never appear in errors or logs.
	Secrets() []string
}

// PasscodeAuth sends the phone's admin (or end-user) web password as a query
// parameter, like every known CTI client.
type PasscodeAuth struct{ Passcode string }

// Authenticate puts passcode= first, as Grandstream's examples do, and
// password= last, as the clients that use the GXP make_call form do; phones
// do not care about the order, people reading logs of their phone do.
func (a PasscodeAuth) Authenticate(_ context.Context, req *http.Request, field string) error {
	kv := field + "=" + queryEscape(a.Passcode)
	switch q := req.URL.RawQuery; {
	case q == "":
		req.URL.RawQuery = kv
	case field == fieldPassword:
		req.URL.RawQuery = q + "&" + kv
	default:
		req.URL.RawQuery = kv + "&" + q
	}
	return nil
}

// Secrets returns the passcode.
func (a PasscodeAuth) Secrets() []string { return []string{a.Passcode} }
