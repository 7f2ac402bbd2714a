package cti

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeAccepts(t *testing.T) {
	cases := map[string]string{
		"+7 (495) 123-45-67":                        "+74951234567",
		"tel:+1-555-0100":                           "+15550100",
		"TEL:+1-555-0100":                           "+15550100",
		"Tel: +1 555 0100":                          "+15550100",
		"callto:+15550100":                          "+15550100",
		"callto://+15550100":                        "+15550100",
		"sip:203@pbx":                               "203",
		"sips:203@pbx.example.com;transport=tls":    "203",
		"sip:+15550100@pbx;user=phone":              "+15550100",
		"sip:%2B15550100@pbx":                       "+15550100",
		"sip:203:secret@pbx":                        "203",
		"Alice <sip:203@pbx>":                       "203",
		"<tel:+15550100>":                           "+15550100",
		"8 800 555 35 35":                           "88005553535",
		"203":                                       "203",
		" 203\n":                                    "203",
		"tel:+1-555-0100;ext=12":                    "+15550100,12",
		"tel:+1-555-0100;phone-context=example.com": "+15550100",
		"tel:%2B1-555-0100":                         "+15550100",
		"+1 555 0100 ext. 12":                       "+15550100,12",
		"+1 555 0100 ext 12":                        "+15550100,12",
		"+1 555 0100, ext. 12":                      "+15550100,12",
		"+1 555 0100 x12":                           "+15550100,12",
		"+1-555-0100x12":                            "+15550100,12",
		"+1 555 0100 extension 12":                  "+15550100,12",
		"+7 495 123-45-67 доб. 123":                 "+74951234567,123",
		"+15550100,12":                              "+15550100,12",
		"+15550100,,12#":                            "+15550100,,12#",
		"+7\u00a0495\u00a0123\u00a045\u00a067":      "+74951234567",
		"+7\u202f495\u2009123\u201145\u201367":      "+74951234567",
		"＋７（４９５）１２３－４５－６７":             "+74951234567",
		"\u200e+7 495 123 45 67\u200f": "+74951234567",
		"\ufeff203":                    "203",
		"٢٠٣":                          "203",
		"*72":                          "*72",
		"*72#":                         "*72#",
		"555.010.0100":                 "5550100100",
		"(555) 010/0100":               "5550100100",
		"[0]12 345":                    "012345",
		"+44 (0)20 7946 0000":          "+4402079460000",
	}
	for in, want := range cases {
		got, err := NumberRules{}.Normalize(in)
		if err != nil || got.String() != want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestNormalizeRefuses(t *testing.T) {
	cases := map[string]string{
		"":                                "empty",
		"   ":                             "empty",
		"call me":                         "contains letters",
		"abc":                             `"abc" contains letters`,
		"Phone: 203":                      "contains letters",
		strings.Repeat("1", 33):           "more than 32 digits",
		"++7 495":                         "more than one +",
		"7+7":                             "not at the start",
		"#31#+15550100":                   "not at the start",
		"+":                               "no digits",
		"+*72":                            "not followed by digits",
		"---":                             "no digits",
		"sip:alice@pbx":                   `user "alice" is not a number`,
		"sip:pbx.example.com":             "not a number",
		"203\x00":                         "control characters",
		"20\t3":                           "control characters",
		"2\x1b[31m03":                     "control characters",
		strings.Repeat(" ", 260) + "2037": "too long",
		"tel:%zz":                         "percent-encoding",
		"203 ext. 12345678901234567":      "contains letters",
		"5550100,1234567890123456789":     "extension longer",
		"203!":                            `contains '!'`,
		"mailto:a@b":                      "contains letters",
		"\xff\xfe":                        "not valid text",
	}
	for in, want := range cases {
		got, err := NumberRules{}.Normalize(in)
		if !errors.Is(err, ErrInvalidNumber) || !strings.Contains(err.Error(), want) {
			t.Errorf("Normalize(%q) = %q, %v; want ErrInvalidNumber saying %q", in, got, err, want)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "not a phone number: ") {
			t.Errorf("Normalize(%q) error %q does not start with the sentinel text", in, err)
		}
	}
}

func TestNormalizeRules(t *testing.T) {
	cases := []struct {
		rules NumberRules
		in    string
		want  string
	}{
		{NumberRules{Prefix: "9"}, "555 0100", "95550100"},
		{NumberRules{Prefix: "9"}, "203", "203"},                   // internal extension
		{NumberRules{Prefix: "9"}, "2030", "2030"},                 // up to 4 digits: internal
		{NumberRules{Prefix: "9"}, "*72", "*72"},                   // feature code
		{NumberRules{Prefix: "9"}, "+74951234567", "+74951234567"}, // + stays first
		{NumberRules{Prefix: "9", PlusReplacement: "00"}, "+7 495 123-45-67", "90074951234567"},
		{NumberRules{PlusReplacement: "8"}, "+7 495 123-45-67", "874951234567"},
		{NumberRules{PlusReplacement: "00"}, "203", "203"},
		{NumberRules{Prefix: "9", InternalDigits: -1}, "203", "9203"},
		{NumberRules{Prefix: "9", InternalDigits: 6}, "55501", "55501"},
		{NumberRules{Prefix: "0"}, "+1 555 0100 x12", "+15550100,12"},
		{NumberRules{Prefix: "9", PlusReplacement: "011"}, "tel:+1-555-0100;ext=12", "901115550100,12"},
	}
	for _, tc := range cases {
		got, err := tc.rules.Normalize(tc.in)
		if err != nil || got.String() != tc.want {
			t.Errorf("%+v.Normalize(%q) = %q, %v; want %q", tc.rules, tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []NumberRules{{Prefix: "9a"}, {Prefix: "123456789"}, {PlusReplacement: "+"}, {PlusReplacement: "*"}} {
		if _, err := bad.Normalize("203"); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%+v: %v, want ErrInvalidConfig", bad, err)
		}
	}
}

// Normalize is idempotent under every rule: the history keeps the number as
// the phone dialed it (prefix included), and a call back dials it unchanged.
func TestNormalizeIdempotentWithPrefix(t *testing.T) {
	for _, rules := range []NumberRules{{Prefix: "9"}, {Prefix: "9", PlusReplacement: "00"}, {Prefix: "0", PlusReplacement: "8"}, {Prefix: "*9"}, {PlusReplacement: "8"}} {
		for _, in := range []string{"555 0100", "+7 495 123-45-67", "tel:+1-555-0100;ext=12", "203", "*72", "8 800 555 35 35"} {
			once, err := rules.Normalize(in)
			if err != nil {
				t.Fatalf("%+v.Normalize(%q): %v", rules, in, err)
			}
			twice, err := rules.Normalize(once.String())
			if err != nil || twice != once {
				t.Errorf("%+v: Normalize(%q) = %q, then %q, %v", rules, in, once, twice, err)
			}
		}
	}
	// The cost, documented: a number that begins with the prefix digits is
	// taken as prefixed already.
	if got, _ := (NumberRules{Prefix: "9"}).Normalize("916 123 45 67"); got.String() != "9161234567" {
		t.Errorf("Normalize(916…) = %q", got)
	}
}

// Every accepted output is dialable: what Dial and MakeCall take.
func TestNormalizeOutputIsDialable(t *testing.T) {
	for _, in := range []string{"+7 (495) 123-45-67", "tel:+1-555-0100;ext=12", "*72#", "8 800 555 35 35", "+15550100,,12#"} {
		out, err := NumberRules{Prefix: "9"}.Normalize(in)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkDialable(out.String()); err != nil {
			t.Errorf("Normalize(%q) = %q which is not dialable: %v", in, out, err)
		}
	}
}
