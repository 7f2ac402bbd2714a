package windows

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
)

func TestErrText(t *testing.T) {
	en := &Env{Catalog: i18n.New("en")}
	ru := &Env{Catalog: i18n.New("ru")}
	wire := &localapi.Error{Kind: localapi.KindInvalidNumber, Message: `not a phone number: "abc" contains letters`}
	// As the tray process sends it: with its words, in the user's language.
	worded := &localapi.Error{Kind: localapi.KindInvalidNumber, Message: `not a phone number: "abc" contains letters`,
		Text: "«abc» — не номер телефона (contains letters).", Hint: ""}
	for _, tc := range []struct {
		err    error
		en, ru string
	}{
		{localapi.ErrNotRunning, "GXP Tray is not running. Start it from the applications menu.", "GXP Tray не запущен"},
		{fmt.Errorf("dial: %w", localapi.ErrBusy), "Another dial is still in progress.", "Ещё идёт предыдущий набор"},
		{wire, `Not a phone number: "abc" contains letters.`, `Not a phone number: "abc" contains letters.`},
		{worded, "«abc» — не номер телефона", "«abc» — не номер телефона"},
		{&cti.NumberError{Text: "abc", Reason: "contains letters"}, "“abc” is not a phone number (contains letters).", "«abc» — не номер телефона (contains letters)."},
		{&localapi.Error{Kind: localapi.KindUnauthorized, Message: "api-get_line_status: the phone rejected the passcode"}, "rejected the password", "отклонил пароль"},
		{context.DeadlineExceeded, "took too long to answer", "слишком долго не отвечал"},
		{fmt.Errorf("boom\nsecond line"), "Boom", "Boom"},
	} {
		if got := en.errText(tc.err); !strings.Contains(got, tc.en) || strings.Contains(got, "\n") {
			t.Errorf("en %v: %q", tc.err, got)
		}
		if got := ru.errText(tc.err); !strings.Contains(got, tc.ru) {
			t.Errorf("ru %v: %q", tc.err, got)
		}
	}
}

func TestTitlesAreTranslatedAndDistinct(t *testing.T) {
	for _, lang := range i18n.Languages() {
		cat := i18n.New(lang)
		seen := map[string]string{}
		for _, w := range Names() {
			title := Title(cat, w)
			if strings.HasPrefix(title, "window.") {
				t.Errorf("%s %s: missing text %q", lang, w, title)
			}
			if other, dup := seen[title]; dup {
				t.Errorf("%s: %s and %s share the title %q", lang, w, other, title)
			}
			seen[title] = w
		}
	}
	en := i18n.New("en")
	for w, want := range map[string]string{WindowDialPad: "GXP Tray — Dial pad", WindowSettings: "GXP Tray — Settings",
		WindowPopup: "Incoming call", WindowHistory: "GXP Tray — Recent calls", WindowMain: "GXP Tray"} {
		if got := Title(en, w); got != want {
			t.Errorf("title of %s = %q, want %q", w, got, want)
		}
	}
}

func TestRunRejectsBadArguments(t *testing.T) {
	if err := Run("nope", nil, nil, Options{Language: "en"}); err == nil {
		t.Fatal("unknown window accepted")
	}
	if err := Run(WindowPopup, []string{"--line", "zero"}, nil, Options{Language: "en"}); err == nil {
		t.Fatal("bad popup line accepted")
	}
}

func TestNilClientMeansNotRunning(t *testing.T) {
	var c *localapi.Client
	env, q := newEnv(t, nil, "en")
	env.API = c
	d := NewDialPad(env)
	closeAtEnd(t, q, d)
	q.waitFor(t, "the message", func() bool { return strings.Contains(d.Status.Text, "not running") })
}
