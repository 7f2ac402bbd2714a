package cli

import (
	"errors"

	"github.com/gxptray/gxptray/cti"
)

// Exit codes. Scripts can tell a wrong passcode from a phone that is off.
const (
	ExitOK           = 0
	ExitFailure      = 1 // the phone or the app said no, or anything else went wrong
	ExitUsage        = 2 // bad command line
	ExitUnauthorized = 3 // the phone rejected the passcode
	ExitUnreachable  = 4 // the phone did not answer
)

// usageError marks errors that come from the command line itself.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(msg string) error { return usageError{msg} }

// exitCode maps an error to the process exit status.
func exitCode(err error) int {
	var ue usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue), errors.Is(err, cti.ErrInvalidNumber), errors.Is(err, cti.ErrInvalidKey):
		return ExitUsage
	case errors.Is(err, cti.ErrUnauthorized):
		return ExitUnauthorized
	case errors.Is(err, cti.ErrUnreachable):
		return ExitUnreachable
	}
	return ExitFailure
}

// hint says what to do about an error, or "" when the message says it all.
func hint(err error) string {
	switch {
	case errors.Is(err, cti.ErrUnauthorized):
		return "Use the phone's admin web password (GXPTRAY_PASSCODE or Settings). Phones lock the account after 5 failed logins, so check it before trying again."
	case errors.Is(err, cti.ErrUnreachable):
		return "Check the address and that the phone is on. On GXP21xx/GRP26xx, switch on Network -> Remote Control -> Action URI Support and allow this computer's IP address."
	case errors.Is(err, cti.ErrBadReply):
		return "That address answers, but not like a Grandstream phone's CTI API. Check the address and port."
	case errors.Is(err, cti.ErrCertChanged):
		return "If the phone was reset or got a new certificate, clear the pinned fingerprint in Settings (or remove pinned_cert from the settings file)."
	case errors.Is(err, cti.ErrNotSupported):
		return "For click-to-dial, switch on Settings -> Call Features -> Click-To-Dial Feature on the phone, or set the dial method to keys."
	}
	return ""
}
