package webphone

import (
	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
)

// SlotWords says what happened (or, for a plan, what will happen) to one
// Action URL field.
func SlotWords(cat *i18n.Catalog, st cti.SlotState, plan bool) string {
	if plan {
		switch st {
		case cti.SlotInstalled:
			return cat.T("webphone.slot.will_write")
		case cti.SlotReplaced:
			return cat.T("webphone.slot.will_replace")
		}
	}
	switch st {
	case cti.SlotInstalled:
		return cat.T("webphone.slot.installed")
	case cti.SlotUnchanged:
		return cat.T("webphone.slot.unchanged")
	case cti.SlotReplaced:
		return cat.T("webphone.slot.replaced")
	case cti.SlotForeign:
		return cat.T("webphone.slot.foreign")
	case cti.SlotIgnored:
		return cat.T("webphone.slot.ignored")
	case cti.SlotNotWritten:
		return cat.T("webphone.slot.not_written")
	case cti.SlotRemoved:
		return cat.T("webphone.slot.removed")
	case cti.SlotEmpty:
		return cat.T("webphone.slot.empty")
	}
	return string(st)
}
