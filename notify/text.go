package notify

import (
	"strings"
	"unicode"
)

// Length limits, in runes, for text sent to the notification server.
const (
	maxSummary = 200
	maxBody    = 2000
	maxShort   = 100
	maxPath    = 4096
)

// cleanText makes s safe for the wire: valid UTF-8, no control characters
// but newline and tab, at most limit runes (cut ones end with "…").
func cleanText(s string, limit int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	n := 0
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			continue
		}
		if n == limit {
			return strings.TrimRightFunc(b.String(), unicode.IsSpace) + "…"
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// escapeMarkup escapes what the notification body markup (a small HTML
// subset) would interpret.
func escapeMarkup(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
