// Package i18n holds every user-facing text of GXP Tray in English and
// Russian. It has no GUI dependency: the resident tray process and the CLI use
// Catalog directly, the Fyne windows load the same texts through JSON.
//
// Texts live in per-area tables (strings_*.go) so that several areas can add
// keys without editing the same file; the windows' table is in
// strings_window.go, as a _windows.go suffix would build it on Windows only.
// A text may contain fmt verbs; both languages must use the same verbs for the
// same arguments (the package tests enforce it).
package i18n

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Language codes.
const (
	English = "en"
	Russian = "ru"
	// System asks New to follow the user's locale.
	System = "system"
)

// entry is one text: its key and the English and Russian wording.
type entry struct{ key, en, ru string }

// allTables lists every area's table. A new area adds its table here.
func allTables() [][]entry {
	return [][]entry{settingsStrings, trayStrings, notifyStrings, windowStrings, cliStrings, serviceStrings, problemStrings, contactsStrings, webphoneStrings, phonesStrings, phonesUIStrings}
}

// texts is the merged, read-only lookup: key -> language -> text.
type texts struct {
	byLang map[string]map[string]string
	keys   []string
	dups   []string // keys defined more than once (the first definition wins)
}

// merged builds the lookup once; it is never modified afterwards.
var merged = sync.OnceValue(func() *texts { return merge(allTables()) })

func merge(tables [][]entry) *texts {
	t := &texts{byLang: map[string]map[string]string{English: {}, Russian: {}}}
	for _, table := range tables {
		for _, e := range table {
			if _, seen := t.byLang[English][e.key]; seen {
				t.dups = append(t.dups, e.key)
				continue
			}
			t.keys = append(t.keys, e.key)
			t.byLang[English][e.key] = e.en
			if e.ru != "" {
				t.byLang[Russian][e.key] = e.ru
			}
		}
	}
	sort.Strings(t.keys)
	return t
}

// Catalog translates keys into one language. It is immutable and safe for
// concurrent use.
type Catalog struct {
	lang string
}

// New returns the catalog for language: "en", "ru", or "system" (or "") to
// follow the locale environment (LC_ALL, LC_MESSAGES, LANG). Anything that is
// not Russian falls back to English.
func New(language string) *Catalog {
	if language == System || language == "" {
		return &Catalog{lang: systemLanguage()}
	}
	return &Catalog{lang: normalize(language)}
}

// Lang is the catalog's language code: "en" or "ru".
func (c *Catalog) Lang() string { return c.lang }

// T returns the text for key, formatted with args (fmt verbs). A key missing
// in the catalog's language gives the English text; a key missing everywhere
// gives the key itself, so a forgotten entry shows up instead of vanishing.
func (c *Catalog) T(key string, args ...any) string {
	lang := English
	if c != nil {
		lang = c.lang
	}
	return merged().translate(lang, key, args...)
}

// Text is T in English without a Catalog, for error values whose Error()
// must read as a sentence in logs.
func Text(key string, args ...any) string { return merged().translate(English, key, args...) }

func (t *texts) translate(lang, key string, args ...any) string {
	s, ok := t.byLang[lang][key]
	if !ok {
		if s, ok = t.byLang[English][key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// Languages lists the supported language codes, English first.
func Languages() []string { return []string{English, Russian} }

// Keys lists every key, sorted.
func Keys() []string { return slices.Clone(merged().keys) }

// JSON returns the texts of lang as a flat {"key": "text"} object, the format
// fyne.io/fyne/v2/lang.AddTranslationsForLocale reads. Keys without a
// translation carry the English text. An unknown lang gives English.
func JSON(lang string) []byte {
	lang = normalize(lang)
	t := merged()
	out := make(map[string]string, len(t.keys))
	for _, k := range t.keys {
		s, ok := t.byLang[lang][k]
		if !ok {
			s = t.byLang[English][k]
		}
		out[k] = s
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		// A map of strings always encodes.
		panic(err)
	}
	return buf.Bytes()
}

// normalize maps a language code or locale name ("ru", "ru_RU.UTF-8",
// "ru-RU") to "ru", everything else to "en".
func normalize(s string) string {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), Russian) {
		return Russian
	}
	return English
}

// DetectLanguage chooses the language from POSIX locale variables, read with
// getenv: the first non-empty of LC_ALL, LC_MESSAGES and LANG decides; a
// Russian locale ("ru_RU.UTF-8") gives "ru", anything else (including "C")
// "en".
func DetectLanguage(getenv func(string) string) string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			return normalize(s)
		}
	}
	return English
}
