package dirapi

import (
	"errors"
	"fmt"
)

// Errors of the sources, matched with errors.Is.
var (
	// ErrAuth: the server rejected the user name or password. The source
	// makes no further attempt by itself (accounts get locked after a few
	// failures) until the settings change or the user asks for a sync.
	ErrAuth = errors.New("the server rejected the user name or password")
	// ErrInvalidSource: the source's settings cannot work (no URL, unknown
	// kind, a malformed LDAP filter).
	ErrInvalidSource = errors.New("invalid address book")
	// ErrNoPassword: the source needs a password and none is stored.
	ErrNoPassword = errors.New("no password is stored for the address book")
)

// SourceError is a failure of one address book, with the book's name and
// what was being done. Location never holds a password.
type SourceError struct {
	Source string // the book's name
	Op     string // "read", "sync", "bind", "discover", "cache"
	Err    error
}

func (e *SourceError) Error() string {
	return fmt.Sprintf("address book %s: %s: %v", e.Source, e.Op, e.Err)
}

func (e *SourceError) Unwrap() error { return e.Err }
