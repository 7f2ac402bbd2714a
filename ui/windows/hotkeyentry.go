package windows

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// hotkeyEntry is the hotkey field: pressing a combination with Ctrl, Alt or
// Super while it has the focus writes that combination ("Ctrl+Shift+D"), as
// key binding fields of desktops do; typing the text works too.
type hotkeyEntry struct {
	widget.Entry
}

func newHotkeyEntry() *hotkeyEntry {
	e := &hotkeyEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut takes a pressed combination as the field's text. Fyne turns
// some combinations into editing shortcuts (Ctrl+C is Copy): those are
// combinations too here.
func (e *hotkeyEntry) TypedShortcut(s fyne.Shortcut) {
	if combo := comboOf(s); combo != "" {
		e.SetText(combo)
		e.CursorColumn = len([]rune(combo))
		e.Refresh()
		return
	}
	e.Entry.TypedShortcut(s)
}

// editShortcuts are the combinations Fyne reports as editing shortcuts.
var editShortcuts = map[string]string{
	(&fyne.ShortcutCopy{}).ShortcutName():      "Ctrl+C",
	(&fyne.ShortcutCut{}).ShortcutName():       "Ctrl+X",
	(&fyne.ShortcutPaste{}).ShortcutName():     "Ctrl+V",
	(&fyne.ShortcutSelectAll{}).ShortcutName(): "Ctrl+A",
	(&fyne.ShortcutUndo{}).ShortcutName():      "Ctrl+Z",
	(&fyne.ShortcutRedo{}).ShortcutName():      "Ctrl+Y",
}

// comboOf writes s as the hotkey settings read it ("" when s is not a key
// combination with a modifier other than Shift).
func comboOf(s fyne.Shortcut) string {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok {
		return editShortcuts[s.ShortcutName()]
	}
	m := cs.Modifier
	if m&(fyne.KeyModifierControl|fyne.KeyModifierAlt|fyne.KeyModifierSuper) == 0 || cs.KeyName == "" {
		return ""
	}
	var parts []string
	for _, mod := range []struct {
		m    fyne.KeyModifier
		name string
	}{{fyne.KeyModifierControl, "Ctrl"}, {fyne.KeyModifierAlt, "Alt"}, {fyne.KeyModifierShift, "Shift"}, {fyne.KeyModifierSuper, "Super"}} {
		if m&mod.m != 0 {
			parts = append(parts, mod.name)
		}
	}
	key := string(cs.KeyName)
	if len(key) == 1 {
		key = strings.ToUpper(key)
	}
	return strings.Join(append(parts, key), "+")
}
