package problem

import (
	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
)

// lineKey is the i18n key of each line state's word.
var lineKey = map[cti.LineState]string{
	cti.StateIdle:      "problem.line.idle",
	cti.StateDialing:   "problem.line.dialing",
	cti.StateCalling:   "problem.line.calling",
	cti.StateRinging:   "problem.line.ringing",
	cti.StateConnected: "problem.line.connected",
	cti.StateOnHold:    "problem.line.onhold",
	cti.StateFailed:    "problem.line.failed",
}

// LineState names the state of one phone line in cat's language (nil:
// English), for the tray menu, the windows and the tray's own status word
// while a call is going on: "Ringing", "On hold". A state this app does not
// know (the phone has more: transfer, conference...) is shown as the phone
// spells it, without the control characters a hostile reply could hide in
// it (cti.CleanText); a menu shortens it itself.
func LineState(cat *i18n.Catalog, s cti.LineState) string {
	if cat == nil {
		cat = i18n.New(i18n.English)
	}
	if k, ok := lineKey[s]; ok {
		return cat.T(k)
	}
	return cti.CleanText(string(s))
}
