package windows

import (
	"context"
	"errors"
	"strings"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
	words "github.com/gxptray/gxptray/ui/problem"
)

var errNotRunning = localapi.ErrNotRunning

// errText turns an error into a sentence for the window, in the user's
// language where the error class is known. Messages from the local API are
// already redacted by the tray process; cti errors never carry the passcode.
func (e *Env) errText(err error) string {
	if err == nil {
		return ""
	}
	switch {
	case errors.Is(err, localapi.ErrNotRunning):
		return e.t("window.err.not_running")
	case errors.Is(err, localapi.ErrBusy):
		return e.t("window.err.busy")
	case errors.Is(err, cti.ErrNoCall), errors.Is(err, cti.ErrSeveralNumbers), errors.Is(err, cti.ErrBadReply):
		// "No call is ringing.", "The text holds 2 phone numbers…", "This
		// address answers, but not as a Grandstream phone.": ui/problem's words.
		return firstLine(words.Describe(e.Catalog, err).Text)
	case errors.Is(err, cti.ErrInvalidNumber):
		if why := invalidReason(err); why != "" {
			return e.t("window.err.invalid_number", why)
		}
		return e.t("window.err.invalid_number_plain")
	case errors.Is(err, cti.ErrUnauthorized):
		return e.t("window.err.unauthorized")
	case errors.Is(err, cti.ErrCertChanged):
		return err.Error() // carries both fingerprints: the user needs them
	case errors.Is(err, cti.ErrUnreachable), errors.Is(err, context.DeadlineExceeded):
		return e.t("window.err.unreachable")
	case errors.Is(err, cti.ErrNotSupported):
		return e.t("window.err.not_supported")
	}
	return e.t("window.err.failed", firstLine(err.Error()))
}

// invalidReason is why text is not a number, without the generic prefix
// (the window says "not a phone number" itself, translated).
func invalidReason(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, cti.ErrInvalidNumber.Error()+": "); i >= 0 {
		return msg[i+len(cti.ErrInvalidNumber.Error())+2:]
	}
	msg = strings.TrimSuffix(msg, ": "+cti.ErrInvalidNumber.Error())
	if msg == cti.ErrInvalidNumber.Error() {
		return ""
	}
	return msg
}

// firstLine keeps a window from growing with a multi-line error; long
// messages are cut.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	const max = 300
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return s
}
