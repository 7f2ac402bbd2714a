package tray

import (
	"strconv"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
)

// Pool sizes: the menu has this many line and recent-call items, hidden
// when unused, so that it never needs rebuilding.
const (
	maxLineItems   = 4
	maxRecentItems = 10
	// maxChoiceItems: numbers of a copied text offered to choose from
	// (State.DialChoices), shown only while the choice is open.
	maxChoiceItems = 3
)

// ActionKind says what clicking an item does.
type ActionKind string

// Actions of the menu items.
const (
	ActNone          ActionKind = ""
	ActOperate       ActionKind = "operate"        // Action.Op on the current call
	ActDial          ActionKind = "dial"           // Action.Number, through the number rules
	ActDialClipboard ActionKind = "dial_clipboard" // the clipboard text the "Call …" label was made from
	ActDialChoice    ActionKind = "dial_choice"    // Action.Number: one of State.DialChoices
	ActShow          ActionKind = "show"           // open the window Action.Window
	ActKeys          ActionKind = "keys"           // press Action.Keys on the phone
	ActQuit          ActionKind = "quit"
)

// Action is what a menu item does when clicked.
type Action struct {
	Kind   ActionKind
	Op     cti.Operation
	Line   int    // ActOperate accept/reject: the ringing line meant (0 = the phone's current call)
	Number string // ActDial: the number as the history has it
	Window string
	Keys   []string
}

// Item is one entry of the menu. Items missing from a Menu are hidden.
type Item struct {
	ID       string
	Label    string
	Enabled  bool
	Checked  bool
	Children []Item
	Action   Action
}

// Menu is everything the tray shows for one State.
type Menu struct {
	Status  Status
	Icon    string // assets name of the tray icon
	Tooltip string
	Items   []Item
}

// Find returns the item with id, searching submenus too.
func (m Menu) Find(id string) (Item, bool) { return findItem(m.Items, id) }

func findItem(items []Item, id string) (Item, bool) {
	for _, it := range items {
		if it.ID == id {
			return it, true
		}
		if c, ok := findItem(it.Children, id); ok {
			return c, true
		}
	}
	return Item{}, false
}

// Keys of the phone controls submenu.
var phoneControls = []struct{ id, label, key string }{
	{"controls.mute", "tray.mute", "MUTE"},
	{"controls.speaker", "tray.speaker", "SPEAKER"},
	{"controls.vup", "tray.volume_up", "VUP"},
	{"controls.vdown", "tray.volume_down", "VDOWN"},
}

// BuildMenu is the menu for st. clip is the number on the clipboard after
// the number rules ("" when the clipboard holds no number); recent are the
// latest calls, newest first. It is pure: the same input gives the same menu.
func BuildMenu(st localapi.State, clip string, recent []cti.Call, cat *i18n.Catalog) Menu {
	return buildMenu(st, clip, recent, cat, time.Now())
}

func buildMenu(st localapi.State, clip string, recent []cti.Call, cat *i18n.Catalog, now time.Time) Menu {
	if cat == nil {
		cat = i18n.New(i18n.English)
	}
	s := StatusOf(st)
	online := st.Conn == cti.ConnOnline && s != StatusSignIn && s != StatusNotConfigured
	m := Menu{Status: s, Icon: iconName(s), Tooltip: Tooltip(st, cat)}
	add := func(it Item) { m.Items = append(m.Items, it) }
	info := func(id, label string) { add(Item{ID: id, Label: label}) }

	info("status", statusLine(st, s, cat))
	if p := problemText(st, s, cat); p != "" {
		info("problem", p)
	}

	var talking, held, busy bool
	ringLine := 0 // the call Answer and Reject are for: the selected one if it rings, else the first
	if online {
		n := 0
		for _, l := range st.Lines {
			if !l.State.Busy() {
				continue
			}
			switch l.State {
			case cti.StateRinging:
				if ringLine == 0 || l.Active {
					ringLine = l.Line
				}
			case cti.StateOnHold:
				held, busy = true, true
			case cti.StateConnected:
				talking, busy = true, true
			default:
				busy = true
			}
			if n < maxLineItems {
				info(poolID("line", n), lineLabel(l, cat))
				n++
			}
		}
		if st.DialBusy && st.DialProgress != "" {
			info("progress", cleanText(st.DialProgress, maxProblemLen))
		}
	}

	op := func(id, label string, o cti.Operation, line int) {
		add(Item{ID: id, Label: cat.T(label), Enabled: true, Action: Action{Kind: ActOperate, Op: o, Line: line}})
	}
	if ringLine != 0 {
		op("answer", "tray.answer", cti.OpAccept, ringLine)
		op("reject", "tray.reject", cti.OpReject, ringLine)
	}
	switch {
	case talking:
		op("hold", "tray.hold", cti.OpHold, 0)
	case held:
		op("hold", "tray.resume", cti.OpHold, 0)
	}
	if busy {
		op("hangup", "tray.hangup", cti.OpEnd, 0)
	}

	canDial := online && !st.DialBusy
	if clip != "" {
		add(Item{ID: "call_clipboard", Label: cat.T("tray.call", cleanText(clip, maxNumberLen)),
			Enabled: canDial, Action: Action{Kind: ActDialClipboard}})
	} else {
		add(Item{ID: "call_clipboard", Label: cat.T("tray.call_clipboard")})
	}
	m.Items = append(m.Items, choiceItems(st.DialChoices, canDial, cat)...)
	add(Item{ID: "dialpad", Label: cat.T("tray.dialpad"), Enabled: true, Action: Action{Kind: ActShow, Window: "dialpad"}})

	add(recentMenu(st, recent, canDial, cat, now))

	controls := Item{ID: "controls", Label: cat.T("tray.phone_controls"), Enabled: true}
	for _, c := range phoneControls {
		controls.Children = append(controls.Children, Item{ID: c.id, Label: cat.T(c.label), Enabled: online,
			Action: Action{Kind: ActKeys, Keys: []string{c.key}}})
	}
	add(controls)
	add(Item{ID: "settings", Label: cat.T("tray.settings"), Enabled: true, Action: Action{Kind: ActShow, Window: "settings"}})
	add(Item{ID: "phone", Label: cat.T("tray.phone"), Enabled: true, Children: []Item{
		{ID: "phone.reboot", Label: cat.T("tray.reboot"), Enabled: online, Action: Action{Kind: ActShow, Window: "reboot"}},
		{ID: "phone.reset", Label: cat.T("tray.factory_reset"), Enabled: online, Action: Action{Kind: ActShow, Window: "reset"}},
	}})

	if st.HotkeyErr != "" {
		info("hotkey", cat.T("tray.hotkey_problem", cleanText(st.Hotkey, 30), cleanText(st.HotkeyErr, maxProblemLen)))
	}
	add(Item{ID: "quit", Label: cat.T("tray.quit"), Enabled: true, Action: Action{Kind: ActQuit}})
	return m
}

// choiceItems offer the numbers of a copied text that held several.
func choiceItems(choices []string, canDial bool, cat *i18n.Catalog) []Item {
	var items []Item
	for i, text := range choices {
		if i == maxChoiceItems {
			break
		}
		items = append(items, Item{ID: poolID("choice", i), Label: cat.T("tray.call", cleanText(text, maxNumberLen)),
			Enabled: canDial, Action: Action{Kind: ActDialChoice, Number: text}})
	}
	return items
}

// problemText explains a phone that cannot be used: the service's reason,
// or the keyring's when that is why the passcode is missing.
func problemText(st localapi.State, s Status, cat *i18n.Catalog) string {
	switch s {
	case StatusNotConfigured, StatusSignIn, StatusOffline:
	default:
		return ""
	}
	text := st.ConnErr
	if st.NeedPasscode && st.KeyringErr != "" {
		text = st.KeyringErr
	}
	if text == "" && st.Phone == "" {
		text = cat.T("tray.setup_hint")
	}
	return cleanText(text, maxProblemLen)
}

// lineLabel is "Line 1: Anna (+74951234567) — Ringing".
func lineLabel(l cti.Line, cat *i18n.Catalog) string {
	word := lineWord(l.State, cat)
	if who := callerText(l.RemoteName, l.RemoteNumber, cat); who != "" {
		return cat.T("tray.line", l.Line, who, word)
	}
	return cat.T("tray.line_bare", l.Line, word)
}

// recentMenu is the "Recent calls" submenu: click a call to call back.
func recentMenu(st localapi.State, recent []cti.Call, canDial bool, cat *i18n.Catalog, now time.Time) Item {
	label := cat.T("tray.recent")
	if st.UnseenMissed > 0 {
		label = cat.T("tray.recent_unseen", st.UnseenMissed)
	}
	it := Item{ID: "recent", Label: label, Enabled: true}
	for i, c := range recent {
		if i == maxRecentItems {
			break
		}
		it.Children = append(it.Children, Item{ID: poolID("recent", i), Label: recentLabel(c, cat, now),
			Enabled: canDial && c.Number != "", Action: Action{Kind: ActDial, Number: c.Number}})
	}
	if len(it.Children) == 0 {
		it.Children = append(it.Children, Item{ID: "recent.none", Label: cat.T("tray.recent_none")})
	}
	it.Children = append(it.Children, Item{ID: "recent.all", Label: cat.T("tray.recent_all"), Enabled: true,
		Action: Action{Kind: ActShow, Window: "history"}})
	return it
}

// recentLabel is "✗ Anna (+74951234567) — 14:05 (missed)".
func recentLabel(c cti.Call, cat *i18n.Catalog, now time.Time) string {
	who := callerText(c.Name, c.Number, cat)
	if who == "" {
		who = cat.T("tray.unknown_caller")
	}
	start := c.Start.In(now.Location())
	layout := cat.T("tray.time_layout")
	if y, m, d := start.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		layout = cat.T("tray.time_layout_today")
	}
	when := start.Format(layout)
	key := "tray.recent.incoming"
	switch {
	case c.Outcome == cti.Missed:
		key = "tray.recent.missed"
	case c.Outcome == cti.Rejected:
		key = "tray.recent.rejected"
	case c.Direction == cti.Outgoing && c.Outcome == cti.NoAnswer:
		key = "tray.recent.unanswered"
	case c.Direction == cti.Outgoing:
		key = "tray.recent.outgoing"
	}
	return cat.T(key, who, when)
}

func poolID(prefix string, i int) string { return prefix + "." + strconv.Itoa(i) }
