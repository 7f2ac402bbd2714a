package tray

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Label lengths, in characters: a tray menu is no place for paragraphs.
const (
	maxNameLen    = 40
	maxNumberLen  = 32
	maxProblemLen = 90
)

// cleanText makes text from outside (caller names from the phone, error
// texts, the phone's state words) safe for a one-line menu label: control
// and invisible formatting characters (bidi overrides, zero-width marks)
// are dropped, runs of spaces become one, and the result is cut to max
// characters with an ellipsis.
func cleanText(s string, max int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	out := make([]rune, 0, min(len(s), 4*max))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = len(out) > 0
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, r)
		if len(out) > max {
			break // enough to know it must be cut
		}
	}
	if len(out) > max {
		return strings.TrimRightFunc(string(out[:max-1]), unicode.IsSpace) + "…"
	}
	return string(out)
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
