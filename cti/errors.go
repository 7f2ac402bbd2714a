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
	// ErrNoCall: a call operation had no call to act on (answer with nothing
	// ringing, hold or hang up while idle); see *NoCallError. It also
	// matches ErrPhone: the phone said so.
	ErrNoCall = errors.New("no call to act on")
)

// NoCallError is the phone refusing a call operation because there is no
// such call: api-phone_operation answers {"response":"error","body":false}.
// Its message is for people ("no call is ringing"); the phone's own answer
// is in Err.
type NoCallError struct {
	Op  Operation
	Err *PhoneError
}

func (e *NoCallError) Error() string {
	switch e.Op {
	case OpAccept, OpReject:
		return "no call is ringing"
	case OpHold:
		return "no call to hold or resume"
	}
	return "no call to hang up"
}

// Is makes errors.Is(err, ErrNoCall) true; ErrPhone matches through Unwrap.
func (e *NoCallError) Is(target error) bool { return target == ErrNoCall }

// Unwrap returns the phone's answer.
func (e *NoCallError) Unwrap() error {
	if e.Err == nil {
		return nil
	}
	return e.Err
}

// UnreachableReason says why a phone could not be reached.
type UnreachableReason int

// Reasons of an UnreachableError.
const (
	UnreachableOther       UnreachableReason = iota // see Detail
	UnreachableTimeout                              // no answer in time
	UnreachableRefused                              // nothing listens at that address and port
	UnreachableUnknownHost                          // the host name does not resolve
)

// UnreachableError is a request that got no answer from the phone. It
// matches ErrUnreachable; Reason says why, Detail in words (redacted).
type UnreachableError struct {
	Reason UnreachableReason
	Host   string // host[:port] as configured
	Scheme string // "http" or "https"
	Detail string
}

func (e *UnreachableError) Error() string { return ErrUnreachable.Error() + " (" + e.Detail + ")" }

// Is makes errors.Is(err, ErrUnreachable) true.
func (e *UnreachableError) Is(target error) bool { return target == ErrUnreachable }

// WrongSchemeError: the phone answers, but over the other protocol: https://
// given for a phone that speaks plain http (the reply is not TLS), or
// http:// for one that wants https (it redirects or says so). It matches
// ErrBadReply.
type WrongSchemeError struct {
	Used, Want string // "http" or "https"
	Host       string // host[:port] as given
}

func (e *WrongSchemeError) Error() string {
	return fmt.Sprintf("the phone at %s answers over %s, not %s: use %s://%s", e.Host, e.Want, e.Used, e.Want, e.Host)
}

// Is makes errors.Is(err, ErrBadReply) true.
func (e *WrongSchemeError) Is(target error) bool { return target == ErrBadReply }

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
// ErrNoCall, ErrInvalidNumber, ErrInvalidKey), or nil. Callers that show a problem to a
// person pick their words by class rather than by error text.
func Class(err error) error {
	for _, s := range []error{ErrUnauthorized, ErrCertChanged, ErrUnreachable, ErrBadReply, ErrNotSupported, ErrNoCall, ErrPhone, ErrInvalidNumber, ErrInvalidKey} {
		if errors.Is(err, s) {
			return s
		}
	}
	return nil
}
