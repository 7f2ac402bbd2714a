package webphone

import (
	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
)

// slotKey is the i18n key of what happened to an Action URL field; planKey
// of what will happen, where a plan says it otherwise.
var (
	slotKey = map[cti.SlotState]string{
		cti.SlotInstalled:  "webphone.slot.installed",
		cti.SlotUnchanged:  "webphone.slot.unchanged",
		cti.SlotReplaced:   "webphone.slot.replaced",
		cti.SlotForeign:    "webphone.slot.foreign",
		cti.SlotIgnored:    "webphone.slot.ignored",
		cti.SlotNotWritten: "webphone.slot.not_written",
		cti.SlotRemoved:    "webphone.slot.removed",
		cti.SlotEmpty:      "webphone.slot.empty",
	}
	planKey = map[cti.SlotState]string{
		cti.SlotInstalled: "webphone.slot.will_write",
		cti.SlotReplaced:  "webphone.slot.will_replace",
	}
)

// SlotWords says what happened (or, for a plan, what will happen) to one
// Action URL field.
func SlotWords(cat *i18n.Catalog, st cti.SlotState, plan bool) string {
	if k, ok := planKey[st]; ok && plan {
		return cat.T(k)
	}
	if k, ok := slotKey[st]; ok {
		return cat.T(k)
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
