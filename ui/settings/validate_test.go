package settings

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/ui/i18n"
)

// wantInvalid checks that err is a validation error with the message key,
// and that the message reads as a sentence in both languages.
func wantInvalid(t *testing.T, what string, err error, key string) {
	t.Helper()
	var inv *Invalid
	if !errors.As(err, &inv) {
		t.Errorf("%s: got %v, want a validation error %s", what, err, key)
		return
	}
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("%s: errors.Is(err, ErrInvalid) is false", what)
	}
	if inv.Key != key {
		t.Errorf("%s: message %s (%q), want %s", what, inv.Key, err, key)
	}
	en, ru := err.Error(), inv.Text(i18n.New("ru"))
	if en == inv.Key || ru == inv.Key || en == ru || strings.Contains(en+ru, "%!") {
		t.Errorf("%s: untranslated or badly formatted message: en %q, ru %q", what, en, ru)
	}
}

// checkText checks the validator fn (called name): every good value
// passes, every bad one is refused with its message key (wantInvalid).
func checkText(t *testing.T, name string, fn func(string) error, good []string, bad map[string]string) {
	t.Helper()
	for _, v := range good {
		if err := fn(v); err != nil {
			t.Errorf("%s(%q) = %v", name, v, err)
		}
	}
	for in, key := range bad {
		wantInvalid(t, name+"("+in+")", fn(in), key)
	}
}

func TestValidatePhone(t *testing.T) {
	good := map[string][2]string{ // input -> scheme, hostport
		"192.168.1.20":              {"", "192.168.1.20"},
		" 192.168.1.20 ":            {"", "192.168.1.20"},
		"192.168.1.20:8080":         {"", "192.168.1.20:8080"},
		"phone.lan":                 {"", "phone.lan"},
		"phone.lan.":                {"", "phone.lan."},
		"gxp2170":                   {"", "gxp2170"},
		"http://192.168.1.20":       {"http", "192.168.1.20"},
		"HTTPS://phone.lan:8443/":   {"https", "phone.lan:8443"},
		"https://[fe80::1]:443":     {"https", "[fe80::1]:443"},
		"[2001:db8::5]":             {"", "[2001:db8::5]"},
		"2001:db8::5":               {"", "[2001:db8::5]"},
		"my-phone-1.office.example": {"", "my-phone-1.office.example"},
	}
	for in, want := range good {
		scheme, hp, err := ParsePhone(in)
		if err != nil || scheme != want[0] || hp != want[1] {
			t.Errorf("ParsePhone(%q) = %q, %q, %v; want %q, %q", in, scheme, hp, err, want[0], want[1])
		}
		if err := ValidatePhone(in); err != nil {
			t.Errorf("ValidatePhone(%q) = %v", in, err)
		}
	}
	bad := map[string]string{
		"":                                  "settings.error.phone.empty",
		"   ":                               "settings.error.phone.empty",
		"http://":                           "settings.error.phone.empty",
		"ftp://phone":                       "settings.error.phone.scheme",
		"javascript://alert(1)":             "settings.error.phone.scheme",
		"admin:secret@192.168.1.20":         "settings.error.phone.userinfo",
		"http://admin:secret@192.168.1.20/": "settings.error.phone.userinfo",
		"192.168.1.20/cgi-bin/api":          "settings.error.phone.path",
		"192.168.1.20?passcode=x":           "settings.error.phone.path",
		"192.168.1.20#x":                    "settings.error.phone.path",
		"192.168.1.20:0":                    "settings.error.port",
		"192.168.1.20:65536":                "settings.error.port",
		"192.168.1.20:":                     "settings.error.port",
		"192.168.1.20:http":                 "settings.error.port",
		"192.168.1.20:+80":                  "settings.error.port",
		"999.168.1.20":                      "settings.error.host",
		"1.2.3":                             "settings.error.host",
		"phone_1.lan":                       "settings.error.host",
		"-phone.lan":                        "settings.error.host",
		"phone..lan":                        "settings.error.host",
		"phone lan":                         "settings.error.host",
		"[fe80::1":                          "settings.error.host",
		"[1.2.3.4]":                         "settings.error.host",
		"fe80::zz":                          "settings.error.host",
		"телефон.lan":                       "settings.error.host",
		"192.168.1.20\n":                    "", // trailing newline is trimmed: valid
		"192.168\x00.1.20":                  "settings.error.control",
		strings.Repeat("a", 300):            "settings.error.too_long",
		strings.Repeat("a", 64) + ".lan":    "settings.error.host",
	}
	for in, key := range bad {
		err := ValidatePhone(in)
		if key == "" {
			if err != nil {
				t.Errorf("ValidatePhone(%q) = %v, want valid", in, err)
			}
			continue
		}
		wantInvalid(t, "ValidatePhone("+in+")", err, key)
	}
	// The refused value is quoted back, safely.
	err := ValidatePhone("bad_host\x1b[31m")
	if err == nil || strings.ContainsRune(err.Error(), 0x1b) {
		t.Errorf("ValidatePhone with an escape sequence = %q", err)
	}
	if err := ValidatePhone("999.1.1.1"); err == nil || !strings.Contains(err.Error(), "999.1.1.1") {
		t.Errorf("the message does not name the bad host: %v", err)
	}
}

func TestValidateEnums(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fn    func(string) error
		good  []string
		bad   []string
		field Field
	}{
		{"tls_mode", ValidateTLSMode, []string{"pin", "ca"}, []string{"", "PIN", "none", "insecure"}, FieldTLSMode},
		{"dial_method", ValidateDialMethod, []string{"auto", "make_call", "keys"}, []string{"", "Auto", "send_key"}, FieldDialMethod},
		{"popup", ValidatePopup, []string{"auto", "on", "off"}, []string{"", "yes", "true"}, FieldPopup},
		{"screen_pop_on", ValidateScreenPopOn, []string{"off", "ring", "answer"}, []string{"", "always"}, FieldScreenPopOn},
		{"language", ValidateLanguage, []string{"system", "en", "ru"}, []string{"", "de", "RU", "ru_RU"}, FieldLanguage},
	} {
		for _, v := range tc.good {
			if err := tc.fn(v); err != nil {
				t.Errorf("%s %q: %v", tc.name, v, err)
			}
		}
		for _, v := range tc.bad {
			err := tc.fn(v)
			wantInvalid(t, tc.name+" "+v, err, "settings.error.choice")
			var inv *Invalid
			if errors.As(err, &inv) && inv.Field != tc.field {
				t.Errorf("%s %q: field %s", tc.name, v, inv.Field)
			}
		}
	}
	// The message lists what is allowed.
	if err := ValidateDialMethod("x"); !strings.Contains(err.Error(), "auto, make_call, keys") {
		t.Errorf("message %q does not list the choices", err)
	}
}

func TestValidatePinnedCert(t *testing.T) {
	hexFP := strings.Repeat("ab", 32)
	colons := strings.TrimSuffix(strings.Repeat("AB:", 32), ":")
	for _, v := range []string{"", hexFP, strings.ToUpper(hexFP), colons} {
		if err := ValidatePinnedCert(v); err != nil {
			t.Errorf("ValidatePinnedCert(%q) = %v", v, err)
		}
	}
	for _, v := range []string{"abc", hexFP + "00", strings.Repeat("zz", 32), strings.Repeat("ab", 20)} {
		wantInvalid(t, "pinned "+v, ValidatePinnedCert(v), "settings.error.pinned_cert")
	}
	if got := NormalizeFingerprint(" " + colons + " "); got != hexFP {
		t.Errorf("NormalizeFingerprint(colons) = %q, want %q", got, hexFP)
	}
	if got := NormalizeFingerprint("not a fingerprint"); got != "not a fingerprint" {
		t.Errorf("NormalizeFingerprint(text) = %q", got)
	}
}

func TestValidateAccount(t *testing.T) {
	for _, n := range []int{0, 1, 6, MaxAccount} {
		if err := ValidateAccount(n); err != nil {
			t.Errorf("ValidateAccount(%d) = %v", n, err)
		}
	}
	for _, n := range []int{-1, MaxAccount + 1, 1000} {
		err := ValidateAccount(n)
		wantInvalid(t, "account", err, "settings.error.account")
		if err != nil && !strings.Contains(err.Error(), "16") {
			t.Errorf("message %q does not say the maximum", err)
		}
	}
}

func TestValidateDialPrefixAndPlus(t *testing.T) {
	for _, v := range []string{"", "9", "0", "*72#", "12345678"} {
		if err := ValidateDialPrefix(v); err != nil {
			t.Errorf("ValidateDialPrefix(%q) = %v", v, err)
		}
	}
	for _, v := range []string{"123456789", "9,", "+", "a", "9 ", "٩"} {
		wantInvalid(t, "prefix "+v, ValidateDialPrefix(v), "settings.error.dial_prefix")
	}
	for _, v := range []string{"", "00", "8", "810"} {
		if err := ValidatePlusReplacement(v); err != nil {
			t.Errorf("ValidatePlusReplacement(%q) = %v", v, err)
		}
	}
	for _, v := range []string{"+", "*", "#", "0a", "1234567"} {
		wantInvalid(t, "plus "+v, ValidatePlusReplacement(v), "settings.error.plus_replacement")
	}
}

func TestValidatePollInterval(t *testing.T) {
	good := map[string]time.Duration{
		"1s": time.Second, "250ms": 250 * time.Millisecond, "10s": 10 * time.Second,
		" 1.5s ": 1500 * time.Millisecond, "2": 2 * time.Second, "0.5": 500 * time.Millisecond,
	}
	for in, want := range good {
		got, err := ValidatePollInterval(in)
		if err != nil || got != want {
			t.Errorf("ValidatePollInterval(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for in, key := range map[string]string{
		"":      "settings.error.poll_interval.syntax",
		"fast":  "settings.error.poll_interval.syntax",
		"1 sec": "settings.error.poll_interval.syntax",
		"NaN":   "settings.error.poll_interval.syntax",
		"1e300": "settings.error.poll_interval.syntax",
		"100ms": "settings.error.poll_interval.range",
		"0":     "settings.error.poll_interval.range",
		"-1s":   "settings.error.poll_interval.range",
		"11s":   "settings.error.poll_interval.range",
		"1h":    "settings.error.poll_interval.range",
	} {
		_, err := ValidatePollInterval(in)
		wantInvalid(t, "poll "+in, err, key)
	}
	_, err := ValidatePollInterval("20s")
	if err == nil || !strings.Contains(err.Error(), "250ms") || !strings.Contains(err.Error(), "10s") {
		t.Errorf("range message %q does not give the range", err)
	}
}

func TestValidatePushListen(t *testing.T) {
	checkText(t, "ValidatePushListen", ValidatePushListen, []string{"", ":8765", "0.0.0.0:8765", "192.168.1.10:80", "[::]:8765", "localhost:8765"}, map[string]string{
		"8765":             "settings.error.push_listen",
		"0.0.0.0":          "settings.error.push_listen",
		"0.0.0.0:0":        "settings.error.port",
		"0.0.0.0:99999":    "settings.error.port",
		"0.0.0.0:":         "settings.error.port",
		"bad_host:8765":    "settings.error.host",
		"http://x:8765":    "settings.error.push_listen",
		"0.0.0.0:87\n65":   "settings.error.push_listen",
		"::1:8765":         "settings.error.push_listen",
		"999.0.0.1:8765":   "settings.error.host",
		"host:8765:extra1": "settings.error.push_listen",
	})
}

func TestValidateScreenPopURL(t *testing.T) {
	checkText(t, "ValidateScreenPopURL", ValidateScreenPopURL, []string{
		"",
		"https://crm.example/search?q={number}",
		"http://10.0.0.5:8080/pop?n={number}&who={name}",
		"https://crm.example/contacts/{number}",
		"https://crm.example/",
	}, map[string]string{
		"crm.example/search?q={number}":          "settings.error.screen_pop_url.scheme",
		"javascript:alert({number})":             "settings.error.screen_pop_url.scheme",
		"file:///etc/passwd":                     "settings.error.screen_pop_url.scheme",
		"ftp://crm.example/{number}":             "settings.error.screen_pop_url.scheme",
		"https://crm.example/?q={phone}":         "settings.error.screen_pop_url.placeholder",
		"https://crm.example/?q={NUMBER}":        "settings.error.screen_pop_url.placeholder",
		"https:///path?q={number}":               "settings.error.screen_pop_url.syntax",
		"http:crm.example":                       "settings.error.screen_pop_url.syntax",
		"https://crm.example/%zz":                "settings.error.screen_pop_url.syntax",
		"https://crm.example/\n{number}":         "settings.error.control",
		"https://x/" + strings.Repeat("a", 3000): "settings.error.too_long",
	})
	if err := ValidateScreenPopURL("https://x/?q={who}"); err == nil || !strings.Contains(err.Error(), "{who}") {
		t.Errorf("the message does not name the unknown placeholder: %v", err)
	}
}

func TestScreenPopLink(t *testing.T) {
	got, err := ScreenPopLink("https://crm.example/search?q={number}&n={name}", "+7 (495) 123", "A&b=c Виталик")
	if err != nil {
		t.Fatal(err)
	}
	want := "https://crm.example/search?q=%2B7%20%28495%29%20123&n=A%26b%3Dc%20%D0%92%D0%B8%D1%82%D0%B0%D0%BB%D0%B8%D0%BA"
	if got != want {
		t.Errorf("ScreenPopLink = %q\nwant            %q", got, want)
	}
	got, err = ScreenPopLink("https://crm.example/contacts/{number}", "../../admin?x", "")
	if err != nil || got != "https://crm.example/contacts/..%2F..%2Fadmin%3Fx" {
		t.Errorf("a number cannot leave its path segment: %q, %v", got, err)
	}
	if _, err := ScreenPopLink("javascript:{number}", "1", ""); err == nil {
		t.Error("ScreenPopLink accepted a javascript: template")
	}
}

func TestValidateHotkeySyntax(t *testing.T) {
	checkText(t, "ValidateHotkeySyntax", ValidateHotkeySyntax, []string{"", "Ctrl+Shift+D", "ctrl+alt+1", "Super+F12", "Control + Shift + Space", "Cmd+Option+K", "Alt+PageDown"}, map[string]string{
		"D":                 "settings.error.hotkey.modifier",
		"Ctrl+Shift":        "settings.error.hotkey.modifier",
		"Ctrl+":             "settings.error.hotkey.syntax",
		"+D":                "settings.error.hotkey.syntax",
		"Ctrl++":            "settings.error.hotkey.syntax",
		"Ctrl+A+B":          "settings.error.hotkey.syntax",
		"Ctrl+Ctrl+D":       "settings.error.hotkey.repeat",
		"Shift+D":           "settings.error.hotkey.unusable",
		"Ctrl+Control+D":    "settings.error.hotkey.repeat",
		"Ctrl+Shift+Щ":      "settings.error.hotkey.key",
		"Ctrl+F25":          "settings.error.hotkey.key",
		"Ctrl+F0":           "settings.error.hotkey.key",
		"Ctrl+Shift+Banana": "settings.error.hotkey.key",
		"Ctrl+\tD":          "settings.error.hotkey.syntax",
	})
}

func TestDefaultsAreValid(t *testing.T) {
	d := Defaults()
	if p := d.Validate(); len(p) != 0 {
		t.Fatalf("Defaults() has problems: %v", p.Err())
	}
	if d.PollInterval.Duration() != time.Second || !d.Notifications || d.Beep || d.Hotkey != "Ctrl+Shift+D" ||
		d.TLSMode != TLSPin || d.DialMethod != DialAuto || d.Popup != PopupAuto || d.ScreenPopOn != ScreenPopOff ||
		d.Language != LanguageSystem || d.Phone != "" {
		t.Errorf("Defaults() = %+v", d)
	}
}

func TestValidateAll(t *testing.T) {
	s := Defaults()
	s.Phone = "ftp://x"
	s.Account = -2
	s.DialPrefix = "9a"
	s.PollInterval = Duration(time.Minute)
	s.ScreenPopOn = ScreenPopRing // with no URL
	p := s.Validate()
	want := []Field{FieldAccount, FieldDialPrefix, FieldPhone, FieldPollInterval, FieldScreenPopURL}
	if got := p.Fields(); strings.Join(fieldStrings(got), ",") != strings.Join(fieldStrings(want), ",") {
		t.Errorf("Validate fields = %v, want %v", got, want)
	}
	wantInvalid(t, "screen pop without URL", p[FieldScreenPopURL], "settings.error.screen_pop_url.missing")
	err := p.Err()
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "dial_prefix: ") {
		t.Errorf("Problems.Err() = %v", err)
	}
	if Problems(nil).Err() != nil || (Problems{}).Err() != nil {
		t.Error("no problems must give a nil error")
	}
	ru := Message(p[FieldAccount], i18n.New("ru"))
	if !strings.Contains(ru, "Учётная запись") {
		t.Errorf("Message in Russian = %q", ru)
	}
	if got := Message(errors.New("plain"), i18n.New("ru")); got != "plain" {
		t.Errorf("Message of a plain error = %q", got)
	}
}

func fieldStrings(fs []Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f)
	}
	return out
}

func TestEveryFieldHasALabel(t *testing.T) {
	keys := map[string]bool{}
	for _, k := range i18n.Keys() {
		keys[k] = true
	}
	for _, f := range allFields() {
		if !keys[f.Label()] {
			t.Errorf("field %s: no label %s in ui/i18n", f, f.Label())
		}
	}
}

func TestNormalized(t *testing.T) {
	s := Defaults()
	s.Phone = "  192.168.1.20 "
	s.Hotkey = " Ctrl+Shift+D\t"
	s.PinnedCert = strings.TrimSuffix(strings.Repeat("0A:", 32), ":")
	n := s.Normalized()
	if n.Phone != "192.168.1.20" || n.Hotkey != "Ctrl+Shift+D" || n.PinnedCert != strings.Repeat("0a", 32) {
		t.Errorf("Normalized = %+v", n)
	}
}
