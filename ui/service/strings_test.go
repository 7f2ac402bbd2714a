package service

import (
	"regexp"
	"slices"
	"testing"

	"github.com/gxptray/gxptray/ui/i18n"
)

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

func TestServiceStrings(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range serviceStrings {
		if seen[e.key] {
			t.Errorf("key %q defined twice", e.key)
		}
		seen[e.key] = true
		if e.en == "" || e.ru == "" {
			t.Errorf("key %q lacks a language", e.key)
		}
		if en, ru := verb.FindAllString(e.en, -1), verb.FindAllString(e.ru, -1); !slices.Equal(en, ru) {
			t.Errorf("key %q: verbs %v in English, %v in Russian", e.key, en, ru)
		}
		// Merged into the shared catalog or not, the key must mean the same.
		if got := i18n.New("en").T(e.key); got != e.key && got != e.en {
			t.Errorf("key %q means %q in the shared catalog, %q here", e.key, got, e.en)
		}
	}
	for _, key := range []string{msgIncomingCall, msgMissedCall} {
		if got := i18n.New("en").T(key); got == key {
			t.Errorf("shared key %q is missing from ui/i18n", key)
		}
	}
}

func TestTranslateFallsBackToOwnTable(t *testing.T) {
	ru := i18n.New("ru")
	if got := translate(ru, msgDialingKeys, "203", 1, 4); got != "Набор 203 (клавиша 1 из 4)" {
		t.Errorf("ru: %q", got)
	}
	if got := translate(i18n.New("en"), msgNoPhone); got != "Set the phone address in Settings" {
		t.Errorf("en: %q", got)
	}
	if got := translate(ru, msgIncomingCall); got != "Входящий вызов" {
		t.Errorf("shared key in ru: %q", got)
	}
}
