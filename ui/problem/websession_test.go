package problem

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
)

func TestDescribeWebSession(t *testing.T) {
	cases := []struct {
		err        error
		text, hint string
	}{
		{&cti.AuthError{Function: "dologin", TriesLeft: 4, Detail: "wrong4"}, "The phone rejected the password.",
			"4 attempts left before the phone locks the account. Use the phone's admin web password. Phones lock the account after 5 failed logins, so check it before trying again."},
		{fmt.Errorf("3 of 7 Action URL fields written, P8313 not: %w", &cti.AuthError{Function: "dologin", Locked: true}),
			"The phone has locked the account after too many failed logins.", "Wait a few minutes (or restart the phone), check the password, then try once."},
		{&cti.SessionError{Function: "dologin", Reason: cti.SessionNotAllowed, User: "user"}, "The phone does not let the account “user” log in to its web page.",
			"Use the admin account, or allow this one on the phone's web page."},
		{&cti.SessionError{Function: "api.values.post", Reason: cti.SessionExpired}, "The phone ended its web session before the task was done.",
			"Someone may have logged in to the phone's web page with the same account. Try again."},
		{&cti.ValueTooLongError{Key: "P8310", Len: 300}, "The value for P8310 has 300 characters; the phone keeps at most 256.",
			"Use a shorter address for this computer (its IP address instead of a long name)."},
		{cti.ErrActionURLNotKept, "The phone answered that it saved the values but kept the old ones in some fields.",
			"Check the phone's Action URL page; set those fields there by hand if needed."},
		{&cti.MissingFeatureError{Feature: cti.FeatureDND, Err: cti.ErrNotSupported}, "This phone's firmware does not let GXP Tray switch Do Not Disturb.",
			"On most phones the MUTE key of the idle phone switches it."},
		{&cti.MissingFeatureError{Feature: cti.FeatureWebSession, Err: cti.ErrNotSupported}, "This phone's firmware has no web session for GXP Tray to log in to.",
			"Fill in the Action URL fields on the phone's web page by hand: gxptray actionurl prints them."},
		{fmt.Errorf("config_update :dnd: %w", cti.ErrNotKept), "The phone answered that it saved the setting but kept the old value.", ""},
	}
	for _, tc := range cases {
		w := Describe(nil, tc.err)
		if w.Text != tc.text || w.Hint != tc.hint {
			t.Errorf("Describe(%v) = %q / %q; want %q / %q", tc.err, w.Text, w.Hint, tc.text, tc.hint)
		}
		ru := Describe(i18n.New(i18n.Russian), tc.err)
		if ru.Text == w.Text || strings.Contains(ru.Text, "%!") || strings.Contains(ru.Hint, "%!") {
			t.Errorf("Russian words for %v: %q / %q", tc.err, ru.Text, ru.Hint)
		}
	}
}
