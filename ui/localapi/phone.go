package localapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gxptray/gxptray/ui/settings"
)

// Several phones: every request may name the phone it is for, in the
// PhoneHeader. The name travels beside the request rather than in each
// request's body, so that every endpoint (dial, keys, operations, Action
// URLs, DND, the event stream) takes a phone the same way and the Backend's
// methods keep their signatures: the server puts the name into the
// request's context and the backend reads it with PhoneFromContext. No
// header, or an empty one, means the default phone.

// PhoneHeader carries the name of the phone a request is for.
const PhoneHeader = "Gxptray-Phone"

// MaxPhoneName bounds a phone's name (in characters).
const MaxPhoneName = settings.MaxPhoneName

// ErrUnknownPhone: the request named a phone the tray does not have. The
// backend returns an error matching it (see *UnknownPhoneError).
var ErrUnknownPhone = errors.New("no such phone")

// UnknownPhoneError names the phone asked for and those there are.
type UnknownPhoneError struct {
	Name  string
	Known []string // the names of the phones, in the settings' order
}

func (e *UnknownPhoneError) Error() string {
	return fmt.Sprintf("there is no phone called %q (the phones are: %s)", e.Name, quotedList(e.Known))
}

// Is makes errors.Is(err, ErrUnknownPhone) true.
func (e *UnknownPhoneError) Is(target error) bool { return target == ErrUnknownPhone }

func quotedList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%q", n)
	}
	return out
}

// ValidPhoneName reports whether name can name a phone (the rule of the
// settings, settings.ValidPhoneName).
func ValidPhoneName(name string) bool { return settings.ValidPhoneName(name) }

type phoneKey struct{}

// WithPhone returns ctx naming the phone a backend call is for ("" = the
// default phone). The server does this for each request; tests of a
// Backend call it directly.
func WithPhone(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, phoneKey{}, name)
}

// PhoneFromContext is the name of the phone the request is for; "" = the
// default phone.
func PhoneFromContext(ctx context.Context) string {
	name, _ := ctx.Value(phoneKey{}).(string)
	return name
}

// ForPhone returns a client whose requests are all for the phone called
// name ("" = the default phone). It shares c's connections.
func (c *Client) ForPhone(name string) *Client {
	cc := *c
	cc.phone = name
	return &cc
}

// Phone is the name of the phone the client's requests are for ("" = the
// default phone).
func (c *Client) Phone() string { return c.phone }

// withPhoneHeader reads the PhoneHeader of r into its context; a name that
// cannot be a phone's is refused before any backend sees it.
func (s *Server) withPhoneHeader(w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
	name := r.Header.Get(PhoneHeader)
	if name == "" {
		return r, true
	}
	if !ValidPhoneName(name) {
		s.reject(w, http.StatusBadRequest, fmt.Sprintf("%s must be 1 to %d printable characters", PhoneHeader, MaxPhoneName))
		return r, false
	}
	return r.WithContext(WithPhone(r.Context(), name)), true
}
