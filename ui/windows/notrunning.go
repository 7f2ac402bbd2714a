package windows

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// MessageWindow tells that GXP Tray (the tray process) is not running,
// instead of a window that could not work without it.
type MessageWindow struct {
	base
	Message *widget.Label
	OK      *widget.Button
}

// NewNotRunningWindow builds the "GXP Tray is not running" message.
func NewNotRunningWindow(env Env) *MessageWindow {
	m := &MessageWindow{}
	m.init(env, WindowNotRunning)
	m.Message = widget.NewLabel(m.env.t("window.not_running"))
	m.Message.Wrapping = fyne.TextWrapWord
	m.OK = widget.NewButton(m.env.t("window.ok"), m.Close)
	m.win.SetContent(container.NewVBox(m.Message, container.NewCenter(m.OK)))
	m.win.Resize(fyne.NewSize(360, 0))
	return m
}
