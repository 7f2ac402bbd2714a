package cti

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error the Client returns wraps exactly one of them,
// so callers can branch with errors.Is.
var (
	// ErrUnauthorized: the phone rejected the passcode (HTTP 401, or an
	// "unauthorized"/auth error body). Do not retry: phones lock the account
	// after 5 failed logins.
	ErrUnauthorized = errors.New("the phone rejected the password")
	// ErrUnreachable: no answer from the phone (network error, refused, timeout).
	ErrUnreachable = errors.New("the phone cannot be reached")
	// ErrPhone: the phone answered {"response":"error"}; see *PhoneError.
	ErrPhone = errors.New("the phone reported an error")
	// ErrBadReply: the reply was not the JSON the CTI API sends (HTML page,
	// truncated, too large...).
	ErrBadReply = errors.New("the phone sent a reply that is not CTI JSON")
	// ErrCertChanged: the phone's HTTPS certificate differs from the pinned one.
	ErrCertChanged = errors.New("the phone's HTTPS certificate has changed")
	// ErrNotSupported: the firmware lacks the function (for example api-make_call
	// answering "Invalid Request").
	ErrNotSupported = errors.New("the phone does not support this function")
	// ErrInvalidNumber: text that cannot be dialed.
	ErrInvalidNumber = errors.New("not a phone number")
	// ErrInvalidKey: a key token the phone does not know.
	ErrInvalidKey = errors.New("not a phone key")
)

// PhoneError is the phone's own error answer. Body is what it said ("failed",
// "Invalid Request", false...), cut to a reasonable length.
type PhoneError struct {
	Function string // e.g. "api-send_key"
	Body     string
}

func (e *PhoneError) Error() string {
	return fmt.Sprintf("%s: the phone answered an error: %s", e.Function, e.Body)
}

// Is makes errors.Is(err, ErrPhone) true for every PhoneError.
func (e *PhoneError) Is(target error) bool { return target == ErrPhone }

// CertChangedError carries both fingerprints so the user can compare them
// with the one shown on the phone's web page.
type CertChangedError struct {
	Pinned, Presented string // hex SHA-256 of the DER certificate
}

func (e *CertChangedError) Error() string {
	return fmt.Sprintf("the phone's HTTPS certificate has changed (pinned SHA-256 %s, now %s); if the phone was reset or got a new certificate, clear the pinned fingerprint in Settings", e.Pinned, e.Presented)
}

// Is makes errors.Is(err, ErrCertChanged) true.
func (e *CertChangedError) Is(target error) bool { return target == ErrCertChanged }

// Class returns the sentinel error that err wraps (ErrUnauthorized,
// ErrUnreachable, ErrPhone, ErrBadReply, ErrCertChanged, ErrNotSupported,
// ErrInvalidNumber, ErrInvalidKey), or nil. Callers that show a problem to a
// person pick their words by class rather than by error text.
func Class(err error) error {
	for _, s := range []error{ErrUnauthorized, ErrCertChanged, ErrUnreachable, ErrBadReply, ErrNotSupported, ErrPhone, ErrInvalidNumber, ErrInvalidKey} {
		if errors.Is(err, s) {
			return s
		}
	}
	return nil
}
