package tray

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/assets"
	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
)

var (
	en = i18n.New(i18n.English)
	ru = i18n.New(i18n.Russian)
)

// online is a configured phone that answers, with all lines idle.
func online(lines ...cti.Line) localapi.State {
	all := []cti.Line{{Line: 1, State: cti.StateIdle}, {Line: 2, State: cti.StateIdle}, {Line: 3, State: cti.StateIdle}}
	for _, l := range lines {
		all[l.Line-1] = l
	}
	return localapi.State{PhoneState: localapi.PhoneState{Phone: "192.168.1.20", Conn: cti.ConnOnline, Lines: all}, Hotkey: "Ctrl+Shift+D", Language: "en"}
}

func ringing(name, number string) localapi.State {
	return online(cti.Line{Line: 1, State: cti.StateRinging, RemoteName: name, RemoteNumber: number, Active: true})
}

func mustFind(t *testing.T, m Menu, id string) Item {
	t.Helper()
	it, ok := m.Find(id)
	if !ok {
		t.Fatalf("menu has no %q item; it has %v", id, menuIDs(m.Items))
	}
	return it
}

// mustBeDisabled: the items are there, in their places, but greyed out.
func mustBeDisabled(t *testing.T, m Menu, ids ...string) {
	t.Helper()
	for _, id := range ids {
		if it := mustFind(t, m, id); it.Enabled {
			t.Errorf("%s (%q) is enabled, want it disabled", id, it.Label)
		}
	}
}

func mustLack(t *testing.T, m Menu, ids ...string) {
	t.Helper()
	for _, id := range ids {
		if it, ok := m.Find(id); ok {
			t.Errorf("menu shows %q (%q), want it hidden", id, it.Label)
		}
	}
}

func menuIDs(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
		out = append(out, menuIDs(it.Children)...)
	}
	return out
}

func wantLabel(t *testing.T, m Menu, id, want string) Item {
	t.Helper()
	it := mustFind(t, m, id)
	if it.Label != want {
		t.Errorf("%s label = %q, want %q", id, it.Label, want)
	}
	return it
}

func TestMenuIdle(t *testing.T) {
	m := BuildMenu(online(), "", nil, en)
	wantLabel(t, m, "status", "192.168.1.20 — Idle")
	if s := mustFind(t, m, "status"); s.Enabled {
		t.Error("the status line is clickable")
	}
	mustBeDisabled(t, m, "answer", "reject", "hold", "hangup", "detail")
	wantLabel(t, m, "detail", "Ctrl+Shift+D calls the copied number")
	wantLabel(t, m, "hold", "Hold")
	if m.Status != StatusIdle || m.Icon != assets.TrayIdle {
		t.Errorf("status %s icon %s, want idle", m.Status, m.Icon)
	}
	if m.Tooltip != "GXP Tray — 192.168.1.20 — Idle" {
		t.Errorf("tooltip %q", m.Tooltip)
	}
	for id, want := range map[string]Action{
		"dialpad":          {Kind: ActShow, Window: "dialpad"},
		"settings":         {Kind: ActShow, Window: "settings"},
		"recent.all":       {Kind: ActShow, Window: "history"},
		"phone.reboot":     {Kind: ActShow, Window: "reboot"},
		"phone.reset":      {Kind: ActShow, Window: "reset"},
		"quit":             {Kind: ActQuit},
		"controls.mute":    {Kind: ActKeys, Keys: []string{"MUTE"}},
		"controls.speaker": {Kind: ActKeys, Keys: []string{"SPEAKER"}},
		"controls.vup":     {Kind: ActKeys, Keys: []string{"VUP"}},
		"controls.vdown":   {Kind: ActKeys, Keys: []string{"VDOWN"}},
	} {
		it := mustFind(t, m, id)
		if !it.Enabled || it.Action.Kind != want.Kind || it.Action.Window != want.Window || !slices.Equal(it.Action.Keys, want.Keys) {
			t.Errorf("%s: enabled %v action %+v, want enabled, %+v", id, it.Enabled, it.Action, want)
		}
	}
	wantLabel(t, m, "controls", "Phone controls")
	wantLabel(t, m, "phone.reset", "Factory reset…")
	wantLabel(t, m, "recent.none", "No calls yet")
}

func TestMenuRingingShowsCallerAndAnswerReject(t *testing.T) {
	m := BuildMenu(ringing("Виталик", "203"), "", nil, en)
	wantLabel(t, m, "status", "192.168.1.20 — Ringing")
	wantLabel(t, m, "detail", "Line 1: Виталик (203) — Ringing")
	mustBeDisabled(t, m, "hold", "hangup")
	for id, op := range map[string]cti.Operation{"answer": cti.OpAccept, "reject": cti.OpReject} {
		it := mustFind(t, m, id)
		if !it.Enabled || !reflect.DeepEqual(it.Action, Action{Kind: ActOperate, Op: op, Line: 1}) {
			t.Errorf("%s: enabled %v action %+v, want enabled %s", id, it.Enabled, it.Action, op)
		}
	}
	wantLabel(t, m, "answer", "Answer")
	wantLabel(t, m, "reject", "Reject")
	if m.Icon != assets.TrayRinging {
		t.Errorf("icon %s", m.Icon)
	}
	if !strings.Contains(m.Tooltip, "Виталик (203)") {
		t.Errorf("tooltip %q does not name the caller", m.Tooltip)
	}
	// A caller without a name is shown by the number alone.
	m = BuildMenu(ringing("", "+74951234567"), "", nil, en)
	wantLabel(t, m, "detail", "Line 1: +74951234567 — Ringing")
}

func TestMenuInCallAndOnHold(t *testing.T) {
	m := BuildMenu(online(cti.Line{Line: 2, State: cti.StateConnected, RemoteName: "Reception", RemoteNumber: "100"}), "", nil, en)
	wantLabel(t, m, "status", "192.168.1.20 — In call")
	wantLabel(t, m, "detail", "Line 2: Reception (100) — In call")
	if it := wantLabel(t, m, "hold", "Hold"); it.Action.Op != cti.OpHold || !it.Enabled {
		t.Errorf("hold item %+v", it)
	}
	if it := wantLabel(t, m, "hangup", "Hang up"); it.Action.Op != cti.OpEnd || !it.Enabled {
		t.Errorf("hang up item %+v", it)
	}
	mustBeDisabled(t, m, "answer", "reject")
	if m.Icon != assets.TrayInCall {
		t.Errorf("icon %s", m.Icon)
	}

	m = BuildMenu(online(cti.Line{Line: 1, State: cti.StateOnHold, RemoteNumber: "100"}), "", nil, en)
	wantLabel(t, m, "status", "192.168.1.20 — On hold")
	if it := wantLabel(t, m, "hold", "Resume"); it.Action.Op != cti.OpHold {
		t.Errorf("resume item %+v", it)
	}
	mustFind(t, m, "hangup")
	if m.Icon != assets.TrayOnHold {
		t.Errorf("icon %s", m.Icon)
	}
}

func TestMenuCallWaitingShowsBothCalls(t *testing.T) {
	st := online(
		cti.Line{Line: 1, State: cti.StateConnected, RemoteNumber: "100"},
		cti.Line{Line: 2, State: cti.StateRinging, RemoteName: "Анна Смирнова", RemoteNumber: "+74951234567"},
	)
	m := BuildMenu(st, "", nil, en)
	wantLabel(t, m, "status", "192.168.1.20 — Ringing")
	// The waiting caller, and that there is another call.
	wantLabel(t, m, "detail", "Line 2: Анна Смирнова (+74951234567) — Ringing (+1 more)")
	for _, id := range []string{"answer", "reject", "hold", "hangup"} {
		if !mustFind(t, m, id).Enabled {
			t.Errorf("%s is disabled during a call with another one waiting", id)
		}
	}
	// Answer and Reject are for the waiting call on line 2, not the current one.
	for _, id := range []string{"answer", "reject"} {
		if l := mustFind(t, m, id).Action.Line; l != 2 {
			t.Errorf("%s acts on line %d, want 2", id, l)
		}
	}
	// Of two ringing calls, the selected one.
	st = online(cti.Line{Line: 1, State: cti.StateRinging}, cti.Line{Line: 3, State: cti.StateRinging, Active: true})
	if l := mustFind(t, BuildMenu(st, "", nil, en), "answer").Action.Line; l != 3 {
		t.Errorf("answer acts on line %d, want the selected line 3", l)
	}
}

func TestMenuOutgoingCallAndDialProgress(t *testing.T) {
	st := online(cti.Line{Line: 1, State: cti.StateCalling, RemoteNumber: "203"})
	st.DialBusy, st.DialProgress = true, "Dialing 203 (2/4 keys)"
	m := BuildMenu(st, "+74951234567", nil, en)
	wantLabel(t, m, "status", "192.168.1.20 — Calling")
	wantLabel(t, m, "detail", "Dialing 203 (2/4 keys)")
	wantLabel(t, m, "hangup", "Hang up")
	if it := mustFind(t, m, "call_clipboard"); it.Enabled {
		t.Error("a second dial is offered while the first is still running")
	}
}

func TestMenuOfflineSignInNotConfigured(t *testing.T) {
	cases := []struct {
		name       string
		st         localapi.State
		status     string
		problem    string
		icon       string
		wantStatus Status
	}{
		{"offline", localapi.State{
			PhoneState: localapi.PhoneState{
				Phone:   "https://192.168.1.20/",
				Conn:    cti.ConnOffline,
				ConnErr: "The phone does not answer: connection refused",
				Lines:   []cti.Line{{Line: 1, State: cti.StateRinging, RemoteNumber: "203"}},
			},
		},
			"192.168.1.20 — Offline", "The phone does not answer: connection refused", assets.TrayOffline, StatusOffline},
		{"unauthorized", localapi.State{PhoneState: localapi.PhoneState{Phone: "192.168.1.20", Conn: cti.ConnUnauthorized, ConnErr: "The phone rejected the password. Enter the right one in Settings."}},
			"192.168.1.20 — Sign-in problem", "The phone rejected the password. Enter the right one in Settings.", assets.TraySignIn, StatusSignIn},
		{"no passcode, no keyring", localapi.State{
			PhoneState: localapi.PhoneState{
				Phone:        "192.168.1.20",
				Conn:         cti.ConnUnknown,
				NeedPasscode: true,
				ConnErr:      "Enter the phone's passcode in Settings",
			},
			KeyringErr: "The system keyring is not available",
		},
			"192.168.1.20 — Sign-in problem", "The system keyring is not available", assets.TraySignIn, StatusSignIn},
		{"not configured", localapi.State{PhoneState: localapi.PhoneState{Conn: cti.ConnUnknown, ConnErr: ""}},
			"Phone not set up", "Open Settings to add your phone", assets.TraySignIn, StatusNotConfigured},
		{"bad address", localapi.State{PhoneState: localapi.PhoneState{Phone: "http://[::1", Conn: cti.ConnUnknown, ConnErr: "The phone address is not valid: missing ]"}},
			"[::1 — Not set up", "The phone address is not valid: missing ]", assets.TraySignIn, StatusNotConfigured},
		{"connecting", localapi.State{PhoneState: localapi.PhoneState{Phone: "192.168.1.20", Conn: cti.ConnUnknown}},
			"192.168.1.20 — Connecting…", "", assets.TrayOffline, StatusConnecting},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := BuildMenu(c.st, "203", []cti.Call{{Number: "100", Direction: cti.Incoming, Outcome: cti.Answered}}, en)
			wantLabel(t, m, "status", c.status)
			if c.problem != "" {
				wantLabel(t, m, "detail", c.problem)
			}
			if m.Status != c.wantStatus || m.Icon != c.icon {
				t.Errorf("status %s icon %s, want %s %s", m.Status, m.Icon, c.wantStatus, c.icon)
			}
			// Stale lines of a phone that does not answer are not offered.
			mustBeDisabled(t, m, "answer", "reject", "hold", "hangup")
			if strings.Contains(mustFind(t, m, "detail").Label, "203") {
				t.Errorf("detail %q shows a stale call", mustFind(t, m, "detail").Label)
			}
			for _, id := range []string{"call_clipboard", "recent.0", "controls.mute", "phone.reboot", "phone.reset"} {
				if mustFind(t, m, id).Enabled {
					t.Errorf("%s is enabled although the phone cannot be used", id)
				}
			}
			for _, id := range []string{"dialpad", "settings", "quit", "recent.all"} {
				if !mustFind(t, m, id).Enabled {
					t.Errorf("%s is disabled", id)
				}
			}
		})
	}
}

// A copied text with several numbers: the menu offers each (the hotkey's
// notification says to choose here when it cannot carry buttons).
func TestMenuOffersDialChoices(t *testing.T) {
	st := online()
	st.DialChoices, st.DialChoicesPhone = []string{"+1 555 0100", "+1 555 0199"}, "Lab"
	m := BuildMenu(st, "", nil, en)
	for i, want := range st.DialChoices {
		it := wantLabel(t, m, poolID("choice", i), "Call "+want)
		// A choice dials on the phone whose dial asked.
		if !it.Enabled || it.Action.Kind != ActDialChoice || it.Action.Number != want || it.Action.Phone != "Lab" {
			t.Errorf("choice %d: %+v", i, it)
		}
	}
	if _, ok := m.Find("choice.2"); ok {
		t.Error("a third choice item for two numbers")
	}
	wantLabel(t, m, "choice", "Which number?")
	if !mustFind(t, m, "choice").Enabled {
		t.Error("the Which number? submenu is disabled while it holds numbers")
	}
	idle := BuildMenu(online(), "", nil, en)
	if _, ok := idle.Find("choice.0"); ok {
		t.Error("choice items without a choice")
	}
	// Without a question the submenu stays in its place, disabled.
	if it := wantLabel(t, idle, "choice", "Which number? (nothing to choose)"); it.Enabled {
		t.Error("the Which number? submenu is enabled with nothing to choose")
	}
}

func TestMenuClipboardNumber(t *testing.T) {
	m := BuildMenu(online(), "+74951234567", nil, en)
	it := wantLabel(t, m, "call_clipboard", "Call +74951234567")
	if !it.Enabled || it.Action.Kind != ActDialClipboard {
		t.Errorf("call clipboard item %+v", it)
	}
	m = BuildMenu(online(), "", nil, en)
	it = wantLabel(t, m, "call_clipboard", "Call clipboard number")
	if it.Enabled {
		t.Error("the clipboard item is enabled without a number")
	}
}

func TestMenuRecentCalls(t *testing.T) {
	loc := time.FixedZone("MSK", 3*3600)
	now := time.Date(2026, 3, 10, 18, 0, 0, 0, loc)
	calls := []cti.Call{
		{Direction: cti.Incoming, Name: "Анна Смирнова", Number: "+74951234567", Outcome: cti.Missed, Start: time.Date(2026, 3, 10, 14, 5, 0, 0, loc)},
		{Direction: cti.Outgoing, Number: "203", Outcome: cti.Answered, Start: time.Date(2026, 3, 9, 9, 30, 0, 0, loc)},
		{Direction: cti.Incoming, Name: "Reception", Number: "100", Outcome: cti.Answered, Start: time.Date(2026, 3, 10, 11, 0, 0, 0, loc)},
		{Direction: cti.Incoming, Number: "100", Outcome: cti.Rejected, Start: time.Date(2026, 3, 10, 11, 0, 0, 0, loc)},
		{Direction: cti.Outgoing, Number: "+15555550100", Outcome: cti.NoAnswer, Start: time.Date(2026, 3, 10, 11, 0, 0, 0, loc)},
		{Direction: cti.Incoming, Outcome: cti.Missed, Start: time.Date(2026, 3, 10, 11, 0, 0, 0, loc)},
	}
	st := online()
	st.UnseenMissed = 2
	m := buildMenu(st, "", calls, en, now)
	wantLabel(t, m, "recent", "Recent calls (2 missed)")
	missed := wantLabel(t, m, "recent.0", "✗ Анна Смирнова (+74951234567) — 14:05 (missed)")
	if !missed.Enabled || !reflect.DeepEqual(missed.Action, Action{Kind: ActDial, Number: "+74951234567"}) {
		t.Errorf("missed call item %+v, want a call back to the number", missed)
	}
	wantLabel(t, m, "recent.1", "↗ 203 — Mar 9, 09:30")
	wantLabel(t, m, "recent.2", "↙ Reception (100) — 11:00")
	wantLabel(t, m, "recent.3", "↙ 100 — 11:00 (rejected)")
	wantLabel(t, m, "recent.4", "↗ +15555550100 — 11:00 (no answer)")
	if it := wantLabel(t, m, "recent.5", "✗ Unknown caller — 11:00 (missed)"); it.Enabled {
		t.Error("a call without a number can be called back")
	}
	mustLack(t, m, "recent.none", "recent.6")
	if !strings.Contains(m.Tooltip, "2 missed") {
		t.Errorf("tooltip %q does not count the missed calls", m.Tooltip)
	}

	// At most 10, newest first as given.
	many := make([]cti.Call, 15)
	for i := range many {
		many[i] = cti.Call{Direction: cti.Incoming, Number: "10" + string(rune('0'+i%10)), Outcome: cti.Answered, Start: now}
	}
	m = buildMenu(online(), "", many, en, now)
	mustFind(t, m, "recent.9")
	mustLack(t, m, "recent.10")
}

func TestMenuRussian(t *testing.T) {
	loc := time.FixedZone("MSK", 3*3600)
	now := time.Date(2026, 3, 10, 18, 0, 0, 0, loc)
	calls := []cti.Call{
		{Direction: cti.Incoming, Name: "Виталик", Number: "203", Outcome: cti.Missed, Start: time.Date(2026, 3, 8, 14, 5, 0, 0, loc)},
	}
	st := ringing("Виталик", "203")
	st.UnseenMissed = 1
	m := buildMenu(st, "+74951234567", calls, ru, now)
	for id, want := range map[string]string{
		"status":         "192.168.1.20 — Входящий вызов",
		"detail":         "Линия 1: Виталик (203) — Входящий вызов",
		"answer":         "Ответить",
		"reject":         "Отклонить",
		"call_clipboard": "Позвонить: +74951234567",
		"dialpad":        "Набор номера…",
		"recent":         "Последние вызовы (пропущенных: 1)",
		"recent.0":       "✗ Виталик (203) — 08.03, 14:05 (пропущенный)",
		"recent.all":     "Показать все…",
		"controls":       "Управление телефоном",
		"controls.vup":   "Громче",
		"settings":       "Настройки…",
		"phone.reboot":   "Перезагрузить…",
		"quit":           "Выход",
	} {
		wantLabel(t, m, id, want)
	}
	m = BuildMenu(online(cti.Line{Line: 1, State: cti.StateOnHold}), "", nil, ru)
	wantLabel(t, m, "hold", "Снять с удержания")
	wantLabel(t, m, "hangup", "Завершить вызов")
	wantLabel(t, m, "detail", "Линия 1 — На удержании")
	st = online()
	wantLabel(t, BuildMenu(st, "", nil, ru), "detail", "Ctrl+Shift+D — позвонить по скопированному номеру")
	st.Hotkey = ""
	wantLabel(t, BuildMenu(st, "", nil, ru), "detail", "Вызовов нет")
	wantLabel(t, m, "call_clipboard", "Позвонить по номеру из буфера")
}

func TestMenuHotkeyProblemAndDemo(t *testing.T) {
	st := online()
	st.Demo = true
	st.Phone = "http://127.0.0.1:40123"
	st.HotkeyErr = "global hotkeys need X11"
	m := BuildMenu(st, "", nil, en)
	wantLabel(t, m, "status", "Demo phone — Idle")
	it := wantLabel(t, m, "detail", "Hotkey Ctrl+Shift+D unavailable: global hotkeys need X11")
	if it.Enabled {
		t.Error("the hotkey problem line is clickable")
	}
}

func TestMenuHostileTextFromThePhone(t *testing.T) {
	name := "Evil\u202e\u200bCaller\x1b[31m\n\tSecond line " + strings.Repeat("x", 100)
	m := BuildMenu(ringing(name, "203\x00"), "", nil, en)
	l := mustFind(t, m, "detail").Label
	for _, bad := range []string{"\u202e", "\u200b", "\x1b", "\n", "\t", "\x00"} {
		if strings.Contains(l, bad) {
			t.Errorf("line label %q keeps %q", l, bad)
		}
	}
	if !strings.HasPrefix(l, "Line 1: EvilCaller[31m Second line xxx") || !strings.Contains(l, "… (203) — Ringing") {
		t.Errorf("line label %q", l)
	}
	if n := len([]rune(l)); n > 100 {
		t.Errorf("line label has %d characters", n)
	}
}

func TestEveryMenuItemHasAPlaceInTheLayout(t *testing.T) {
	layout := map[string]bool{}
	var walk func([]slotSpec)
	walk = func(specs []slotSpec) {
		for _, s := range specs {
			if s.id != "" {
				if layout[s.id] {
					t.Errorf("layout has %q twice", s.id)
				}
				layout[s.id] = true
			}
			walk(s.children)
		}
	}
	walk(menuLayout)
	var calls []cti.Call
	for range 12 {
		calls = append(calls, cti.Call{Number: "203", Outcome: cti.Missed})
	}
	busy := online(cti.Line{Line: 1, State: cti.StateConnected}, cti.Line{Line: 2, State: cti.StateRinging}, cti.Line{Line: 3, State: cti.StateOnHold})
	busy.Lines = append(busy.Lines, cti.Line{Line: 4, State: cti.StateCalling}, cti.Line{Line: 5, State: "transfer"})
	busy.DialBusy, busy.DialProgress, busy.HotkeyErr = true, "Dialing", "taken"
	for _, st := range []localapi.State{{}, online(), busy, {PhoneState: localapi.PhoneState{Phone: "x", Conn: cti.ConnOffline, ConnErr: "down"}}} {
		for _, clip := range []string{"", "203"} {
			for _, id := range menuIDs(BuildMenu(st, clip, calls, en).Items) {
				if !layout[id] {
					t.Errorf("BuildMenu made %q, which has no place in the tray layout", id)
				}
			}
		}
	}
}

func TestStatusOfUnknownPhoneState(t *testing.T) {
	// States only the phone knows (transfer, conference) mean a call goes on.
	st := online(cti.Line{Line: 1, State: "transfer", RemoteNumber: "100"})
	if s := StatusOf(st); s != StatusInCall {
		t.Errorf("status %s, want in call", s)
	}
	m := BuildMenu(st, "", nil, en)
	wantLabel(t, m, "detail", "Line 1: 100 — transfer")
	mustFind(t, m, "hangup")
}

func TestIconForEveryStatusIsADistinctPicture(t *testing.T) {
	states := map[Status]localapi.State{
		StatusIdle:    online(),
		StatusRinging: ringing("", "203"),
		StatusInCall:  online(cti.Line{Line: 1, State: cti.StateConnected}),
		StatusOnHold:  online(cti.Line{Line: 1, State: cti.StateOnHold}),
		StatusOffline: {PhoneState: localapi.PhoneState{Phone: "p", Conn: cti.ConnOffline}},
		StatusSignIn:  {PhoneState: localapi.PhoneState{Phone: "p", Conn: cti.ConnUnauthorized}},
	}
	seen := map[string]Status{}
	for want, st := range states {
		if got := StatusOf(st); got != want {
			t.Errorf("StatusOf = %s, want %s", got, want)
		}
		png := IconFor(st)
		if len(png) == 0 {
			t.Fatalf("no icon for %s", want)
		}
		if other, dup := seen[string(png)]; dup {
			t.Errorf("%s and %s share an icon", want, other)
		}
		seen[string(png)] = want
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"  Anna   Smith ": "Anna Smith",
		"a\u2066b\u2069c": "abc",
		"\xff\xfe203":     "\uFFFD203",
		"":                "",
		"1234567890":      "1234567890",
		"12345678901":     "123456789…",
	} {
		if got := cleanText(in, 10); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEscapeMnemonic(t *testing.T) {
	if got := escapeMnemonic("linux", "A_B (2_03)"); got != "A__B (2__03)" {
		t.Errorf("linux: %q", got)
	}
	if got := escapeMnemonic("windows", "Smith & Co_"); got != "Smith && Co_" {
		t.Errorf("windows: %q", got)
	}
}

// shape is where each item of a menu is: its id with the ids of its
// submenu's head (the recent calls at the end of theirs and the numbers of
// "Which number?" are left out: they are the only items that come and go,
// below everything else in their submenus).
func shape(items []Item) []string {
	var out []string
	for _, it := range items {
		if (strings.HasPrefix(it.ID, "recent.") && it.ID != "recent.all") || strings.HasPrefix(it.ID, "choice.") {
			continue
		}
		out = append(out, it.ID)
		if sub := shape(it.Children); len(sub) > 0 {
			out = append(out, "[")
			out = append(out, sub...)
			out = append(out, "]")
		}
	}
	return out
}

func TestMenuItemsNeverMove(t *testing.T) {
	calling := online(cti.Line{Line: 1, State: cti.StateCalling, RemoteNumber: "203"})
	calling.DialBusy, calling.DialProgress = true, "Dialing 203"
	hotkeyErr := online()
	hotkeyErr.HotkeyErr = "taken"
	choosing := online()
	choosing.DialChoices = []string{"+1 555 0100", "+1 555 0199"}
	states := map[string]localapi.State{
		"not configured": {},
		"connecting":     {PhoneState: localapi.PhoneState{Phone: "192.168.1.20"}},
		"offline":        {PhoneState: localapi.PhoneState{Phone: "192.168.1.20", Conn: cti.ConnOffline, ConnErr: "down"}},
		"sign-in":        {PhoneState: localapi.PhoneState{Phone: "192.168.1.20", Conn: cti.ConnUnauthorized, ConnErr: "rejected"}},
		"idle":           online(),
		"hotkey problem": hotkeyErr,
		"ringing":        ringing("Виталик", "203"),
		"in call":        online(cti.Line{Line: 1, State: cti.StateConnected, RemoteNumber: "100"}),
		"on hold":        online(cti.Line{Line: 1, State: cti.StateOnHold, RemoteNumber: "100"}),
		"call waiting":   online(cti.Line{Line: 1, State: cti.StateConnected}, cti.Line{Line: 2, State: cti.StateRinging}),
		"calling":        calling,
		"which number":   choosing,
	}
	want := shape(BuildMenu(online(), "", nil, en).Items)
	for name, st := range states {
		for _, clip := range []string{"", "203"} {
			for _, recent := range [][]cti.Call{nil, {{Number: "100", Outcome: cti.Missed}}} {
				m := BuildMenu(st, clip, recent, en)
				if got := shape(m.Items); !slices.Equal(got, want) {
					t.Errorf("%s (clipboard %q, %d recent): items\n%v\nwant the places of idle\n%v", name, clip, len(recent), got, want)
				}
				// The head of the recent calls is their first entry, whatever the history.
				if rc := mustFind(t, m, "recent"); rc.Children[0].ID != "recent.all" {
					t.Errorf("%s: the recent calls begin with %q", name, rc.Children[0].ID)
				}
			}
		}
	}
}
