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

// DNDWords: "Do Not Disturb is on." / "... off."
func DNDWords(cat *i18n.Catalog, on bool) string {
	if on {
		return cat.T("webphone.dnd_on")
	}
	return cat.T("webphone.dnd_off")
}

// IdentityLines are the phone's identity as lines of text: model and
// firmware, MAC, names, accounts. Unknown parts are left out.
func IdentityLines(cat *i18n.Catalog, id cti.PhoneIdentity) []string {
	var out []string
	if id.Model != "" || id.Firmware != "" {
		out = append(out, cat.T("webphone.model", firstNonEmpty(id.Model, "?"), firstNonEmpty(id.Firmware, "?")))
	}
	if id.MAC != "" {
		out = append(out, cat.T("webphone.mac", id.MAC))
	}
	if id.Name != "" {
		out = append(out, cat.T("webphone.name", id.Name))
	}
	for _, a := range id.Accounts {
		name := firstNonEmpty(cti.CleanText(a.Name), cti.CleanText(a.SIPID))
		reg := cat.T("webphone.unregistered")
		if a.Registered {
			reg = cat.T("webphone.registered")
		}
		out = append(out, cat.T("webphone.account", a.ID, name, cti.CleanText(a.SIPID), reg))
	}
	return out
}

// AdvisoryWords warns about a known problem of the phone's firmware.
func AdvisoryWords(cat *i18n.Catalog, id cti.PhoneIdentity, a cti.Advisory) string {
	return cat.T("webphone.advisory", id.Model, id.Firmware, a.ID, a.FixedIn)
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// DNDMenuWords is the Do Not Disturb menu item for a state.
func DNDMenuWords(cat *i18n.Catalog, on bool) string {
	if on {
		return cat.T("webphone.tray_dnd_on")
	}
	return cat.T("webphone.tray_dnd_off")
}
