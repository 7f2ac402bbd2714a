package tray

import (
	"strconv"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/problem"
)

// Every item of the menu is always there, in the same place: a state change
// relabels or disables items but never adds, removes or hides one above
// another, so a click aimed at "Dial pad…" cannot land on "Answer" because a
// call started ringing meanwhile. Only the tails of the "Recent calls" and
// "Which number?" submenus grow, below everything else in them.
const (
	maxRecentItems = 10
	// maxChoiceItems: numbers of a copied text offered to choose from
	// (State.DialChoices), in the "Which number?" submenu.
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
	On     bool // ActDND: the state to switch to
	// Phone is the name of the phone the action is for ("" = the default
	// phone): the items of another phone's section name theirs.
	Phone string
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
	// The icon sums up every phone; the items from "status" to "phone" are
	// the default phone's (the only one, most of the time).
	all := StatusOf(st)
	s := phoneStatus(st.PhoneState)
	online := phoneOnline(st.PhoneState, s)
	m := Menu{Status: all, Icon: iconName(all), Tooltip: Tooltip(st, cat)}
	add := func(it Item) { m.Items = append(m.Items, it) }
	info := func(id, label string) { add(Item{ID: id, Label: label}) }

	info("status", statusLine(st, st.PhoneState, s, cat))
	calls := callsOf(st.PhoneState, online)
	info("detail", detailText(st, s, calls, cat))
	m.Items = append(m.Items, callItems(calls, cat)...)

	canDial := online && !st.DialBusy
	add(clipboardItem(clip, canDial, cat))
	add(choiceMenu(st.DialChoices, st.DialChoicesPhone, canDial, cat))
	add(Item{ID: "dialpad", Label: cat.T("tray.dialpad"), Enabled: true, Action: Action{Kind: ActShow, Window: "dialpad"}})

	add(recentMenu(st, recent, canDial, cat, now))
	add(controlsMenu(online, cat))
	add(Item{ID: "settings", Label: cat.T("tray.settings"), Enabled: true, Action: Action{Kind: ActShow, Window: "settings"}})
	add(phoneMenu(st.PhoneState, st.PushURL, online, cat))
	m.Items = append(m.Items, phoneSections(st, clip, cat)...)

	add(Item{ID: "quit", Label: cat.T("tray.quit"), Enabled: true, Action: Action{Kind: ActQuit}})
	return m
}

// callItems are Answer, Reject, Hold (Resume while on hold) and Hang up,
// always there, enabled when they apply to the calls.
func callItems(calls callSummary, cat *i18n.Catalog) []Item {
	op := func(id, label string, o cti.Operation, line int, on bool) Item {
		return Item{ID: id, Label: cat.T(label), Enabled: on, Action: Action{Kind: ActOperate, Op: o, Line: line}}
	}
	// One item for hold and resume, as on the phone's own key.
	hold := "tray.hold"
	if calls.held && !calls.talking {
		hold = "tray.resume"
	}
	return []Item{
		op("answer", "tray.answer", cti.OpAccept, calls.ringLine, calls.ringLine != 0),
		op("reject", "tray.reject", cti.OpReject, calls.ringLine, calls.ringLine != 0),
		op("hold", hold, cti.OpHold, 0, calls.talking || calls.held),
		op("hangup", "tray.hangup", cti.OpEnd, 0, calls.busy),
	}
}

// clipboardItem calls the number on the clipboard; without one it says
// what it would do, disabled.
func clipboardItem(clip string, canDial bool, cat *i18n.Catalog) Item {
	if clip == "" {
		return Item{ID: "call_clipboard", Label: cat.T("tray.call_clipboard")}
	}
	return Item{ID: "call_clipboard", Label: cat.T("tray.call", cleanText(clip, maxNumberLen)),
		Enabled: canDial, Action: Action{Kind: ActDialClipboard}}
}

// controlsMenu presses the phone's own keys.
func controlsMenu(online bool, cat *i18n.Catalog) Item {
	controls := Item{ID: "controls", Label: cat.T("tray.phone_controls"), Enabled: true}
	for _, c := range phoneControls {
		controls.Children = append(controls.Children, Item{ID: c.id, Label: cat.T(c.label), Enabled: online,
			Action: Action{Kind: ActKeys, Keys: []string{c.key}}})
	}
	return controls
}

// callSummary is what the lines say about calls, for the call items.
type callSummary struct {
	talking, held, busy bool
	ringLine            int        // the call Answer and Reject are for: the selected one if it rings, else the first
	lines               []cti.Line // busy lines, in the phone's order
}

// callsOf sums up the busy lines of a phone that answers (a phone that does
// not answer has only stale lines: nothing to act on).
func callsOf(st localapi.PhoneState, online bool) callSummary {
	var c callSummary
	if !online {
		return c
	}
	for _, l := range st.Lines {
		if !l.State.Busy() {
			continue
		}
		c.lines = append(c.lines, l)
		switch l.State {
		case cti.StateRinging:
			if c.ringLine == 0 || l.Active {
				c.ringLine = l.Line
			}
		case cti.StateOnHold:
			c.held, c.busy = true, true
		case cti.StateConnected:
			c.talking, c.busy = true, true
		default:
			c.busy = true
		}
	}
	return c
}

// detailText is the second, disabled line of the menu: what needs the user
// most. Why the phone cannot be used; else the running dial; else the call
// (the ringing one first, with how many more there are); else a hotkey
// problem; else what the hotkey does.
func detailText(st localapi.State, s Status, calls callSummary, cat *i18n.Catalog) string {
	if text, ok := phoneDetail(st, st.PhoneState, s, calls, cat); ok {
		return text
	}
	switch {
	case st.HotkeyErr != "":
		return cat.T("tray.hotkey_problem", cleanText(st.Hotkey, 30), cleanText(st.HotkeyErr, maxProblemLen))
	case st.Hotkey != "":
		return cat.T("tray.hotkey_hint", cleanText(st.Hotkey, 30))
	}
	return cat.T("tray.no_calls")
}

// choiceMenu offers the numbers of a copied text that held several: a
// submenu that is always there (disabled while nothing is asked), so that
// a question does not push the items below it down.
func choiceMenu(choices []string, phone string, canDial bool, cat *i18n.Catalog) Item {
	it := Item{ID: "choice", Label: cat.T("tray.choice_none")}
	for i, text := range choices {
		if i == maxChoiceItems {
			break
		}
		it.Children = append(it.Children, Item{ID: poolID("choice", i), Label: cat.T("tray.call", cleanText(text, maxNumberLen)),
			Enabled: canDial, Action: Action{Kind: ActDialChoice, Number: text, Phone: phone}})
	}
	if len(it.Children) > 0 {
		it.Label, it.Enabled = cat.T("tray.choice"), true
	}
	return it
}

// phoneDetail is what needs the user most about one phone: why it cannot
// be used; else the running dial, when it goes to this phone; else the
// call (the ringing one first, with how many more there are). ok is false
// when there is nothing of the kind.
func phoneDetail(st localapi.State, p localapi.PhoneState, s Status, calls callSummary, cat *i18n.Catalog) (string, bool) {
	if text := problemText(st, p, s, cat); text != "" {
		return text, true
	}
	if st.DialBusy && st.DialProgress != "" && p.Conn == cti.ConnOnline && dialGoesTo(st, p) {
		return cleanText(st.DialProgress, maxProblemLen), true
	}
	if len(calls.lines) > 0 {
		first := calls.lines[0]
		for _, l := range calls.lines {
			if l.Line == calls.ringLine {
				first = l
			}
		}
		text := lineLabel(first, cat)
		if more := len(calls.lines) - 1; more > 0 {
			text = cat.T("tray.more_calls", text, more)
		}
		return text, true
	}
	return "", false
}

// dialGoesTo: the running dial goes to p (a tray that did not name its
// phone dials on the default one).
func dialGoesTo(st localapi.State, p localapi.PhoneState) bool {
	return st.DialPhone == p.Name || (st.DialPhone == "" && p.Name == st.Name)
}

// problemText explains a phone that cannot be used, in ui/problem's words.
func problemText(st localapi.State, p localapi.PhoneState, s Status, cat *i18n.Catalog) string {
	switch s {
	case StatusNotConfigured, StatusSignIn, StatusOffline:
	default:
		return ""
	}
	return cleanText(problem.Unusable(cat, p, st.KeyringErr), maxProblemLen)
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
	// "Show all…" first: the calls below it come and go.
	it := Item{ID: "recent", Label: label, Enabled: true, Children: []Item{{ID: "recent.all",
		Label: cat.T("tray.recent_all"), Enabled: true, Action: Action{Kind: ActShow, Window: "history"}}}}
	for i, c := range recent {
		if i == maxRecentItems {
			break
		}
		it.Children = append(it.Children, Item{ID: poolID("recent", i), Label: recentLabel(c, cat, now),
			Enabled: canDial && c.Number != "", Action: Action{Kind: ActDial, Number: c.Number, Phone: c.Phone}})
	}
	if len(it.Children) == 1 {
		it.Children = append(it.Children, Item{ID: "recent.none", Label: cat.T("tray.recent_none")})
	}
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
	if c.Phone != "" {
		// The history names the phone while there are several.
		when = cat.T("tray.recent.on_phone", when, cleanText(c.Phone, maxNameLen))
	}
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
