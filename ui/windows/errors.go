package windows

import (
	"strings"

	"github.com/gxptray/gxptray/ui/localapi"
	words "github.com/gxptray/gxptray/ui/problem"
)

var errNotRunning = localapi.ErrNotRunning

// errText is an error as one line for a window: ui/problem's words, the
// same as the command line's and the notifications' (for errors from the
// tray process, the words it sent with them).
func (e *Env) errText(err error) string {
	if err == nil {
		return ""
	}
	return firstLine(words.Describe(e.Catalog, err).Text)
}

// firstLine keeps a window from growing with a multi-line error; long
// messages are cut.
func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	const max = 300
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return s
}
