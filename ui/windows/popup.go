package windows

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
)

// Popup is the small "Incoming call" window for one ringing line: the
// caller, Accept, Reject, Dismiss. It closes itself after an action and when
// the line stops ringing (answered on the desk phone, caller gave up).
type Popup struct {
	base
	line int
	// phone is the name of the ringing phone, "" for the default phone
	// (resolved to its name by the first state, for the events).
	phone string

	Name    *widget.Label // large
	Number  *widget.Label
	Source  *widget.Label // the address book that named the caller; hidden when none did
	Line    *widget.Label
	Accept  *widget.Button
	Reject  *widget.Button
	Dismiss *widget.Button
	Error   *widget.Label

	rang   bool // the line was seen ringing: a later non-ringing state closes the window
	acting bool
}

// popupWidth is the popup's width; its height follows the content.
const popupWidth = 340

// NewPopup builds the popup for line of the default phone and starts
// following the tray's state.
func NewPopup(env Env, line int) *Popup { return NewPopupOn(env, "", line) }

// NewPopupOn is the popup for line of the phone called phone ("" = the
// default phone). With several phones it says which one rings.
func NewPopupOn(env Env, phone string, line int) *Popup {
	p := &Popup{line: line, phone: phone}
	p.init(env, WindowPopup)
	t := p.env.t

	p.Name = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	p.Name.SizeName = theme.SizeNameHeadingText
	// A long name is shown whole: wrapped, and smaller when it is long.
	p.Name.Wrapping = fyne.TextWrapWord
	p.Number = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	p.Source = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	p.Source.SizeName = theme.SizeNameCaptionText
	p.Source.Wrapping = fyne.TextWrapWord
	p.Source.Hide()
	p.Line = widget.NewLabelWithStyle(t("window.popup.line", line), fyne.TextAlignCenter, fyne.TextStyle{})
	p.Line.SizeName = theme.SizeNameCaptionText // secondary, but not the faint disabled colour
	p.Accept = widget.NewButton(t("window.accept"), func() { p.act(cti.OpAccept) })
	// The theme's primary colour with its light text: legible, unlike the
	// success green, which glares and carries dark text poorly.
	p.Accept.Importance = widget.HighImportance
	p.Reject = widget.NewButton(t("window.reject"), func() { p.act(cti.OpReject) })
	p.Reject.Importance = widget.DangerImportance
	p.Dismiss = widget.NewButton(t("window.dismiss"), p.Close)
	p.Error = newMessage(true)
	p.setCaller("", "", "")

	buttons := container.NewGridWithColumns(3, p.Accept, p.Reject, p.Dismiss)
	p.win.SetContent(container.NewVBox(p.Name, p.Number, p.Source, p.Line, buttons, p.Error))
	p.win.Resize(fyne.NewSize(popupWidth, 0))
	p.win.SetFixedSize(true)
	p.env.watch(p.ctx, p.apply, p.lost)
	return p
}

// longName is where the popup's name shrinks from heading size.
const longName = 20

// setCaller shows the name first, then the number and the address book
// (source) that gave the name.
func (p *Popup) setCaller(name, number, source string) {
	p.setSource(name, source)
	var shown string
	switch {
	case name != "":
		shown = name
		p.Number.SetText(number)
	case number != "":
		shown = number
		p.Number.SetText("")
	default:
		shown = p.env.t("window.unknown_caller")
		p.Number.SetText("")
	}
	if shown == p.Name.Text {
		return
	}
	size := theme.SizeNameHeadingText
	if len([]rune(shown)) > longName {
		size = theme.SizeNameSubHeadingText
	}
	p.Name.SizeName = size
	p.Name.SetText(shown)
	// The window is as tall as its content: a wrapped name adds a line.
	if c := p.win.Content(); c != nil {
		p.win.Resize(fyne.NewSize(popupWidth, c.MinSize().Height))
	}
}

func (p *Popup) setSource(name, source string) {
	text := ""
	if source != "" && name != "" {
		text = p.env.t("contacts.source", source)
	}
	if text == p.Source.Text {
		return
	}
	p.Source.SetText(text)
	if text == "" {
		p.Source.Hide()
	} else {
		p.Source.Show()
	}
	if c := p.win.Content(); c != nil {
		p.win.Resize(fyne.NewSize(popupWidth, c.MinSize().Height))
	}
}

// apply follows the line: shows the caller while it rings, closes the
// window once it no longer does.
func (p *Popup) apply(u localapi.Update) {
	if p.Closed() {
		return
	}
	if ev := u.Event; ev != nil && ev.Line == p.line && p.isMine(u.Phone) && ev.Kind != cti.EventIncoming && p.rang {
		// Answered, ended: the call is no longer waiting for us.
		p.Close()
		return
	}
	if u.State == nil {
		return
	}
	ph, known := u.State.PhoneNamed(p.phone)
	if !known {
		// The phone left the list: its calls are not ours to act on.
		p.Close()
		return
	}
	if p.phone == "" {
		p.phone = ph.Name // the events name it
	}
	p.showPhone(*u.State, ph)
	l, ok := findLine(ph.Lines, p.line)
	if ok && l.State == cti.StateRinging {
		p.rang = true
		p.setCaller(l.RemoteName, l.RemoteNumber, ph.LineContacts[p.line].Source)
		return
	}
	if ph.Conn == cti.ConnOnline || p.rang {
		// The phone answers and the line does not ring (any more): nothing to do here.
		p.Close()
	}
}

// isMine: an event of the phone called name is of this popup's phone (an
// event without a name is the default phone's).
func (p *Popup) isMine(name string) bool {
	return name == "" || p.phone == "" || strings.EqualFold(name, p.phone)
}

// showPhone names the phone beside the line while the tray has several.
func (p *Popup) showPhone(st localapi.State, ph localapi.PhoneState) {
	text := p.env.t("window.popup.line", p.line)
	if len(st.Phones) > 1 && ph.Name != "" {
		text = p.env.t("window.popup.phone_line", ph.Name, p.line)
	}
	if p.Line.Text != text {
		p.Line.SetText(text)
	}
}

func (p *Popup) lost(err error) {
	setMessage(p.Error, p.env.errText(err))
	enable(p.Accept, false)
	enable(p.Reject, false)
}

// act answers or rejects, once, and closes the window when the phone took it.
func (p *Popup) act(op cti.Operation) {
	if p.acting {
		return
	}
	api, err := p.env.api()
	if err != nil {
		setMessage(p.Error, p.env.errText(err))
		return
	}
	api = forPhone(api, p.phone)
	p.acting = true
	p.Accept.Disable()
	p.Reject.Disable()
	setMessage(p.Error, "")
	p.env.async(p.ctx, 0, func(ctx context.Context) error { return api.Operate(ctx, op) }, func(err error) {
		p.acting = false
		if err != nil {
			setMessage(p.Error, p.env.errText(err))
			p.Accept.Enable()
			p.Reject.Enable()
			return
		}
		p.Close()
	})
}

// parseLineArg reads `--line N` (or `--line=N`) from the popup's arguments.
func parseLineArg(args []string) (int, error) {
	v, _ := optionValue(args, "line")
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 64 {
		return 0, errBadLine
	}
	return n, nil
}
