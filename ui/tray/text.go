package tray

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gxptray/gxptray/cti"
)

// Label lengths, in characters: a tray menu is no place for paragraphs.
const (
	maxNameLen    = 40
	maxNumberLen  = 32
	maxProblemLen = 90
)

// cleanText makes text from outside (caller names from the phone, error
// texts, the phone's state words) safe for a one-line menu label
// (cti.CleanText: no control or invisible formatting characters such as
// bidi overrides, runs of spaces as one), cut to max characters with an
// ellipsis.
func cleanText(s string, max int) string {
	s = cti.CleanText(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return strings.TrimRightFunc(string(r[:max-1]), unicode.IsSpace) + "…"
}

// phoneHost is the phone address as a person says it: without the scheme
// and the trailing slash.
func phoneHost(addr string) string {
	a := strings.TrimSpace(addr)
	for _, p := range []string{"http://", "https://"} {
		if len(a) >= len(p) && strings.EqualFold(a[:len(p)], p) {
			a = a[len(p):]
			break
		}
	}
	return cleanText(strings.TrimRight(a, "/"), 60)
}
