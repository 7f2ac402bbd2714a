package windows

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
)

// historySize is how many calls the window lists.
const historySize = 200

// HistoryWindow lists recent calls, newest first, one compact row each,
// missed calls marked. It follows the tray's event stream: a call that ends
// appears, a cleared history empties the list. The search field filters by
// name or number. "Call back" (or a double click on a row) dials the
// selected call's number. "Clear history…" asks first, then has the tray
// process (which owns the history) forget every call. Opening the window
// marks missed calls as seen.
type HistoryWindow struct {
	base

	Search       *widget.Entry
	List         *widget.List
	CallBack     *widget.Button
	Clear        *widget.Button
	ClearConfirm *widget.Button // "Delete all calls", shown after Clear
	ClearCancel  *widget.Button
	ClearAsk     *widget.Label
	Empty        *widget.Label
	Info         *widget.Label
	Error        *widget.Label

	all      []cti.Call // as the tray sent them
	calls    []cti.Call // what the list shows: all, filtered by the search
	selected int        // index into calls; -1: none
	dialing  bool
	cleared  uint64 // State.HistoryCleared last seen
	loaded   bool
	confirm  *fyne.Container
	now      func() time.Time
}

// NewHistoryWindow builds the window, loads the history and marks missed
// calls seen.
func NewHistoryWindow(env Env) *HistoryWindow {
	h := &HistoryWindow{selected: -1, now: time.Now}
	h.init(env, WindowHistory)
	t := h.env.t

	h.Search = widget.NewEntry()
	h.Search.SetPlaceHolder(t("window.history.search"))
	h.Search.OnChanged = func(string) { h.filter() }
	h.List = widget.NewList(
		func() int { return len(h.calls) },
		func() fyne.CanvasObject { return newHistoryRow(h) },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= 0 && id < len(h.calls) {
				o.(*historyRow).set(id, h.calls[id])
			}
		})
	h.List.OnSelected = func(id widget.ListItemID) {
		h.selected = id
		h.refreshButtons()
	}
	h.List.OnUnselected = func(widget.ListItemID) {
		h.selected = -1
		h.refreshButtons()
	}
	h.CallBack = widget.NewButton(t("window.history.call_back"), func() { h.callBack(h.selected) })
	h.CallBack.Importance = widget.HighImportance
	h.Clear = widget.NewButton(t("window.history.clear"), h.askClear)
	h.ClearAsk = widget.NewLabel("")
	h.ClearAsk.Wrapping = fyne.TextWrapWord
	h.ClearConfirm = widget.NewButton(t("window.history.clear_ok"), h.clear)
	h.ClearConfirm.Importance = widget.DangerImportance
	h.ClearCancel = widget.NewButton(t("window.cancel"), h.cancelClear)
	h.confirm = container.NewVBox(h.ClearAsk, container.NewHBox(layout.NewSpacer(), h.ClearCancel, h.ClearConfirm))
	h.confirm.Hide()
	h.Empty = widget.NewLabel(t("window.history.loading"))
	h.Info = newMessage(false)
	h.Error = newMessage(true)

	bottom := container.NewVBox(h.Info, h.Error, h.confirm, container.NewHBox(h.CallBack, layout.NewSpacer(), h.Clear))
	h.win.SetContent(container.NewBorder(h.Search, bottom, nil, nil, container.NewStack(h.List, h.Empty)))
	h.win.Resize(fyne.NewSize(560, 480))
	h.refreshButtons()

	h.load()
	h.markSeen()
	h.env.watch(h.ctx, h.apply, nil)
	return h
}

// Calls is what the window lists, newest first (after the search).
func (h *HistoryWindow) Calls() []cti.Call { return h.calls }

func (h *HistoryWindow) refreshButtons() {
	enable(h.CallBack, !h.dialing && h.selected >= 0 && h.selected < len(h.calls) && h.calls[h.selected].Number != "")
	enable(h.Clear, len(h.all) > 0 && !h.confirm.Visible())
}

func (h *HistoryWindow) load() {
	api, err := h.env.api()
	if err != nil {
		h.showError(err)
		return
	}
	var calls []cti.Call
	h.env.async(h.ctx, 0, func(ctx context.Context) error {
		var err error
		calls, err = api.History(ctx, historySize)
		return err
	}, func(err error) {
		if err != nil {
			h.Empty.SetText("")
			h.showError(err)
			return
		}
		setMessage(h.Error, "")
		h.all, h.loaded = calls, true
		h.filter()
	})
}

// filter shows the calls that match the search: the name contains the
// words typed, or the number the digits typed (so "495 123" finds
// +7 (495) 123-45-67).
func (h *HistoryWindow) filter() {
	q := strings.TrimSpace(h.Search.Text)
	h.calls = h.all
	if q != "" {
		h.calls = nil
		for _, c := range h.all {
			if callMatches(c, q) {
				h.calls = append(h.calls, c)
			}
		}
	}
	h.selected = -1
	h.List.UnselectAll()
	h.List.Refresh()
	switch {
	case !h.loaded:
	case len(h.all) == 0:
		h.Empty.SetText(h.env.t("window.history.empty"))
		h.Empty.Show()
	case len(h.calls) == 0:
		h.Empty.SetText(h.env.t("window.history.no_match", q))
		h.Empty.Show()
	default:
		h.Empty.Hide()
	}
	h.refreshButtons()
}

func callMatches(c cti.Call, q string) bool {
	if strings.Contains(strings.ToLower(c.Name), strings.ToLower(q)) {
		return true
	}
	digits := onlyDigits(q)
	return digits != "" && strings.Contains(onlyDigits(c.Number), digits)
}

func onlyDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

func (h *HistoryWindow) markSeen() {
	api, err := h.env.api()
	if err != nil {
		return
	}
	h.env.async(h.ctx, 0, func(ctx context.Context) error { return api.MarkMissedSeen(ctx) }, func(err error) {
		if err != nil {
			h.env.Logger.Warn("marking missed calls seen", "err", err)
		}
	})
}

// apply reloads the list when a call ends (a new history entry) or the
// history was cleared (from another window or the command line).
func (h *HistoryWindow) apply(u localapi.Update) {
	if u.Event != nil && u.Event.Kind == cti.EventEnded {
		h.load()
		h.markSeen()
	}
	if u.State != nil && u.State.HistoryCleared != h.cleared {
		h.cleared = u.State.HistoryCleared
		h.load()
	}
}

// askClear asks, in the window, before the history goes.
func (h *HistoryWindow) askClear() {
	h.ClearAsk.SetText(h.env.t("window.history.clear_question", len(h.all)))
	h.confirm.Show()
	h.refreshButtons()
}

func (h *HistoryWindow) cancelClear() {
	h.confirm.Hide()
	h.refreshButtons()
}

func (h *HistoryWindow) clear() {
	api, err := h.env.api()
	if err != nil {
		h.showError(err)
		return
	}
	h.ClearConfirm.Disable()
	h.env.async(h.ctx, 0, func(ctx context.Context) error { return api.ClearHistory(ctx) }, func(err error) {
		h.ClearConfirm.Enable()
		h.confirm.Hide()
		if err != nil {
			h.showError(err)
			h.refreshButtons()
			return
		}
		setMessage(h.Error, "")
		setMessage(h.Info, h.env.t("window.history.cleared"))
		h.all = nil
		h.filter()
	})
}

func (h *HistoryWindow) callBack(id int) {
	if id < 0 || id >= len(h.calls) || h.dialing {
		return
	}
	number := h.calls[id].Number
	if number == "" {
		return
	}
	api, err := h.env.api()
	if err != nil {
		h.showError(err)
		return
	}
	// On the phone the call was on (the default phone when the history
	// does not say: one phone only).
	api = forPhone(api, h.calls[id].Phone)
	h.dialing = true
	h.refreshButtons()
	h.env.dial(h.ctx, api, number, h.Info, h.Error, func() {
		h.dialing = false
		h.refreshButtons()
	})
}

func (h *HistoryWindow) showError(err error) { setMessage(h.Error, h.env.errText(err)) }

// callText is how a history entry reads: who, a detail (the number when a
// name is shown, the outcome, the length of a call that was answered) and
// when, relative to now. missed marks calls the user did not take.
func (e *Env) callText(c cti.Call, now time.Time) (title, detail, when string, missed bool) {
	title = strings.TrimSpace(c.Name)
	if title == "" {
		title = c.Number
	}
	if title == "" {
		title = e.t("window.unknown_caller")
	}
	var parts []string
	if c.Number != "" && c.Number != title {
		parts = append(parts, c.Number)
	}
	switch c.Outcome {
	case cti.Answered:
		parts = append(parts, formatDuration(c.Duration))
	case cti.Missed:
		parts = append(parts, e.t("window.history.missed"))
		missed = true
	case cti.Rejected:
		parts = append(parts, e.t("window.history.rejected"))
	case cti.NoAnswer:
		parts = append(parts, e.t("window.history.unanswered"))
	default:
		if c.Outcome != "" {
			parts = append(parts, string(c.Outcome))
		}
	}
	if c.Phone != "" {
		// Named only while several phones are watched.
		parts = append(parts, cti.CleanText(c.Phone))
	}
	return title, strings.Join(parts, " · "), e.relativeTime(c.Start, now), missed
}

// relativeTime is "today 14:05", "yesterday 09:30", "Mar 2, 14:05" this
// year, "Mar 2, 2025" before.
func (e *Env) relativeTime(t, now time.Time) string {
	t = t.In(now.Location())
	day := func(t time.Time) time.Time { y, m, d := t.Date(); return time.Date(y, m, d, 0, 0, 0, 0, t.Location()) }
	clock := t.Format("15:04")
	switch today := day(now); {
	case day(t).Equal(today):
		return e.t("window.history.today", clock)
	case day(t).Equal(today.AddDate(0, 0, -1)):
		return e.t("window.history.yesterday", clock)
	case t.Year() == now.Year():
		return t.Format(e.t("window.history.date_layout"))
	}
	return t.Format(e.t("window.history.date_layout_year"))
}

// formatDuration writes a call duration as m:ss (h:mm:ss past an hour).
func formatDuration(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s < 0 {
		s = 0
	}
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// historyRow is one call in the list, on one line: the direction (a red
// mark for a missed call), who, the detail, and when on the right. It takes
// taps itself so that a double click can call back; a single tap selects
// the row as usual.
type historyRow struct {
	widget.BaseWidget
	h    *HistoryWindow
	id   int
	text *widget.RichText
	when *widget.RichText
}

func newHistoryRow(h *HistoryWindow) *historyRow {
	r := &historyRow{h: h, id: -1, text: widget.NewRichText(), when: newSecondary("")}
	r.text.Truncation = fyne.TextTruncateEllipsis
	r.when.Wrapping = fyne.TextWrapOff
	r.ExtendBaseWidget(r)
	return r
}

// Marks of the rows: the direction, or that the call was missed.
const (
	markIncoming = "↙"
	markOutgoing = "↗"
	markMissed   = "●"
)

func (r *historyRow) set(id int, c cti.Call) {
	r.id = id
	title, detail, when, missed := r.h.env.callText(c, r.h.now())
	mark := &widget.TextSegment{Text: markIncoming + " ", Style: widget.RichTextStyle{Inline: true, ColorName: theme.ColorNamePlaceHolder}}
	switch {
	case missed:
		mark = &widget.TextSegment{Text: markMissed + " ", Style: widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameError}}
	case c.Direction == cti.Outgoing:
		mark.Text = markOutgoing + " "
	}
	segs := []widget.RichTextSegment{mark,
		&widget.TextSegment{Text: title, Style: widget.RichTextStyle{Inline: true, TextStyle: fyne.TextStyle{Bold: true}}}}
	if detail != "" {
		segs = append(segs, &widget.TextSegment{Text: "  " + detail, Style: secondaryStyle})
	}
	r.text.Segments = segs
	r.text.Refresh()
	setSecondary(r.when, when)
}

// Text is the row as a person reads it (for tests).
func (r *historyRow) Text() string { return r.text.String() + " | " + r.when.String() }

func (r *historyRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, r.when, r.text))
}

// Tapped selects the row.
func (r *historyRow) Tapped(*fyne.PointEvent) {
	if r.id >= 0 {
		r.h.List.Select(r.id)
	}
}

// DoubleTapped calls the row's number back.
func (r *historyRow) DoubleTapped(*fyne.PointEvent) {
	if r.id >= 0 {
		r.h.List.Select(r.id)
		r.h.callBack(r.id)
	}
}
