package localapi

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/settings"
)

// Error kinds on the wire.
const (
	KindUnauthorized    = "unauthorized"
	KindUnreachable     = "unreachable"
	KindPhone           = "phone"
	KindBadReply        = "bad_reply"
	KindInvalidNumber   = "invalid_number"
	KindInvalidKey      = "invalid_key"
	KindNoCall          = "no_call"         // a call operation with no such call (cti.ErrNoCall)
	KindSeveralNumbers  = "several_numbers" // the text to dial holds more than one number
	KindBusy            = "busy"
	KindCertChanged     = "cert_changed"
	KindNotSupported    = "not_supported"
	KindInvalidSettings = "invalid_settings" // a settings change that does not validate (settings.ErrInvalid)
	KindUnknownPhone    = "unknown_phone"    // the request named no phone of the tray's (ErrUnknownPhone)
	KindBadRequest      = "bad_request"
	KindInternal        = "internal"
)

// kinds lists every kind with its sentinel and HTTP status. The order is the
// order in which a backend error is classified: an error can match more than
// one sentinel (api-make_call's "Invalid Request" is both a phone error and
// "not supported"), and the more telling one wins.
var kinds = []struct {
	kind     string
	sentinel error
	status   int
}{
	{KindBusy, ErrBusy, http.StatusConflict},
	{KindUnauthorized, cti.ErrUnauthorized, http.StatusBadGateway},
	{KindCertChanged, cti.ErrCertChanged, http.StatusBadGateway},
	{KindUnreachable, cti.ErrUnreachable, http.StatusGatewayTimeout},
	{KindNotSupported, cti.ErrNotSupported, http.StatusNotImplemented},
	{KindSeveralNumbers, cti.ErrSeveralNumbers, http.StatusBadRequest},
	{KindInvalidNumber, cti.ErrInvalidNumber, http.StatusBadRequest},
	{KindInvalidKey, cti.ErrInvalidKey, http.StatusBadRequest},
	{KindBadReply, cti.ErrBadReply, http.StatusBadGateway},
	{KindNoCall, cti.ErrNoCall, http.StatusConflict},
	{KindPhone, cti.ErrPhone, http.StatusBadGateway},
	{KindInvalidSettings, settings.ErrInvalid, http.StatusBadRequest},
	{KindUnknownPhone, ErrUnknownPhone, http.StatusNotFound},
	{KindBadRequest, ErrBadRequest, http.StatusBadRequest},
	{KindInternal, ErrInternal, http.StatusInternalServerError},
}

// classify returns the wire kind and HTTP status for a backend error.
func classify(err error) (kind string, status int) {
	for _, k := range kinds {
		if errors.Is(err, k.sentinel) {
			return k.kind, k.status
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		// The backend gave up waiting for the phone.
		return KindUnreachable, http.StatusGatewayTimeout
	}
	return KindInternal, http.StatusInternalServerError
}

// KindOf is the wire kind of err, for replies that carry a failure in
// words beside a result (ActionURLResult, DNDResult) instead of as an error.
func KindOf(err error) string {
	kind, _ := classify(err)
	return kind
}

// sentinelFor maps a wire kind back to its sentinel; unknown kinds (a newer
// server) are internal errors.
func sentinelFor(kind string) error {
	for _, k := range kinds {
		if k.kind == kind {
			return k.sentinel
		}
	}
	return ErrInternal
}

// wireError is the JSON body of every error reply.
type wireError struct {
	Error string `json:"error"`
	Kind  string `json:"kind"`
	Text  string `json:"text,omitempty"` // the error in words for a person (Options.Describe)
	Hint  string `json:"hint,omitempty"` // what to do about it
}

// Error is an error reply of the server as the Client sees it. It matches
// (errors.Is) the sentinel of its kind: cti.ErrUnauthorized, ErrBusy, ...
type Error struct {
	Kind    string // one of the Kind constants
	Message string // already redacted by the server
	Status  int    // HTTP status
	// Text and Hint are the error in words for a person, as the tray
	// process put them (ui/problem); "" when it did not.
	Text, Hint string
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the sentinel of the kind.
func (e *Error) Unwrap() error { return sentinelFor(e.Kind) }

// Request bodies and small replies.
type (
	numberBody struct {
		Number string `json:"number"`
		Notify bool   `json:"notify,omitempty"` // /v1/dial: announce it (AnnouncedDialer)
	}
	operateBody struct {
		Op   cti.Operation `json:"op"`
		Line int           `json:"line,omitempty"` // 0 = the phone's active line
	}
	keysBody struct {
		Keys []string `json:"keys"`
	}
	passcodeBody struct {
		Passcode string `json:"passcode"`
	}
	windowBody struct {
		Window string `json:"window"`
	}
	systemBody struct {
		Request string `json:"request"`
		Confirm string `json:"confirm"`
	}
	emptyBody struct{}
)

// secretParam finds credentials in URLs and key=value text: what net/http
// errors contain when a phone request fails (…?passcode=1234&…).
var secretParam = regexp.MustCompile(`(?i)\b(passcode|password|passwd|pass|pwd|token|sid)=[^&\s"';,)]*`)

// redact removes anything that looks like a credential from a message that
// is about to be logged or sent, and every occurrence of the given secrets.
// Secrets shorter than 4 bytes are only removed through the pattern above:
// replacing every "1" in a message would make it unreadable and hides little.
func redact(msg string, secrets ...string) string {
	for _, s := range secrets {
		if len(s) < 4 {
			continue
		}
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			msg = strings.ReplaceAll(msg, form, "***")
		}
	}
	return secretParam.ReplaceAllString(msg, "${1}=***")
}
