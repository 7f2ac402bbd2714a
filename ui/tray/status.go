package tray

import (
	"slices"
	"strings"

	"github.com/gxptray/gxptray/assets"
	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/problem"
)

// Status is the one word the tray shows for the phone.
type Status string

// Statuses, from "cannot work" to "in a call".
const (
	StatusNotConfigured Status = "not_configured" // no phone address, or one that cannot be used
	StatusConnecting    Status = "connecting"     // no answer from the phone yet
	StatusOffline       Status = "offline"        // the phone does not answer
	StatusSignIn        Status = "signin"         // passcode missing or rejected
	StatusIdle          Status = "idle"
	StatusCalling       Status = "calling" // an outgoing call not answered yet
	StatusRinging       Status = "ringing"
	StatusInCall        Status = "in_call"
	StatusOnHold        Status = "on_hold" // every call is on hold
)

// StatusOf sums st up: the status of its phone, or with several phones the
// most urgent of theirs (mostUrgent).
func StatusOf(st localapi.State) Status {
	if len(st.Phones) > 1 {
		return mostUrgent(st.Phones)
	}
	return phoneStatus(st.PhoneState)
}

// phoneStatus sums one phone up. With several lines busy the one that
// needs the user most wins: a ringing line, then a call in progress, a
// held call, an outgoing call.
func phoneStatus(st localapi.PhoneState) Status {
	switch {
	case st.Phone == "":
		return StatusNotConfigured
	case st.Conn == cti.ConnUnauthorized || st.NeedPasscode:
		return StatusSignIn
	case st.Conn == cti.ConnOffline:
		return StatusOffline
	case st.Conn != cti.ConnOnline && st.ConnErr != "":
		// The service has no client for the address (it is not usable).
		return StatusNotConfigured
	case st.Conn != cti.ConnOnline:
		return StatusConnecting
	}
	var ringing, talking, held, calling bool
	for _, l := range st.Lines {
		switch l.State {
		case cti.StateIdle, cti.StateFailed, "":
		case cti.StateRinging:
			ringing = true
		case cti.StateOnHold:
			held = true
		case cti.StateDialing, cti.StateCalling:
			calling = true
		default:
			// connected, and the states this app does not know (transfer,
			// conference...): a call is going on.
			talking = true
		}
	}
	switch {
	case ringing:
		return StatusRinging
	case talking:
		return StatusInCall
	case held:
		return StatusOnHold
	case calling:
		return StatusCalling
	}
	return StatusIdle
}

// iconName is the picture of each status. A phone that is not set up shows
// the sign-in problem icon: both need the user to open Settings.
func iconName(s Status) string {
	switch s {
	case StatusRinging:
		return assets.TrayRinging
	case StatusInCall, StatusCalling:
		return assets.TrayInCall
	case StatusOnHold:
		return assets.TrayOnHold
	case StatusOffline, StatusConnecting:
		return assets.TrayOffline
	case StatusSignIn, StatusNotConfigured:
		return assets.TraySignIn
	}
	return assets.TrayIdle
}

// urgency orders the statuses of several phones for the one icon they
// share, most urgent first. A ringing phone wins: it needs the person
// within seconds. Then what only the person can fix and the tray will not
// retry by itself: a rejected or missing password (phones lock the account
// after a few failures, so the tray stopped trying) and an address that
// cannot be used. Then a phone that does not answer (calls to it are lost,
// but it may come back by itself), then one still connecting (that passes
// by itself). Last the phones that work: a call in progress, held, being
// made, idle, as for one phone; a call the person is in is no news to them.
var urgency = []Status{
	StatusRinging, StatusSignIn, StatusNotConfigured, StatusOffline, StatusConnecting,
	StatusInCall, StatusOnHold, StatusCalling, StatusIdle,
}

// rank is s's place in urgency (lower is more urgent).
func rank(s Status) int {
	for i, u := range urgency {
		if u == s {
			return i
		}
	}
	return len(urgency)
}

// mostUrgent is the status of the phone that needs the person most.
func mostUrgent(phones []localapi.PhoneState) Status {
	best := StatusIdle
	for _, p := range phones {
		if s := phoneStatus(p); rank(s) < rank(best) {
			best = s
		}
	}
	return best
}

// IconFor is the tray icon (PNG) for st.
func IconFor(st localapi.State) []byte { return assets.Icon(iconName(StatusOf(st))) }

// statusKey is the i18n key of each status word of the phone itself.
var statusKey = map[Status]string{
	StatusNotConfigured: "tray.status.not_configured",
	StatusConnecting:    "tray.status.connecting",
	StatusOffline:       "tray.status.offline",
	StatusSignIn:        "tray.status.auth",
	StatusIdle:          "tray.status.idle",
}

// callState is the line state each status of a call stands for: its word
// is that line's word (problem.LineState), as in the menu's line below it.
var callState = map[Status]cti.LineState{
	StatusCalling: cti.StateCalling,
	StatusRinging: cti.StateRinging,
	StatusInCall:  cti.StateConnected,
	StatusOnHold:  cti.StateOnHold,
}

// Word is the status as the user reads it.
func (s Status) Word(cat *i18n.Catalog) string {
	if k, ok := statusKey[s]; ok {
		return cat.T(k)
	}
	if ls, ok := callState[s]; ok {
		return problem.LineState(cat, ls)
	}
	return string(s)
}

// lineWord is the state of one line as the user reads it; a state only the
// phone knows is its own word, cleaned and cut for the menu.
func lineWord(state cti.LineState, cat *i18n.Catalog) string {
	return cleanText(problem.LineState(cat, state), 20)
}

// statusLine is the first, disabled line of the menu: "192.168.1.20 —
// Ringing"; with several phones it names p by its name ("Office — Ringing").
func statusLine(st localapi.State, p localapi.PhoneState, s Status, cat *i18n.Catalog) string {
	switch {
	case st.Demo:
		return cat.T("tray.status_line", cat.T("tray.demo_phone"), s.Word(cat))
	case p.Phone == "":
		return cat.T("tray.no_phone")
	}
	return cat.T("tray.status_line", phoneLabel(st, p), s.Word(cat))
}

// phoneLabel is how the menu names p: its address while it is the only
// phone, else its name.
func phoneLabel(st localapi.State, p localapi.PhoneState) string {
	if len(st.Phones) > 1 && p.Name != "" {
		return cleanText(p.Name, maxNameLen)
	}
	return phoneHost(p.Phone)
}

// Tooltip is the text shown when pointing at the tray icon: the status, the
// caller while a call rings, and the missed calls not looked at yet. With
// several phones it names those that need the person (ringing, a sign-in
// problem, offline, connecting: the statuses above the calls in urgency),
// the most urgent first; when none does, every phone.
func Tooltip(st localapi.State, cat *i18n.Catalog) string {
	var parts []string
	if len(st.Phones) > 1 {
		parts = phonesNeedingAttention(st, cat)
	} else {
		parts = []string{phoneTooltip(st, st.PhoneState, phoneStatus(st.PhoneState), cat)}
	}
	text := strings.Join(parts, " · ")
	if st.UnseenMissed > 0 {
		text += " · " + cat.T("tray.tooltip_missed", st.UnseenMissed)
	}
	return cat.T("tray.tooltip", text)
}

// phoneTooltip is one phone in the tooltip: its status line, and the
// caller while it rings.
func phoneTooltip(st localapi.State, p localapi.PhoneState, s Status, cat *i18n.Catalog) string {
	text := statusLine(st, p, s, cat)
	if s != StatusRinging {
		return text
	}
	for _, l := range p.Lines {
		if l.State == cti.StateRinging {
			if who := callerText(l.RemoteName, l.RemoteNumber, cat); who != "" {
				text = cat.T("tray.tooltip_caller", text, who)
			}
			break
		}
	}
	return text
}

// phonesNeedingAttention are the tooltip parts of several phones.
func phonesNeedingAttention(st localapi.State, cat *i18n.Catalog) []string {
	type part struct {
		rank int
		text string
	}
	var need, all []part
	for _, p := range st.Phones {
		s := phoneStatus(p)
		pt := part{rank(s), phoneTooltip(st, p, s, cat)}
		all = append(all, pt)
		if pt.rank < rank(StatusInCall) {
			need = append(need, pt)
		}
	}
	if len(need) == 0 {
		need = all
	}
	// Most urgent first; phones of the same urgency in the settings' order.
	slices.SortStableFunc(need, func(a, b part) int { return a.rank - b.rank })
	out := make([]string, len(need))
	for i, pt := range need {
		out[i] = pt.text
	}
	return out
}

// callerText is "Name (number)", or whichever of the two the phone gave.
func callerText(name, number string, cat *i18n.Catalog) string {
	return problem.Caller(cleanText(name, maxNameLen), cleanText(number, maxNumberLen), func(name, number string) string {
		return cat.T("tray.caller", name, number)
	})
}
