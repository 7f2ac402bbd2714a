package windows

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gxptray/gxptray/ui/localapi"
)

// ConfirmWindow asks before a reboot or a factory reset of the phone. A
// factory reset destroys the phone's configuration, so its button stays
// disabled until the user types RESET.
type ConfirmWindow struct {
	base
	request string

	Message *widget.Label
	Confirm *widget.Entry // factory reset only: must read RESET
	OK      *widget.Button
	Cancel  *widget.Button
	Error   *widget.Label

	sending bool
}

// NewRebootWindow asks "Reboot the phone?".
func NewRebootWindow(env Env) *ConfirmWindow {
	return newConfirm(env, WindowReboot, localapi.SystemReboot)
}

// NewResetWindow asks for a factory reset, confirmed by typing RESET.
func NewResetWindow(env Env) *ConfirmWindow {
	return newConfirm(env, WindowReset, localapi.SystemReset)
}

func newConfirm(env Env, name, request string) *ConfirmWindow {
	c := &ConfirmWindow{request: request}
	c.init(env, name)
	t := c.env.t

	c.Error = newMessage(true)
	c.Cancel = widget.NewButton(t("window.cancel"), c.Close)
	items := []fyne.CanvasObject{}
	if request == localapi.SystemReset {
		c.Message = widget.NewLabel(t("window.reset.question"))
		c.OK = widget.NewButton(t("window.reset.ok"), c.send)
		c.OK.Importance = widget.DangerImportance
		c.Confirm = widget.NewEntry()
		c.Confirm.SetPlaceHolder(localapi.SystemReset)
		c.Confirm.OnChanged = func(string) { c.refresh() }
		c.Confirm.OnSubmitted = func(string) { c.send() }
		items = append(items, c.Message, widget.NewLabel(t("window.reset.type", localapi.SystemReset)), c.Confirm)
	} else {
		c.Message = widget.NewLabel(t("window.reboot.question"))
		c.OK = widget.NewButton(t("window.reboot.ok"), c.send)
		c.OK.Importance = widget.WarningImportance
		items = append(items, c.Message)
	}
	c.Message.Wrapping = fyne.TextWrapWord
	items = append(items, c.Error, container.NewGridWithColumns(2, c.Cancel, c.OK))
	c.win.SetContent(container.NewVBox(items...))
	c.win.Resize(fyne.NewSize(380, 0))
	c.refresh()
	if c.Confirm != nil {
		c.win.Canvas().Focus(c.Confirm)
	}
	return c
}

// confirmed: a reboot needs only the click; a reset needs RESET typed exactly.
func (c *ConfirmWindow) confirmed() bool {
	return c.Confirm == nil || c.Confirm.Text == localapi.SystemReset
}

func (c *ConfirmWindow) refresh() { enable(c.OK, !c.sending && c.confirmed()) }

func (c *ConfirmWindow) send() {
	if c.sending || !c.confirmed() {
		return
	}
	api, err := c.env.api()
	if err != nil {
		setMessage(c.Error, c.env.errText(err))
		return
	}
	c.sending = true
	c.refresh()
	setMessage(c.Error, "")
	req := c.request
	c.env.async(c.ctx, 0, func(ctx context.Context) error { return api.System(ctx, req, req) }, func(err error) {
		c.sending = false
		c.refresh()
		if err != nil {
			setMessage(c.Error, c.env.errText(err))
			return
		}
		c.Close()
	})
}
