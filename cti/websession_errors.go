package cti

import (
	"errors"
	"fmt"
)

// ErrSession: the phone's web session could not be used (the account may
// not log in, the session ended, the web API refused the request); see
// *SessionError. A rejected password is an *AuthError (ErrUnauthorized)
// instead, with the tries the phone says are left.
var ErrSession = errors.New("the phone's web session failed")

// SessionReason says why a web session failed.
type SessionReason int

// Reasons of a SessionError.
const (
	SessionOther      SessionReason = iota // see Detail
	SessionNotAllowed                      // "user is not allow": this account may not use the web page
	SessionExpired                         // the session ended (idle too long, or taken over by another login)
	SessionForbidden                       // HTTP 403 to a request that carried Referer and Origin
)

// SessionError is a web session request the phone refused for a reason
// other than the password. It matches ErrSession.
type SessionError struct {
	Function string // "dologin", "api.values.post"...
	Reason   SessionReason
	User     string // the web account
	Detail   string // what the phone answered, excerpted
}

func (e *SessionError) Error() string {
	var what string
	switch e.Reason {
	case SessionNotAllowed:
		what = fmt.Sprintf("the phone does not let the account %q log in to its web page", e.User)
	case SessionExpired:
		what = "the phone ended the web session (idle too long, or someone else logged in with the same account)"
	case SessionForbidden:
		what = "the phone's web page refused the request (HTTP 403)"
	default:
		what = ErrSession.Error()
	}
	if e.Detail != "" {
		what += " (" + e.Detail + ")"
	}
	return e.Function + ": " + what
}

// Is makes errors.Is(err, ErrSession) true.
func (e *SessionError) Is(target error) bool { return target == ErrSession }

// ValueTooLongError: a value to write is longer than the phone keeps
// (MaxValueLen); it was not sent.
type ValueTooLongError struct {
	Key string
	Len int
}

func (e *ValueTooLongError) Error() string {
	return fmt.Sprintf("%s: the value has %d characters; the phone keeps at most %d and silently drops longer ones", e.Key, e.Len, MaxValueLen)
}

// Is makes errors.Is(err, ErrInvalidConfig) true: the value must change.
func (e *ValueTooLongError) Is(target error) bool { return target == ErrInvalidConfig }

// Features a MissingFeatureError names.
const (
	FeatureWebSession = "web session" // no dologin: settings cannot be read or written
	FeatureDND        = "dnd"         // no config_get/:dnd
)

// MissingFeatureError: the firmware lacks what a task needs. It matches
// ErrNotSupported.
type MissingFeatureError struct {
	Feature string
	Err     error
}

func (e *MissingFeatureError) Error() string {
	return fmt.Sprintf("the phone's firmware has no %s: %v", e.Feature, e.Err)
}

// Is makes errors.Is(err, ErrNotSupported) true.
func (e *MissingFeatureError) Is(target error) bool { return target == ErrNotSupported }

// Unwrap returns the phone's answer.
func (e *MissingFeatureError) Unwrap() error { return e.Err }

// missing wraps an ErrNotSupported as the lack of feature.
func missing(feature string, err error) error {
	var mf *MissingFeatureError
	if errors.Is(err, ErrNotSupported) && !errors.As(err, &mf) {
		return &MissingFeatureError{Feature: feature, Err: err}
	}
	return err
}
