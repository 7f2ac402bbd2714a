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
	"github.com/gxptray/gxptray/ui/settings"
)

// Symbols of the dial pad's buttons, the keys of DialPad.Buttons besides
// the digits, "*" and "#".
const (
	ButtonBackspace = "⌫"
	ButtonCall      = "call"
	ButtonHangUp    = "hangup"
	ButtonHold      = "hold"   // "Resume" while the call is on hold
	ButtonAnswer    = "answer" // shown while a call rings
	ButtonReject    = "reject"
)

// padSymbols is the keypad, row by row, as on the phone.
var padSymbols = []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"}

// DialPad is the dial pad window: a number field with a live preview of how
// the number will be dialed, the keypad (edits the field while idle, sends
// DTMF during a call), Call / Hold (Resume) / Hang up, Answer / Reject while
// a call rings (then Call is not the default: Enter does not dial), a call
// timer, and the account to dial from.
type DialPad struct {
	base

	Number  *widget.Entry
	Preview *widget.Label // "Will dial: …" or why the text is not a number
	// Buttons holds every button by its symbol: "0"-"9", "*", "#",
	// ButtonBackspace, ButtonCall, ButtonHangUp, ButtonHold, ButtonAnswer,
	// ButtonReject.
	Buttons map[string]*widget.Button
	Timer   *widget.Label // how long the call has lasted, "" without one
	Account *widget.Select
	Status  *widget.Label  // the phone and the running dial, live from the tray
	Info    *widget.Label  // what the last action did
	Error   *widget.Label  // what went wrong, shown in the window
	Search  *ContactSearch // nil when the tray has no contact directory
	// Phone chooses the phone the pad dials and acts on; shown only when
	// the tray has several (the default preselected).
	Phone *widget.Select

	state     localapi.State
	haveState bool
	dialing   bool // this window's Dial request is in flight

	accountIDs map[string]int // Account option -> settings.Account value
	preview    latest[string]
	keys       serial
	ringing    *fyne.Container // Answer and Reject, shown while a call rings
	phones     *phoneChoice
	now        func() time.Time
}

// NewDialPad builds the dial pad and starts following the tray's state.
func NewDialPad(env Env) *DialPad { return NewDialPadOn(env, "") }

// NewDialPadOn is the dial pad with the phone called phone chosen ("" =
// the default phone), while the tray has it.
func NewDialPadOn(env Env, phone string) *DialPad {
	d := &DialPad{Buttons: map[string]*widget.Button{}, accountIDs: map[string]int{}, now: time.Now}
	d.init(env, WindowDialPad)
	t := d.env.t

	d.Number = widget.NewEntry()
	d.Number.SetPlaceHolder(t("window.dialpad.placeholder"))
	d.Number.OnChanged = d.numberChanged
	d.Number.OnSubmitted = func(string) {
		if !d.ringingNow() { // Enter must not dial out over a call that rings
			d.call()
		}
	}
	d.Preview = widget.NewLabel("")
	d.Preview.Truncation = fyne.TextTruncateEllipsis
	d.Status = widget.NewLabel("")
	d.Status.Wrapping = fyne.TextWrapWord
	d.Info = newMessage(false)
	d.Error = newMessage(true)

	pad := container.NewGridWithColumns(3)
	for _, s := range padSymbols {
		b := widget.NewButton(s, func() { d.press(s) })
		d.Buttons[s] = b
		pad.Add(b)
	}
	d.Buttons[ButtonBackspace] = widget.NewButton(ButtonBackspace, d.backspace)
	d.Buttons[ButtonCall] = widget.NewButton(t("window.call"), d.call)
	d.Buttons[ButtonCall].Importance = widget.HighImportance
	d.Buttons[ButtonHold] = widget.NewButton(t("window.hold"), func() { d.operate(cti.OpHold) })
	d.Buttons[ButtonHangUp] = widget.NewButton(t("window.hangup"), func() { d.operate(cti.OpEnd) })
	d.Buttons[ButtonHangUp].Importance = widget.DangerImportance
	d.Buttons[ButtonAnswer] = widget.NewButton(t("window.accept"), func() { d.operate(cti.OpAccept) })
	d.Buttons[ButtonAnswer].Importance = widget.HighImportance // as the popup's Accept
	d.Buttons[ButtonReject] = widget.NewButton(t("window.reject"), func() { d.operate(cti.OpReject) })
	d.Buttons[ButtonReject].Importance = widget.DangerImportance
	d.Timer = widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true})
	d.phones = newPhoneChoice(t("window.dialpad.phone"), d.phoneChanged)
	d.phones.initial = phone
	d.Phone = d.phones.Select

	d.Account = widget.NewSelect(nil, nil)
	d.Account.PlaceHolder = t("window.account.default")
	d.Account.Disable() // until the settings are read

	numberRow := container.NewBorder(nil, nil, nil, d.Buttons[ButtonBackspace], d.Number)
	actions := container.NewGridWithColumns(3, d.Buttons[ButtonCall], d.Buttons[ButtonHold], d.Buttons[ButtonHangUp])
	accountRow := container.NewBorder(nil, nil, widget.NewLabel(t("window.dialpad.account")), nil, d.Account)
	// Below the buttons that are always there, so showing it moves no button.
	d.ringing = container.NewGridWithColumns(2, d.Buttons[ButtonAnswer], d.Buttons[ButtonReject])
	d.ringing.Hide()
	status := container.NewBorder(nil, nil, nil, d.Timer, d.Status)
	d.win.SetContent(container.NewVBox(d.phones.Row, numberRow, d.Preview, pad, accountRow, actions, d.ringing, status, d.Info, d.Error))
	d.addContactSearch()
	d.win.Resize(fyne.NewSize(320, 0))
	d.win.Canvas().Focus(d.Number)

	d.loadAccounts()
	d.env.watch(d.ctx, d.apply, d.lost)
	d.refresh()
	go d.tick()
	return d
}

// tick updates the call timer every second until the window closes.
func (d *DialPad) tick() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-d.ctx.Done():
			return
		case <-t.C:
			d.env.do(func() {
				if !d.Closed() {
					d.refreshTimer()
				}
			})
		}
	}
}

// ringingNow: a call rings (per the tray's latest state).
func (d *DialPad) ringingNow() bool {
	if !d.haveState {
		return false
	}
	for _, l := range d.view().Lines {
		if l.State == cti.StateRinging {
			return true
		}
	}
	return false
}

// refreshTimer shows how long the current call has lasted: the active
// connected or held line, else the first one.
func (d *DialPad) refreshTimer() {
	text := ""
	if d.haveState {
		var at time.Time
		p := d.view()
		for _, l := range p.Lines {
			if l.State != cti.StateConnected && l.State != cti.StateOnHold {
				continue
			}
			if a, ok := p.AnsweredAt[l.Line]; ok && (at.IsZero() || l.Active) {
				at = a
			}
		}
		if !at.IsZero() {
			text = formatDuration(d.now().Sub(at))
		}
	}
	if d.Timer.Text != text {
		d.Timer.SetText(text)
	}
}

// apply takes a new state or event from the tray.
func (d *DialPad) apply(u localapi.Update) {
	if u.State == nil {
		return
	}
	d.state, d.haveState = *u.State, true
	if d.phones.update(d.state) {
		d.fit()
	}
	d.refresh()
}

// phoneChanged: another phone was chosen; the pad shows its calls.
func (d *DialPad) phoneChanged() {
	setMessage(d.Error, "")
	d.refreshAccount()
	d.refresh()
}

// refreshAccount: the account can be chosen once the settings are read,
// for the default phone (the account setting is the default phone's).
func (d *DialPad) refreshAccount() {
	enable(d.Account, len(d.accountIDs) > 0 && d.phones.chosen() == "")
}

// view is the state of the phone the pad is for.
func (d *DialPad) view() localapi.PhoneState { return d.phones.view(d.state) }

// api is the tray's API for the phone the pad is for.
func (d *DialPad) api() (API, error) {
	api, err := d.env.api()
	return forPhone(api, d.phones.chosen()), err
}

// fit sizes the window to its content after a row came or went.
func (d *DialPad) fit() {
	if c := d.win.Content(); c != nil {
		d.win.Resize(fyne.NewSize(d.win.Canvas().Size().Width, c.MinSize().Height))
	}
}

// lost: the tray process went away; the stream reconnects by itself.
func (d *DialPad) lost(err error) {
	d.haveState = false
	d.Status.SetText(d.env.errText(err))
	d.refresh()
}

// refresh brings the buttons and the status line in line with the state.
func (d *DialPad) refresh() {
	enable(d.Buttons[ButtonCall], !d.busy())
	ringing := d.ringingNow()
	// While a call rings, Answer is the obvious button, not Call.
	call := d.Buttons[ButtonCall]
	if want := map[bool]widget.Importance{false: widget.HighImportance, true: widget.MediumImportance}[ringing]; call.Importance != want {
		call.Importance = want
		call.Refresh()
	}
	if ringing != d.ringing.Visible() {
		if ringing {
			d.ringing.Show()
		} else {
			d.ringing.Hide()
		}
		// Fit the window to the row coming or going (it is at the bottom:
		// no button moves).
		d.fit()
	}
	if d.haveState {
		lines := d.view().Lines
		enable(d.Buttons[ButtonHangUp], inCall(lines))
		enable(d.Buttons[ButtonHold], holdable(lines))
		hold := d.env.t("window.hold")
		if onHoldOnly(lines) {
			hold = d.env.t("window.resume")
		}
		if d.Buttons[ButtonHold].Text != hold {
			d.Buttons[ButtonHold].SetText(hold)
		}
		d.Status.SetText(d.statusText())
	}
	d.refreshTimer()
}

// busy: a dial is running (this window's request, or any dial the tray reports).
func (d *DialPad) busy() bool { return d.dialing || (d.haveState && d.state.DialBusy) }

func (d *DialPad) statusText() string {
	s, p := d.state, d.view()
	switch {
	case s.DialBusy && s.DialProgress != "":
		return s.DialProgress
	case s.DialBusy:
		return d.env.t("window.dialpad.dialing_busy")
	case p.Conn != cti.ConnOnline:
		return d.env.connText(p.Conn, p.ConnErr)
	}
	for _, l := range p.Lines {
		if l.State.Busy() {
			return d.env.t("window.line_status", l.Line, d.env.stateText(l.State), d.env.caller(l.RemoteName, l.RemoteNumber))
		}
	}
	return d.env.t("window.conn.online")
}

func (d *DialPad) numberChanged(text string) {
	setMessage(d.Error, "")
	if strings.TrimSpace(text) == "" {
		d.Preview.SetText("")
		return
	}
	api, err := d.env.api()
	if err != nil {
		d.Preview.SetText(d.env.errText(err))
		return
	}
	d.preview.submit(text, func(text string) {
		ctx, cancel := context.WithTimeout(d.ctx, d.env.Timeout)
		out, err := api.Preview(ctx, text)
		cancel()
		if d.ctx.Err() != nil {
			return
		}
		d.env.do(func() {
			if d.Number.Text != text {
				return // an older answer: a newer one is on its way
			}
			if err != nil {
				d.Preview.SetText(d.env.errText(err))
				return
			}
			d.Preview.SetText(d.env.t("window.dialpad.preview", out))
		})
	})
}

// press is a keypad button: while the phone is idle it edits the number,
// during a call it sends the key as DTMF.
func (d *DialPad) press(sym string) {
	if d.haveState && inCall(d.view().Lines) {
		d.sendKey(sym)
		return
	}
	d.Number.SetText(d.Number.Text + sym)
	d.Number.CursorColumn = len([]rune(d.Number.Text))
	d.Number.Refresh()
}

func (d *DialPad) backspace() {
	r := []rune(d.Number.Text)
	if len(r) == 0 {
		return
	}
	d.Number.SetText(string(r[:len(r)-1]))
	d.Number.CursorColumn = len(r) - 1
	d.Number.Refresh()
}

// keyToken is the phone's key name for a keypad symbol.
func keyToken(sym string) string {
	switch sym {
	case "*":
		return "STAR"
	case "#":
		return "POUND"
	}
	return sym
}

func (d *DialPad) sendKey(sym string) {
	api, err := d.api()
	if err != nil {
		d.showError(err)
		return
	}
	key := keyToken(sym)
	// One request at a time, in the order pressed: the phone must get 1-2-3, not 2-1-3.
	d.keys.submit(func() {
		ctx, cancel := context.WithTimeout(d.ctx, d.env.Timeout)
		err := api.SendKeys(ctx, []string{key})
		cancel()
		if d.ctx.Err() != nil {
			return
		}
		d.env.do(func() {
			if err != nil {
				d.showError(err)
				return
			}
			setMessage(d.Error, "")
			setMessage(d.Info, d.env.t("window.dialpad.sent_key", sym))
		})
	})
}

// call dials the field's text. Only one dial at a time: the phone presses
// keys about a second apart and cannot mix two sequences.
func (d *DialPad) call() {
	text := strings.TrimSpace(d.Number.Text)
	if text == "" {
		setMessage(d.Error, d.env.t("window.dialpad.empty"))
		return
	}
	if d.busy() {
		d.showError(localapi.ErrBusy)
		return
	}
	api, err := d.api()
	if err != nil {
		d.showError(err)
		return
	}
	d.dialing = true
	d.refresh()
	d.env.dial(d.ctx, api, text, d.Info, d.Error, func() {
		d.dialing = false
		d.refresh()
	})
}

func (d *DialPad) operate(op cti.Operation) {
	api, err := d.api()
	if err != nil {
		d.showError(err)
		return
	}
	setMessage(d.Error, "")
	d.env.async(d.ctx, 0, func(ctx context.Context) error { return api.Operate(ctx, op) }, func(err error) {
		if err != nil {
			d.showError(err)
		}
	})
}

func (d *DialPad) showError(err error) { setMessage(d.Error, d.env.errText(err)) }

// dial asks the tray to dial text through api, and says how it goes in a
// window's info and error labels: "Calling …" at once, then what was dialed
// and how, or why not. done runs first when the tray has answered, on the
// UI goroutine (the window takes its busy mark off there).
func (e *Env) dial(ctx context.Context, api API, text string, info, errs *widget.Label, done func()) {
	setMessage(errs, "")
	setMessage(info, e.t("window.dialpad.calling", text))
	var res localapi.Dialed
	e.async(ctx, dialTimeout, func(ctx context.Context) error {
		var err error
		res, err = api.Dial(ctx, text)
		return err
	}, func(err error) {
		done()
		if err != nil {
			setMessage(info, "")
			setMessage(errs, e.errText(err))
			return
		}
		setMessage(info, e.t("window.dialpad.dialed", res.Number, e.methodText(res.Method)))
	})
}

// methodText names a dial method for the user.
func (e *Env) methodText(m string) string {
	switch cti.DialMethod(m) {
	case cti.DialMakeCall:
		return e.t("window.method.make_call")
	case cti.DialKeys:
		return e.t("window.method.keys")
	}
	return e.t("window.method.auto")
}

// loadAccounts fills the account choice: the setting from the file, with
// names from the phone when it answers. Choosing an account changes the
// dialing account setting (the local API dials with the configured one).
func (d *DialPad) loadAccounts() {
	if d.env.Paths.ConfigFile == "" && d.env.API == nil {
		return
	}
	var (
		s        settings.Settings
		accounts []cti.Account
	)
	d.env.async(d.ctx, testTimeout, func(ctx context.Context) error {
		s, _, _ = d.env.loadSettings(ctx)
		if api, err := d.env.api(); err == nil && s.Phone != "" {
			res, err := api.TestConnection(ctx, localapi.TestRequest{Phone: s.Phone, TLSMode: s.TLSMode, PinnedCert: s.PinnedCert})
			if err == nil {
				accounts = res.Accounts
			}
		}
		return nil
	}, func(err error) {
		if err != nil {
			d.env.Logger.Warn("reading settings", "err", err)
		}
		d.setAccounts(s.Account, accounts)
	})
}

// setAccounts fills the select and only then attaches the change handler,
// so filling it does not write the settings back.
func (d *DialPad) setAccounts(current int, accounts []cti.Account) {
	opts, ids := accountOptions(&d.env, accounts, current)
	d.accountIDs = ids
	d.Account.SetOptions(opts)
	for o, id := range ids {
		if id == current {
			d.Account.SetSelected(o)
		}
	}
	d.Account.OnChanged = d.accountChanged
	d.refreshAccount()
}

// accountOptions lists "Phone default" and the accounts (1-based), with
// names when the phone told them; the current setting is always listed.
func accountOptions(e *Env, accounts []cti.Account, current int) ([]string, map[string]int) {
	ids := map[string]int{}
	def := e.t("window.account.default")
	opts := []string{def}
	ids[def] = 0
	add := func(id int, label string) {
		if _, dup := ids[label]; dup || id <= 0 {
			return
		}
		for _, v := range ids {
			if v == id {
				return
			}
		}
		opts = append(opts, label)
		ids[label] = id
	}
	for _, a := range accounts {
		label := e.t("window.account.n", a.ID)
		if name := strings.TrimSpace(a.Name); name != "" {
			label = fmt.Sprintf("%s: %s", label, name)
		} else if a.SIPID != "" {
			label = fmt.Sprintf("%s: %s", label, a.SIPID)
		}
		add(a.ID, label)
	}
	if len(accounts) == 0 {
		for id := 1; id <= 6; id++ { // GXP21xx have up to 6 accounts
			add(id, e.t("window.account.n", id))
		}
	}
	add(current, e.t("window.account.n", current))
	return opts, ids
}

func (d *DialPad) accountChanged(opt string) {
	id, ok := d.accountIDs[opt]
	if !ok {
		return
	}
	d.env.async(d.ctx, 0, func(ctx context.Context) error {
		// Without a tray, it reads the file when it starts.
		_, _, err := d.env.saveSettings(ctx, settings.Only(settings.Settings{Account: id}, settings.FieldAccount))
		return err
	}, func(err error) {
		if err != nil {
			d.showError(err)
		}
	})
}
