package windows

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
)

// MainWindow stands in for the tray icon on desktops without a tray host:
// the phone's status, the active lines with their actions, and the menu's
// entries as buttons.
type MainWindow struct {
	base

	Status   *widget.Label
	Lines    *fyne.Container // one row per busy line, rebuilt when lines change
	DialPad  *widget.Button
	History  *widget.Button
	Settings *widget.Button
	Reboot   *widget.Button
	Reset    *widget.Button
	Quit     *widget.Button
	Error    *widget.Label

	state     localapi.State
	haveState bool
	shown     []phoneLine // what Lines shows now
}

// phoneLine is a busy line of the phone called phone ("" while the tray
// has one phone only).
type phoneLine struct {
	phone string
	cti.Line
}

// NewMainWindow builds the fallback main window and follows the tray's state.
func NewMainWindow(env Env) *MainWindow {
	m := &MainWindow{}
	m.init(env, WindowMain)
	t := m.env.t

	m.Status = widget.NewLabel(t("window.conn.unknown"))
	m.Status.Wrapping = fyne.TextWrapWord
	m.Status.TextStyle = fyne.TextStyle{Bold: true}
	m.Lines = container.NewVBox()
	m.DialPad = widget.NewButton(t("window.main.dialpad"), func() { m.show(WindowDialPad) })
	m.History = widget.NewButton(t("window.main.history"), func() { m.show(WindowHistory) })
	m.Settings = widget.NewButton(t("window.main.settings"), func() { m.show(WindowSettings) })
	m.Reboot = widget.NewButton(t("window.main.reboot"), func() { NewRebootWindow(m.env).Window().Show() })
	m.Reset = widget.NewButton(t("window.main.reset"), func() { NewResetWindow(m.env).Window().Show() })
	m.Quit = widget.NewButton(t("window.main.quit"), m.quit)
	m.Error = newMessage(true)

	menu := container.NewGridWithColumns(3, m.DialPad, m.History, m.Settings)
	phone := container.NewHBox(m.Reboot, m.Reset)
	m.win.SetContent(container.NewVBox(m.Status, m.Lines, widget.NewSeparator(), menu, phone,
		widget.NewSeparator(), m.Error, container.NewHBox(m.Quit)))
	m.win.Resize(fyne.NewSize(460, 0))
	m.env.watch(m.ctx, m.apply, m.lost)
	return m
}

func (m *MainWindow) apply(u localapi.Update) {
	if u.State == nil {
		return
	}
	m.state, m.haveState = *u.State, true
	s := m.state
	several := len(s.Phones) > 1
	phones := []localapi.PhoneState{s.PhoneState}
	if several {
		phones = s.Phones
	}
	var lines []string
	var busy []phoneLine
	for _, p := range phones {
		text := m.env.connText(p.Conn, p.ConnErr)
		switch {
		case several && p.Name != "":
			text = p.Name + " — " + text
		case p.Phone != "":
			text = p.Phone + " — " + text
		}
		lines = append(lines, text)
		name := ""
		if several {
			name = p.Name
		}
		for _, l := range busyLines(p.Lines) {
			busy = append(busy, phoneLine{name, l})
		}
	}
	status := strings.Join(lines, "\n")
	if s.DialBusy && s.DialProgress != "" {
		status += "\n" + s.DialProgress
	}
	m.Status.SetText(status)
	if s.UnseenMissed > 0 {
		m.History.SetText(m.env.t("window.main.history_missed", s.UnseenMissed))
	} else {
		m.History.SetText(m.env.t("window.main.history"))
	}
	// Rebuild only on a real change: a rebuild under the pointer eats clicks.
	if !slices.Equal(busy, m.shown) {
		m.shown = busy
		m.Lines.Objects = nil
		for _, l := range busy {
			m.Lines.Add(m.lineRow(l))
		}
		if len(busy) == 0 {
			m.Lines.Add(widget.NewLabel(m.env.t("window.main.no_calls")))
		}
		m.Lines.Refresh()
	}
}

func (m *MainWindow) lost(err error) {
	m.haveState = false
	m.Status.SetText(m.env.errText(err))
}

// lineRow is one busy line with the actions that apply to its state, on
// its phone (named first while there are several).
func (m *MainWindow) lineRow(pl phoneLine) fyne.CanvasObject {
	t := m.env.t
	l := pl.Line
	text := t("window.line_status", l.Line, m.env.stateText(l.State), m.env.caller(l.RemoteName, l.RemoteNumber))
	if pl.phone != "" {
		text = pl.phone + " · " + text
	}
	label := widget.NewLabel(text)
	label.Wrapping = fyne.TextWrapWord
	var buttons []fyne.CanvasObject
	op := func(text string, op cti.Operation) {
		buttons = append(buttons, widget.NewButton(text, func() { m.operate(pl.phone, op) }))
	}
	switch l.State {
	case cti.StateRinging:
		op(t("window.accept"), cti.OpAccept)
		op(t("window.reject"), cti.OpReject)
	case cti.StateConnected:
		op(t("window.hold"), cti.OpHold)
		op(t("window.hangup"), cti.OpEnd)
	case cti.StateOnHold:
		op(t("window.resume"), cti.OpHold) // holdcall toggles
		op(t("window.hangup"), cti.OpEnd)
	default:
		op(t("window.hangup"), cti.OpEnd)
	}
	return container.NewBorder(nil, nil, nil, container.NewHBox(buttons...), label)
}

// operate sends op to the phone called phone ("" = the default phone).
func (m *MainWindow) operate(phone string, op cti.Operation) {
	m.call(func(ctx context.Context, api API) error { return forPhone(api, phone).Operate(ctx, op) }, nil)
}

func (m *MainWindow) show(window string) {
	m.call(func(ctx context.Context, api API) error { return api.Show(ctx, window) }, nil)
}

func (m *MainWindow) quit() {
	m.call(func(ctx context.Context, api API) error { return api.Quit(ctx) }, m.Close)
}

// call runs one local API call, shows its error or runs then.
func (m *MainWindow) call(work func(context.Context, API) error, then func()) {
	api, err := m.env.api()
	if err != nil {
		setMessage(m.Error, m.env.errText(err))
		return
	}
	setMessage(m.Error, "")
	m.env.async(m.ctx, 0, func(ctx context.Context) error { return work(ctx, api) }, func(err error) {
		if err != nil {
			setMessage(m.Error, m.env.errText(err))
			return
		}
		if then != nil {
			then()
		}
	})
}
