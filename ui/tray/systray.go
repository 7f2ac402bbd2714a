package tray

import (
	"runtime"
	"strings"

	"fyne.io/systray"
)

// sysMenu is trayMenu on fyne.io/systray.
type sysMenu struct{}

type sysItem struct{ m *systray.MenuItem }

func (sysMenu) AddItem(parent trayItem, label string) trayItem {
	if p, ok := parent.(sysItem); ok {
		return sysItem{p.m.AddSubMenuItem(menuLabel(label), "")}
	}
	return sysItem{systray.AddMenuItem(menuLabel(label), "")}
}

func (sysMenu) AddSeparator(parent trayItem) {
	if p, ok := parent.(sysItem); ok {
		p.m.AddSeparator()
		return
	}
	systray.AddSeparator()
}

func (sysMenu) SetIcon(png []byte)     { setTrayIcon(png) }
func (sysMenu) SetTooltip(text string) { systray.SetTooltip(text) }

func (i sysItem) SetTitle(label string)    { i.m.SetTitle(menuLabel(label)) }
func (i sysItem) Enable()                  { i.m.Enable() }
func (i sysItem) Disable()                 { i.m.Disable() }
func (i sysItem) Check()                   { i.m.Check() }
func (i sysItem) Uncheck()                 { i.m.Uncheck() }
func (i sysItem) Show()                    { i.m.Show() }
func (i sysItem) Hide()                    { i.m.Hide() }
func (i sysItem) Clicked() <-chan struct{} { return i.m.ClickedCh }

// menuLabel keeps the characters that menus treat as access-key marks:
// dbusmenu (Linux, BSD) reads "_", Windows "&". A caller named "A_B" must
// not lose the underscore.
func menuLabel(s string) string { return escapeMnemonic(runtime.GOOS, s) }

func escapeMnemonic(goos, s string) string {
	switch goos {
	case "windows":
		return strings.ReplaceAll(s, "&", "&&")
	case "darwin":
		return s
	}
	return strings.ReplaceAll(s, "_", "__")
}
