package windows

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
)

// historySize is how many calls the window lists.
const historySize = 200

// HistoryWindow lists recent calls, newest first, with missed calls marked.
// "Call back" (or a double click on a row) dials the selected call's
// number. Opening the window marks missed calls as seen.
type HistoryWindow struct {
	base

	List     *widget.List
	CallBack *widget.Button
	Reload   *widget.Button
	Empty    *widget.Label
	Info     *widget.Label
	Error    *widget.Label

	calls    []cti.Call
	selected int // -1: none
	dialing  bool
}

// NewHistoryWindow builds the window, loads the history and marks missed
// calls seen.
func NewHistoryWindow(env Env) *HistoryWindow {
	h := &HistoryWindow{selected: -1}
	h.init(env, WindowHistory)
	t := h.env.t

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
	h.Reload = widget.NewButton(t("window.history.reload"), h.load)
	h.Empty = widget.NewLabel(t("window.history.loading"))
	h.Info = newMessage(false)
	h.Error = newMessage(true)

	bottom := container.NewVBox(h.Info, h.Error, container.NewHBox(h.CallBack, h.Reload))
	h.win.SetContent(container.NewBorder(nil, bottom, nil, nil, container.NewStack(h.List, h.Empty)))
	h.win.Resize(fyne.NewSize(520, 480))
	h.refreshButtons()

	h.load()
	h.markSeen()
	h.env.watch(h.ctx, h.apply, nil)
	return h
}

// Calls is what the window lists, newest first.
func (h *HistoryWindow) Calls() []cti.Call { return h.calls }

func (h *HistoryWindow) refreshButtons() {
	enable(h.CallBack, !h.dialing && h.selected >= 0 && h.selected < len(h.calls) && h.calls[h.selected].Number != "")
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
		h.calls = calls
		h.selected = -1
		h.List.UnselectAll()
		h.List.Refresh()
		if len(calls) == 0 {
			h.Empty.SetText(h.env.t("window.history.empty"))
			h.Empty.Show()
		} else {
			h.Empty.Hide()
		}
		h.refreshButtons()
	})
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

// apply reloads the list when a call ends (a new history entry).
func (h *HistoryWindow) apply(u localapi.Update) {
	if u.Event != nil && u.Event.Kind == cti.EventEnded {
		h.load()
		h.markSeen()
	}
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
	h.dialing = true
	h.refreshButtons()
	setMessage(h.Error, "")
	setMessage(h.Info, h.env.t("window.dialpad.calling", number))
	var res localapi.Dialed
	h.env.async(h.ctx, dialTimeout, func(ctx context.Context) error {
		var err error
		res, err = api.Dial(ctx, number)
		return err
	}, func(err error) {
		h.dialing = false
		h.refreshButtons()
		if err != nil {
			setMessage(h.Info, "")
			h.showError(err)
			return
		}
		setMessage(h.Info, h.env.t("window.dialpad.dialed", res.Number, h.env.methodText(res.Method)))
	})
}

func (h *HistoryWindow) showError(err error) { setMessage(h.Error, h.env.errText(err)) }

// callText is how a history entry reads: a title (who) and a detail line
// (when, direction, number, outcome and duration). missed marks calls the
// user did not take.
func (e *Env) callText(c cti.Call) (title, detail string, missed bool) {
	title = strings.TrimSpace(c.Name)
	if title == "" {
		title = c.Number
	}
	if title == "" {
		title = e.t("window.unknown_caller")
	}
	parts := []string{c.Start.Local().Format("2006-01-02 15:04")}
	if c.Direction == cti.Outgoing {
		parts = append(parts, "↗ "+e.t("window.history.outgoing"))
	} else {
		parts = append(parts, "↙ "+e.t("window.history.incoming"))
	}
	if c.Number != "" && c.Number != title {
		parts = append(parts, c.Number)
	}
	switch c.Outcome {
	case cti.Answered:
		parts = append(parts, e.t("window.history.answered")+" "+formatDuration(c.Duration))
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
	return title, strings.Join(parts, " · "), missed
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

// historyRow is one call in the list. It takes taps itself so that a double
// click can call back; a single tap selects the row as usual.
type historyRow struct {
	widget.BaseWidget
	h      *HistoryWindow
	id     int
	title  *widget.Label
	detail *widget.RichText
}

func newHistoryRow(h *HistoryWindow) *historyRow {
	r := &historyRow{h: h, id: -1,
		title:  widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		detail: newSecondary(""),
	}
	r.title.Truncation = fyne.TextTruncateEllipsis
	r.detail.Wrapping = fyne.TextWrapOff
	r.detail.Truncation = fyne.TextTruncateEllipsis
	r.ExtendBaseWidget(r)
	return r
}

func (r *historyRow) set(id int, c cti.Call) {
	r.id = id
	title, detail, missed := r.h.env.callText(c)
	if missed {
		title = "● " + title
		r.title.Importance = widget.DangerImportance
	} else {
		r.title.Importance = widget.MediumImportance
	}
	r.title.SetText(title)
	setSecondary(r.detail, detail)
}

func (r *historyRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewVBox(r.title, r.detail))
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
