package tray

import (
	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
)

// Several phones. The items from "status" to the "Phone" submenu are the
// default phone's, as when it is the only one; every other phone gets a
// submenu of its own below them, "Desk 2 — Ringing", with its calls, its
// clipboard dial and what the Phone submenu says of it. The submenus are a
// pool made once (maxPhoneSections), hidden while unused: a new phone in
// the settings moves only "Quit", and a call that starts on a phone moves
// nothing.
const maxPhoneSections = 3

// phoneSectionLayout is the places of one phone's submenu.
var phoneSectionLayout = []slotSpec{
	{id: "detail"}, separator,
	{id: "answer"}, {id: "reject"}, {id: "hold"}, {id: "hangup"}, separator,
	{id: "call_clipboard"}, separator,
	{id: "identity"}, {id: "warning"}, {id: "dnd"}, {id: "push"},
}

// phoneSectionSlots is the pool of the other phones' submenus, and the
// line that tells of phones beyond it.
func phoneSectionSlots() []slotSpec {
	var out []slotSpec
	for i := range maxPhoneSections {
		id := poolID("phones", i)
		children := make([]slotSpec, len(phoneSectionLayout))
		for j, c := range phoneSectionLayout {
			if c.id != "" {
				c.id = id + "." + c.id
			}
			children[j] = c
		}
		out = append(out, slotSpec{id: id, pool: true, children: children})
	}
	return append(out, slotSpec{id: "phones.more", pool: true})
}

// phoneOnline: the phone answers and can be used (its calls can be acted on).
func phoneOnline(p localapi.PhoneState, s Status) bool {
	return p.Conn == cti.ConnOnline && s != StatusSignIn && s != StatusNotConfigured
}

// phoneSections are the submenus of the phones after the default one.
func phoneSections(st localapi.State, clip string, cat *i18n.Catalog) []Item {
	if len(st.Phones) < 2 {
		return nil
	}
	var out []Item
	others := st.Phones[1:]
	for i, p := range others {
		if i == maxPhoneSections {
			out = append(out, Item{ID: "phones.more", Label: cat.T("tray.phones_more", len(others)-maxPhoneSections)})
			break
		}
		out = append(out, phoneSection(st, p, poolID("phones", i), clip, cat))
	}
	return out
}

// phoneSection is one phone's submenu: the items of the default phone's
// kinds, for this phone (Action.Phone names it).
func phoneSection(st localapi.State, p localapi.PhoneState, id, clip string, cat *i18n.Catalog) Item {
	s := phoneStatus(p)
	online := phoneOnline(p, s)
	calls := callsOf(p, online)
	detail, ok := phoneDetail(st, p, s, calls, cat)
	if !ok {
		detail = cat.T("tray.no_calls")
	}
	children := []Item{{ID: "detail", Label: detail}}
	children = append(children, callItems(calls, cat)...)
	children = append(children, clipboardItem(clip, online && !st.DialBusy, cat))
	for _, it := range phoneMenu(p, st.PushURL, online, cat).Children {
		// Reboot and reset stay with the default phone's submenu: their
		// windows ask for the default phone.
		if it.ID != "phone.reboot" && it.ID != "phone.reset" {
			it.ID = it.ID[len("phone."):]
			children = append(children, it)
		}
	}
	for i := range children {
		children[i].ID = id + "." + children[i].ID
		children[i].Action.Phone = p.Name
	}
	return Item{ID: id, Label: statusLine(st, p, s, cat), Enabled: true, Children: children}
}
