package problem

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
)

func TestDescribe(t *testing.T) {
	phoneFalse := &cti.PhoneError{Function: "api-phone_operation", Body: "false"}
	_, several := cti.NumberRules{}.FindOne("+1 555 0100, +1 555 0199")
	cases := []struct {
		err        error
		text, hint string
	}{
		{fmt.Errorf("api-phone_operation: %w", &cti.NoCallError{Op: cti.OpAccept, Err: phoneFalse}), "No call is ringing.", ""},
		{&cti.NoCallError{Op: cti.OpHold, Err: phoneFalse}, "No call to hold or resume.", ""},
		{&cti.NoCallError{Op: cti.OpEnd, Err: phoneFalse}, "No call to hang up.", ""},
		// As the command line gets it from the tray process.
		{&localapi.Error{Kind: localapi.KindNoCall, Message: "no call is ringing"}, "No call is ringing.", ""},
		{fmt.Errorf("api-get_line_status: %w (an HTML page)", cti.ErrBadReply), "This address answers, but not as a Grandstream phone.", "Check the address and the port: they are those of the phone's web page."},
		{fmt.Errorf("api-get_line_status: %w", &cti.WrongSchemeError{Used: "https", Want: "http", Host: "10.0.0.5"}),
			"The phone answers over http, not https.", "Write the address as http://10.0.0.5."},
		{fmt.Errorf("api-get_line_status: %w (HTTP 401)", cti.ErrUnauthorized), "The phone rejected the password.", "Use the phone's admin web password. Phones lock the account after 5 failed logins, so check it before trying again."},
		{&cti.NumberError{Text: "Meeting notes", Reason: "holds no phone number", None: true}, "No phone number in “Meeting notes”.", ""},
		{&cti.NumberError{Text: "++1", Reason: "has more than one +"}, "“++1” is not a phone number (has more than one +).", ""},
		{&cti.NumberError{Reason: "the text is empty"}, "Nothing to dial: the text is empty.", ""},
		{several, "The text holds 2 phone numbers: +1 555 0100, +1 555 0199.", "Copy just the one to call."},
		{&localapi.Error{Kind: localapi.KindBusy, Message: "another dial is still in progress"}, "Another dial is still in progress.", ""},
		{fmt.Errorf("api-make_call: %w", &cti.PhoneError{Function: "api-make_call", Body: "failed"}), "The phone reported an error: failed.", ""},
		{errors.New("something odd"), "Something odd.", ""},
		{fmt.Errorf("api-get_line_status: %w", &cti.UnreachableError{Reason: cti.UnreachableRefused, Host: "10.0.0.5:8080", Scheme: "http"}),
			"Nothing answers at 10.0.0.5:8080: a wrong address or port, or the phone is restarting.",
			"If the phone's web page opens with https, write the address as https://10.0.0.5:8080. Otherwise check the address and that the phone is on."},
		{fmt.Errorf("api-get_line_status: %w", &cti.UnreachableError{Reason: cti.UnreachableUnknownHost, Host: "phone.lan:80", Scheme: "http"}),
			"The name phone.lan is not known on this network.", "Check its spelling, or use the phone's IP address (the phone shows it under Status → Network)."},
	}
	for _, tc := range cases {
		w := Describe(nil, tc.err)
		if w.Text != tc.text || w.Hint != tc.hint {
			t.Errorf("Describe(%v) = %q / %q; want %q / %q", tc.err, w.Text, w.Hint, tc.text, tc.hint)
		}
		if strings.Contains(w.Text+w.Hint, "api-") || strings.Contains(w.Text+w.Hint, "make_call") {
			t.Errorf("Describe(%v) names an internal function: %q", tc.err, w)
		}
		if !strings.HasPrefix(w.Detail, tc.err.Error()) {
			t.Errorf("Detail %q, want the error %q", w.Detail, tc.err)
		}
	}
	if w := Describe(nil, nil); w != (Words{}) {
		t.Errorf("Describe(nil) = %+v", w)
	}
}

func TestDescribeRussian(t *testing.T) {
	ru := i18n.New("ru")
	if w := Describe(ru, &cti.NoCallError{Op: cti.OpReject}); w.Text != "Нет входящего вызова." {
		t.Errorf("ru no call: %q", w.Text)
	}
	if w := Describe(ru, fmt.Errorf("x: %w", cti.ErrBadReply)); w.Text != "По этому адресу отвечает не телефон Grandstream." {
		t.Errorf("ru bad reply: %q", w.Text)
	}
	if w := Describe(ru, fmt.Errorf("x: %w (%w)", cti.ErrUnreachable, context.DeadlineExceeded)); w.Text != "Телефон слишком долго не отвечал." {
		t.Errorf("ru timeout: %q", w.Text)
	}
}

func TestSentence(t *testing.T) {
	for in, want := range map[string]string{"no call": "No call.", "done.": "Done.", "": "", "ёлка": "Ёлка.", "why?": "Why?"} {
		if got := Sentence(in); got != want {
			t.Errorf("Sentence(%q) = %q, want %q", in, got, want)
		}
	}
}
