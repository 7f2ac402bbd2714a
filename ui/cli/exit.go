package cli

import (
	"errors"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
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

// hint says what to do about an error, in English for standard error, or ""
// when the message says it all.
func hint(err error) string { return hintIn(nil, err) }

// hintIn is hint in cat's language (nil: English).
func hintIn(cat *i18n.Catalog, err error) string {
	var key string
	switch {
	case errors.Is(err, cti.ErrUnauthorized):
		key = "cli.hint_unauthorized"
	case errors.Is(err, cti.ErrUnreachable):
		key = "cli.hint_unreachable"
	case errors.Is(err, cti.ErrBadReply):
		key = "cli.hint_bad_reply"
	case errors.Is(err, cti.ErrCertChanged):
		key = "cli.hint_cert_changed"
	case errors.Is(err, cti.ErrNotSupported):
		key = "cli.hint_not_supported"
	default:
		return ""
	}
	return cat.T(key)
}
