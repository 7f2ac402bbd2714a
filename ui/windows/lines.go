package windows

import (
	"github.com/gxptray/gxptray/cti"
	words "github.com/gxptray/gxptray/ui/problem"
)

// inCall reports whether a call is up that keys and "Hang up" apply to: any
// busy line that is not merely ringing.
func inCall(lines []cti.Line) bool {
	for _, l := range lines {
		if l.State.Busy() && l.State != cti.StateRinging {
			return true
		}
	}
	return false
}

// holdable reports whether "Hold" means anything: a connected or held call.
func holdable(lines []cti.Line) bool {
	for _, l := range lines {
		if l.State == cti.StateConnected || l.State == cti.StateOnHold {
			return true
		}
	}
	return false
}

// onHoldOnly: a call is on hold and none is connected, so the hold key
// resumes (as the tray menu says).
func onHoldOnly(lines []cti.Line) bool {
	held := false
	for _, l := range lines {
		switch l.State {
		case cti.StateConnected:
			return false
		case cti.StateOnHold:
			held = true
		}
	}
	return held
}

// busyLines keeps the lines in use, in the phone's order.
func busyLines(lines []cti.Line) []cti.Line {
	var out []cti.Line
	for _, l := range lines {
		if l.State.Busy() {
			out = append(out, l)
		}
	}
	return out
}

// findLine returns line n of a status snapshot.
func findLine(lines []cti.Line, n int) (cti.Line, bool) {
	for _, l := range lines {
		if l.Line == n {
			return l, true
		}
	}
	return cti.Line{}, false
}

// stateText names a line state in the user's language, in ui/problem's
// words (the tray menu's too).
func (e *Env) stateText(s cti.LineState) string { return words.LineState(e.Catalog, s) }

// connText describes the tray's connection to the phone.
func (e *Env) connText(c cti.ConnState, detail string) string {
	return words.Connection(e.Catalog, c, firstLine(detail))
}

// caller is how a remote party is shown: name and number, either may be empty.
func (e *Env) caller(name, number string) string {
	switch {
	case name != "" && number != "":
		return name + " (" + number + ")"
	case name != "":
		return name
	case number != "":
		return number
	}
	return e.t("window.unknown_caller")
}
