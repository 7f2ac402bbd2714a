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
	case errors.As(err, &ue), errors.Is(err, cti.ErrInvalidNumber), errors.Is(err, cti.ErrSeveralNumbers), errors.Is(err, cti.ErrInvalidKey):
		return ExitUsage
	case errors.Is(err, cti.ErrUnauthorized):
		return ExitUnauthorized
	case errors.Is(err, cti.ErrUnreachable):
		return ExitUnreachable
	}
	return ExitFailure
}
