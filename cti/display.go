package cti

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CleanText makes text from outside (a caller's name or number from the
// phone, an Action URL request or an address book) safe to show on one
// line, in a terminal, a menu or a notification: invalid UTF-8 becomes
// U+FFFD; line breaks and tabs become spaces, other control characters
// (the ESC of escape sequences such as ESC]0;..., BEL, NUL) are dropped, as
// are invisible formatting characters (bidi overrides,
// embeddings and isolates, zero-width spaces), so a name cannot
// reorder or hide the text around it; runs of spaces become one. Zero-width
// joiners stay: emoji sequences and some scripts need them. JSON output and
// the history keep the exact text; this is for showing it.
func CleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r):
			continue
		case r == '\u200c' || r == '\u200d': // ZWNJ, ZWJ
		case unicode.Is(unicode.Cf, r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
