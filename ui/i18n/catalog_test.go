package i18n

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// verb is one formatting directive: which argument (0-based) and which verb.
type verb struct {
	arg  int
	char rune
}

// verbs parses the fmt directives of s in fmt's own way (flags, [n] argument
// indexes, width, precision). It reports malformed directives as errors.
func verbs(s string) ([]verb, error) {
	var out []verb
	rs := []rune(s)
	next := 0
	for i := 0; i < len(rs); i++ {
		if rs[i] != '%' {
			continue
		}
		i++
		if i >= len(rs) {
			return nil, fmt.Errorf("a lone %% at the end")
		}
		if rs[i] == '%' {
			continue
		}
		for i < len(rs) && strings.ContainsRune("+-# 0", rs[i]) {
			i++
		}
		index := func() error {
			if i < len(rs) && rs[i] == '[' {
				j := i + 1
				n := 0
				for j < len(rs) && unicode.IsDigit(rs[j]) {
					n = n*10 + int(rs[j]-'0')
					j++
				}
				if j >= len(rs) || rs[j] != ']' || n == 0 {
					return fmt.Errorf("bad argument index")
				}
				next = n - 1
				i = j + 1
			}
			return nil
		}
		// size reads a width or a precision: an optional [n], then a *
		// (which takes an argument) or digits.
		size := func() error {
			if err := index(); err != nil {
				return err
			}
			if i < len(rs) && rs[i] == '*' {
				out = append(out, verb{next, '*'})
				next++
				i++
			}
			for i < len(rs) && unicode.IsDigit(rs[i]) {
				i++
			}
			return nil
		}
		if err := size(); err != nil {
			return nil, err
		}
		if i < len(rs) && rs[i] == '.' {
			i++
			if err := size(); err != nil {
				return nil, err
			}
		}
		if err := index(); err != nil {
			return nil, err
		}
		if i >= len(rs) || !unicode.IsLetter(rs[i]) {
			return nil, fmt.Errorf("a directive without a verb")
		}
		out = append(out, verb{next, rs[i]})
		next++
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].arg != out[b].arg {
			return out[a].arg < out[b].arg
		}
		return out[a].char < out[b].char
	})
	return out, nil
}

func TestVerbsParser(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		bad  bool
	}{
		{in: "plain", want: "[]"},
		{in: "100%% sure", want: "[]"},
		{in: "Call %s", want: "[{0 115}]"},
		{in: "%s then %d", want: "[{0 115} {1 100}]"},
		{in: "%[2]d then %[1]s", want: "[{0 115} {1 100}]"},
		{in: "%-5.2f", want: "[{0 102}]"},
		{in: "%*d", want: "[{0 42} {1 100}]"},
		{in: "%-*.*f", want: "[{0 42} {1 42} {2 102}]"},
		{in: "oops %", bad: true},
		{in: "%[0]s", bad: true},
	} {
		got, err := verbs(tc.in)
		if tc.bad {
			if err == nil {
				t.Errorf("verbs(%q) = %v, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || fmt.Sprint(got) != tc.want {
			t.Errorf("verbs(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

// keyPattern keeps keys namespaced: a bare word such as "other" or "id" would
// be taken for a plural form by Fyne's translation loader.
var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

func TestEveryEntryIsComplete(t *testing.T) {
	for _, table := range allTables() {
		for _, e := range table {
			if !keyPattern.MatchString(e.key) {
				t.Errorf("key %q: want lowercase dotted words like \"tray.answer\"", e.key)
			}
			if strings.TrimSpace(e.en) == "" {
				t.Errorf("%s: no English text", e.key)
			}
			if strings.TrimSpace(e.ru) == "" {
				t.Errorf("%s: no Russian text", e.key)
			}
			for _, s := range []string{e.en, e.ru} {
				if strings.Contains(s, "{{") {
					t.Errorf("%s: %q contains \"{{\", which Fyne would read as a template", e.key, s)
				}
				if strings.Contains(s, "...") {
					t.Errorf("%s: %q: use the ellipsis character … instead of three dots", e.key, s)
				}
			}
			ev, err := verbs(e.en)
			if err != nil {
				t.Errorf("%s: English %q: %v", e.key, e.en, err)
				continue
			}
			rv, err := verbs(e.ru)
			if err != nil {
				t.Errorf("%s: Russian %q: %v", e.key, e.ru, err)
				continue
			}
			if !slices.Equal(ev, rv) {
				t.Errorf("%s: the English %q and the Russian %q use different fmt verbs", e.key, e.en, e.ru)
			}
		}
	}
}

func TestNoDuplicateKeys(t *testing.T) {
	if d := merged().dups; len(d) > 0 {
		t.Errorf("keys defined more than once: %v", d)
	}
	// The detection itself works.
	m := merge([][]entry{{{"a.b", "x", "х"}}, {{"a.b", "y", "у"}}})
	if !slices.Equal(m.dups, []string{"a.b"}) || m.byLang[English]["a.b"] != "x" {
		t.Errorf("merge of a duplicate: dups %v, text %q", m.dups, m.byLang[English]["a.b"])
	}
}

func TestT(t *testing.T) {
	en, ru := New("en"), New("ru")
	if got := en.T("tray.answer"); got != "Answer" {
		t.Errorf("en tray.answer = %q", got)
	}
	if got := ru.T("tray.answer"); got != "Ответить" {
		t.Errorf("ru tray.answer = %q", got)
	}
	if got := en.T("tray.call", "203"); got != "Call 203" {
		t.Errorf("en tray.call = %q", got)
	}
	if got := ru.T("tray.call", "203"); got != "Позвонить: 203" {
		t.Errorf("ru tray.call = %q", got)
	}
	if got := ru.T("no.such_key", 1); got != "no.such_key" {
		t.Errorf("unknown key = %q, want the key itself", got)
	}
	if got := Text("settings.error.account", 16); !strings.Contains(got, "16") {
		t.Errorf("Text = %q", got)
	}
	var nilCat *Catalog
	if got := nilCat.T("tray.quit"); got != "Quit" {
		t.Errorf("nil catalog = %q, want English", got)
	}
}

func TestMissingRussianFallsBackToEnglish(t *testing.T) {
	// The real tables are complete (TestEveryEntryIsComplete): use one with a hole.
	m := merge([][]entry{{{"x.only_en", "English only", ""}}})
	if _, ok := m.byLang[Russian]["x.only_en"]; ok {
		t.Fatal("an empty Russian text was stored")
	}
	if got := m.translate(Russian, "x.only_en"); got != "English only" {
		t.Errorf("Russian lookup of an English-only key = %q, want the English text", got)
	}
}

func TestNew(t *testing.T) {
	for in, want := range map[string]string{
		"en": "en", "ru": "ru", "ru_RU.UTF-8": "ru", "RU-ru": "ru", "de": "en", "bogus": "en",
	} {
		if got := New(in).Lang(); got != want {
			t.Errorf("New(%q).Lang() = %q, want %q", in, got, want)
		}
	}
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "ru_RU.UTF-8")
	t.Setenv("LANG", "en_US.UTF-8")
	if got := New("system").Lang(); got != "ru" {
		t.Errorf("New(system) with LC_MESSAGES=ru_RU = %q, want ru", got)
	}
	if got := New("").Lang(); got != "ru" {
		t.Errorf("New(\"\") = %q, want the system language ru", got)
	}
}

func TestDetectLanguage(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "en"},
		{map[string]string{"LANG": "ru_RU.UTF-8"}, "ru"},
		{map[string]string{"LANG": "ru_UA.UTF-8"}, "ru"},
		{map[string]string{"LANG": "C.UTF-8"}, "en"},
		{map[string]string{"LANG": "de_DE.UTF-8"}, "en"},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "ru_RU.UTF-8"}, "ru"},
		{map[string]string{"LANG": "ru_RU.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"},
		{map[string]string{"LANG": "ru_RU.UTF-8", "LC_ALL": "C"}, "en"},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_ALL": "ru_RU.KOI8-R"}, "ru"},
	} {
		got := DetectLanguage(func(k string) string { return tc.env[k] })
		if got != tc.want {
			t.Errorf("DetectLanguage(%v) = %q, want %q", tc.env, got, tc.want)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	keys := Keys()
	if len(keys) == 0 || !sort.StringsAreSorted(keys) {
		t.Fatalf("Keys() = %d keys, sorted %v", len(keys), sort.StringsAreSorted(keys))
	}
	for _, lang := range Languages() {
		var m map[string]string
		if err := json.Unmarshal(JSON(lang), &m); err != nil {
			t.Fatalf("JSON(%s) is not a flat string map: %v", lang, err)
		}
		if len(m) != len(keys) {
			t.Errorf("JSON(%s) has %d keys, want %d", lang, len(m), len(keys))
		}
		c := New(lang)
		for _, k := range keys {
			if m[k] != c.T(k) {
				t.Errorf("JSON(%s)[%s] = %q, catalog says %q", lang, k, m[k], c.T(k))
			}
		}
	}
	var ru map[string]string
	_ = json.Unmarshal(JSON("ru"), &ru)
	if ru["tray.settings"] != "Настройки…" {
		t.Errorf("JSON(ru)[tray.settings] = %q", ru["tray.settings"])
	}
	if !strings.Contains(string(JSON("ru")), "Настройки…") {
		t.Error("JSON escapes non-ASCII text; want it readable")
	}
}

func TestKeysIsACopy(t *testing.T) {
	k := Keys()
	k[0] = "changed"
	if Keys()[0] == "changed" {
		t.Error("Keys returned the internal slice")
	}
}
