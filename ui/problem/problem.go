// Package problem turns errors into words for people: one sentence that
// says what happened and, where there is one, a hint that says what to do.
// It is the one place that does so: the command line, the notifications and
// the service's connection test all ask it, and pick nothing out of error
// strings themselves. Technical detail (function names such as
// api-make_call, HTTP statuses) stays in Words.Detail, for --verbose and
// the log.
package problem

import (
	"context"
	"errors"
	"net"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
)

// Words is an error as a person reads it.
type Words struct {
	Text   string // what happened: "No call is ringing."
	Hint   string // what to do about it; "" when Text says it all
	Detail string // the error itself, for --verbose and logs
}

// String is Text, and Hint on a line of its own.
func (w Words) String() string {
	if w.Hint == "" {
		return w.Text
	}
	return w.Text + "\n" + w.Hint
}

// Describe puts err into words in cat's language (nil: English). The kind
// of error decides (errors.Is/As on the cti and localapi errors), never its
// message; errors of no known kind are shown as they are, as a sentence.
func Describe(cat *i18n.Catalog, err error) Words {
	if err == nil {
		return Words{}
	}
	if cat == nil {
		cat = i18n.New(i18n.English)
	}
	w := describe(cat, err)
	w.Detail = err.Error()
	var pe *cti.PhoneError
	if errors.As(err, &pe) && !strings.Contains(w.Detail, pe.Function) {
		// A NoCallError's own message is plain words: the detail is what
		// the phone answered.
		w.Detail += " (" + pe.Error() + ")"
	}
	return w
}

func describe(cat *i18n.Catalog, err error) Words {
	var le *localapi.Error
	if errors.As(err, &le) && le.Text != "" {
		// Worded by the tray process, which knows the error's kind and its
		// details (a number's problem, a certificate's fingerprints).
		return Words{Text: le.Text, Hint: le.Hint}
	}
	if w, ok := describeSession(cat, err); ok {
		return w
	}
	if w, ok := describeConnection(cat, err); ok {
		return w
	}
	if w, ok := describeCall(cat, err); ok {
		return w
	}
	if w, ok := describeNumber(cat, err); ok {
		return w
	}
	var pe *cti.PhoneError
	switch {
	case errors.Is(err, localapi.ErrBusy):
		return Words{Text: cat.T("problem.busy")}
	case errors.Is(err, localapi.ErrNotRunning):
		return Words{Text: cat.T("problem.not_running")}
	case errors.As(err, &pe):
		return Words{Text: cat.T("problem.phone_error", pe.Body)}
	case errors.Is(err, context.DeadlineExceeded):
		return Words{Text: cat.T("problem.timeout")}
	}
	return Words{Text: Sentence(lastMessage(err))}
}

// describeConnection: the phone cannot be talked to.
func describeConnection(cat *i18n.Catalog, err error) (Words, bool) {
	var ws *cti.WrongSchemeError
	var cc *cti.CertChangedError
	var nt *cti.CertNotTrustedError
	var ue *cti.UnreachableError
	switch {
	case errors.Is(err, cti.ErrUnauthorized):
		return describeAuth(cat, err), true
	case errors.As(err, &ws):
		return Words{Text: cat.T("problem.wrong_scheme", ws.Want, ws.Used),
			Hint: cat.T("problem.wrong_scheme_hint", ws.Want+"://"+ws.Host)}, true
	case errors.As(err, &cc):
		return Words{Text: cat.T("problem.cert_changed"), Hint: cat.T("problem.cert_changed_hint", cc.Pinned, cc.Presented)}, true
	case errors.Is(err, cti.ErrCertChanged):
		return Words{Text: cat.T("problem.cert_changed")}, true
	case errors.As(err, &nt):
		return Words{Text: cat.T("problem.cert_not_trusted"), Hint: cat.T("problem.cert_not_trusted_hint")}, true
	case errors.As(err, &ue):
		return describeUnreachable(cat, ue), true
	case errors.Is(err, cti.ErrUnreachable):
		if errors.Is(err, context.DeadlineExceeded) {
			return Words{Text: cat.T("problem.timeout"), Hint: cat.T("problem.unreachable_hint")}, true
		}
		return Words{Text: cat.T("problem.unreachable"), Hint: cat.T("problem.unreachable_hint")}, true
	case errors.Is(err, cti.ErrBadReply):
		return Words{Text: cat.T("problem.not_a_phone"), Hint: cat.T("problem.not_a_phone_hint")}, true
	case errors.Is(err, cti.ErrNotSupported):
		return Words{Text: cat.T("problem.not_supported"), Hint: cat.T("problem.not_supported_hint")}, true
	}
	return Words{}, false
}

// describeSession: the phone's web session, and a locked account (the tries
// left are in describeAuth's hint).
func describeSession(cat *i18n.Catalog, err error) (Words, bool) {
	var ae *cti.AuthError
	var se *cti.SessionError
	var tl *cti.ValueTooLongError
	switch {
	case errors.As(err, &ae) && ae.Locked:
		return Words{Text: cat.T("problem.locked"), Hint: cat.T("problem.locked_hint")}, true
	case errors.As(err, &se) && se.Reason == cti.SessionNotAllowed:
		return Words{Text: cat.T("problem.web_not_allowed", se.User), Hint: cat.T("problem.web_not_allowed_hint")}, true
	case errors.As(err, &se) && se.Reason == cti.SessionExpired:
		return Words{Text: cat.T("problem.web_expired"), Hint: cat.T("problem.web_expired_hint")}, true
	case errors.As(err, &se) && se.Reason == cti.SessionForbidden:
		return Words{Text: cat.T("problem.web_forbidden"), Hint: cat.T("problem.web_forbidden_hint")}, true
	case errors.As(err, &tl):
		return Words{Text: cat.T("problem.value_too_long", tl.Key, tl.Len, cti.MaxValueLen), Hint: cat.T("problem.value_too_long_hint")}, true
	case errors.Is(err, cti.ErrActionURLNotKept):
		return Words{Text: cat.T("problem.not_kept"), Hint: cat.T("problem.not_kept_hint")}, true
	case errors.Is(err, cti.ErrNotKept):
		return Words{Text: cat.T("problem.value_not_kept")}, true
	}
	return describeMissing(cat, err)
}

// describeMissing: the firmware lacks what the task needs.
func describeMissing(cat *i18n.Catalog, err error) (Words, bool) {
	var mf *cti.MissingFeatureError
	if !errors.As(err, &mf) {
		return Words{}, false
	}
	switch mf.Feature {
	case cti.FeatureWebSession:
		return Words{Text: cat.T("problem.no_web_session"), Hint: cat.T("problem.no_web_session_hint")}, true
	case cti.FeatureDND:
		return Words{Text: cat.T("problem.no_dnd"), Hint: cat.T("problem.no_dnd_hint")}, true
	}
	return Words{}, false
}

// describeAuth explains a rejected passcode: sent and refused, or not sent
// because the phone refused it before; with the tries the phone says are
// left (phones lock the account after 5 failures).
func describeAuth(cat *i18n.Catalog, err error) Words {
	w := Words{Text: cat.T("problem.unauthorized"), Hint: cat.T("problem.unauthorized_hint")}
	var ae *cti.AuthError
	if !errors.As(err, &ae) {
		return w
	}
	if ae.NotSent {
		w.Text = cat.T("service.passcode_rejected_not_sent")
	}
	if ae.TriesLeft >= 0 && !ae.Locked {
		w.Hint = cat.T("problem.tries_left", ae.TriesLeft) + " " + w.Hint
	}
	return w
}

// describeUnreachable says why the phone did not answer.
func describeUnreachable(cat *i18n.Catalog, ue *cti.UnreachableError) Words {
	switch ue.Reason {
	case cti.UnreachableRefused:
		if ue.Scheme == "http" {
			return Words{Text: cat.T("problem.refused", ue.Host), Hint: cat.T("problem.refused_hint_https", ue.Host)}
		}
		return Words{Text: cat.T("problem.refused", ue.Host), Hint: cat.T("problem.unreachable_hint")}
	case cti.UnreachableUnknownHost:
		host := ue.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		return Words{Text: cat.T("problem.unknown_host", host), Hint: cat.T("problem.unknown_host_hint")}
	case cti.UnreachableTimeout:
		return Words{Text: cat.T("problem.unreachable_at", ue.Host), Hint: cat.T("problem.unreachable_hint")}
	}
	return Words{Text: cat.T("problem.unreachable"), Hint: cat.T("problem.unreachable_hint")}
}

// describeCall: a call operation found no call.
func describeCall(cat *i18n.Catalog, err error) (Words, bool) {
	var nc *cti.NoCallError
	switch {
	case errors.As(err, &nc):
		switch nc.Op {
		case cti.OpAccept, cti.OpReject:
			return Words{Text: cat.T("problem.no_call_ringing")}, true
		case cti.OpHold:
			return Words{Text: cat.T("problem.no_call_hold")}, true
		}
		return Words{Text: cat.T("problem.no_call_end")}, true
	case errors.Is(err, cti.ErrNoCall):
		// From the tray process: the kind came over the local API, the
		// message is the NoCallError's own plain words.
		return Words{Text: Sentence(lastMessage(err))}, true
	}
	return Words{}, false
}

// describeNumber: the text to dial holds no number, or several.
func describeNumber(cat *i18n.Catalog, err error) (Words, bool) {
	var ne *cti.NumberError
	var sn *cti.SeveralNumbersError
	switch {
	case errors.As(err, &sn):
		list := make([]string, len(sn.Found))
		for i, f := range sn.Found {
			list[i] = f.Text
		}
		return Words{Text: cat.T("problem.several_numbers", len(sn.Found), strings.Join(list, ", ")),
			Hint: cat.T("problem.several_numbers_hint")}, true
	case errors.As(err, &ne) && ne.Text == "":
		return Words{Text: cat.T("problem.empty_number")}, true
	case errors.As(err, &ne) && ne.None:
		return Words{Text: cat.T("problem.no_number", ne.Text)}, true
	case errors.As(err, &ne):
		return Words{Text: cat.T("problem.bad_number", ne.Text, ne.Reason)}, true
	case errors.Is(err, cti.ErrSeveralNumbers), errors.Is(err, cti.ErrInvalidNumber), errors.Is(err, cti.ErrInvalidKey):
		return Words{Text: Sentence(lastMessage(err))}, true
	}
	return Words{}, false
}

// lastMessage is the message of a local API error as the tray process
// worded it, else err's own.
func lastMessage(err error) string {
	var le *localapi.Error
	if errors.As(err, &le) && le.Message != "" {
		return le.Message
	}
	return err.Error()
}

// Sentence makes s read as a sentence: a capital first letter and a full stop.
func Sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if last, _ := utf8.DecodeLastRuneInString(s); !strings.ContainsRune(".!?…)", last) {
		s += "."
	}
	return s
}
