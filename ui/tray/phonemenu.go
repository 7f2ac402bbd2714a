package tray

import (
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/webphone"
)

// ActDND switches Do Not Disturb to Action.On through the phone's web session.
const ActDND ActionKind = "dnd"

// phoneMenu is the Phone submenu: what the phone says about itself (model,
// firmware, MAC, a known flaw of its firmware), Do Not Disturb, whether the
// phone's Action URL requests arrive, then reboot and reset. Its places
// never change; what the tray does not know yet says where to learn it.
func phoneMenu(st localapi.PhoneState, pushURL string, online bool, cat *i18n.Catalog) Item {
	info := func(id, label string) Item { return Item{ID: id, Label: label} }
	ident := cat.T("webphone.tray_identity_unknown")
	if id := st.Identity; id != nil {
		ident = cat.T("webphone.tray_identity", cleanText(firstOf(id.Model, "?"), 40), cleanText(firstOf(id.Firmware, "?"), 40), cleanText(firstOf(id.MAC, "?"), 40))
	}
	warning := cat.T("webphone.tray_no_warning")
	if len(st.Warnings) > 0 {
		warning = "⚠ " + cleanText(st.Warnings[0], maxProblemLen)
	}
	return Item{ID: "phone", Label: cat.T("tray.phone"), Enabled: true, Children: []Item{
		info("phone.identity", ident),
		info("phone.warning", warning),
		dndItem(st, online, cat),
		info("phone.push", pushCheckText(st, pushURL, cat)),
		{ID: "phone.reboot", Label: cat.T("tray.reboot"), Enabled: online, Action: Action{Kind: ActShow, Window: "reboot"}},
		{ID: "phone.reset", Label: cat.T("tray.factory_reset"), Enabled: online, Action: Action{Kind: ActShow, Window: "reset"}},
	}}
}

// dndItem switches Do Not Disturb. Its state comes from the last switch,
// the connection test or the phone's DND Action URL requests; unknown, a
// click switches it on (and says so when the firmware has no DND, after
// which the item says so too).
func dndItem(st localapi.PhoneState, online bool, cat *i18n.Catalog) Item {
	switch {
	case st.DND != nil && *st.DND:
		return Item{ID: "phone.dnd", Label: webphone.DNDMenuWords(cat, true), Checked: true, Enabled: online, Action: Action{Kind: ActDND, On: false}}
	case st.DND != nil:
		return Item{ID: "phone.dnd", Label: webphone.DNDMenuWords(cat, false), Enabled: online, Action: Action{Kind: ActDND, On: true}}
	case st.NoDND:
		return Item{ID: "phone.dnd", Label: cat.T("webphone.tray_dnd_none")}
	}
	return Item{ID: "phone.dnd", Label: cat.T("webphone.tray_dnd"), Enabled: online, Action: Action{Kind: ActDND, On: true}}
}

func pushCheckText(st localapi.PhoneState, pushURL string, cat *i18n.Catalog) string {
	switch st.PushCheck {
	case "waiting":
		return cat.T("webphone.tray_push_waiting")
	case "arriving":
		return cat.T("webphone.tray_push_arriving")
	case "missing":
		return cat.T("webphone.tray_push_missing")
	}
	if pushURL == "" {
		return cat.T("webphone.tray_push_off")
	}
	return cat.T("webphone.tray_push_on")
}

func firstOf(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// joinWords is a problem and its hint as one notification text.
func joinWords(text, hint string) string {
	if hint == "" {
		return text
	}
	return text + " " + hint
}
