package cti

import "testing"

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"Ivan Petrov":                    "Ivan Petrov",
		"Виталик":                        "Виталик",
		"\x1b]0;pwned\x07Bank security":  "]0;pwnedBank security",
		"Bank\r\nsecurity\tdept":         "Bank security dept",
		"\u202eytiruces knaB\u202c":      "ytiruces knaB",
		"a\u2066b\u2069c\u200bd\u200ee":  "abcde",
		"👩\u200d💻 dev":                   "👩\u200d💻 dev",
		"  spaced   out  ":               "spaced out",
		"bad\xffutf8":                    "bad\uFFFDutf8",
		"\u009b31mC1 control":            "31mC1 control",
		"\u0085next\u2028line\u2029para": "next line para",
		"\x1b[2J\x1b[31mred\x1b[0m":      "[2J[31mred[0m",
		"":                               "",
	} {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzCleanText(f *testing.F) {
	f.Add("\x1b]0;x\x07\u202e\nname")
	f.Fuzz(func(t *testing.T, s string) {
		out := CleanText(s)
		for _, r := range out {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u202e' || r == '\u2066' || r == '\n' {
				t.Fatalf("CleanText(%q) = %q keeps %U", s, out, r)
			}
		}
		if CleanText(out) != out {
			t.Fatalf("not idempotent on %q", s)
		}
	})
}
