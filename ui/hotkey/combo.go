package hotkey

import (
	"errors"
	"fmt"
	"strings"
)

// Modifier is a set of modifier keys.
type Modifier uint8

const (
	ModCtrl Modifier = 1 << iota
	ModShift
	ModAlt
	ModSuper // the Windows / Command / "Meta" key
)

// modOrder is the canonical order of String.
var modOrder = []struct {
	mod   Modifier
	name  string
	alias []string
}{
	{ModSuper, "Super", []string{"super", "win", "windows", "meta", "cmd", "command", "mod4"}},
	{ModCtrl, "Ctrl", []string{"ctrl", "control", "ctl"}},
	{ModAlt, "Alt", []string{"alt", "option", "mod1"}},
	{ModShift, "Shift", []string{"shift"}},
}

// Key is the canonical name of a non-modifier key: "A"..."Z", "0"..."9",
// "F1"..."F24" or a named key such as "Space" or "PageUp".
type Key string

// keyInfo maps a key to the codes each platform uses.
type keyInfo struct {
	keysym uint32 // X11 keysym
	vk     uint16 // Windows virtual-key code
	typing bool   // produces text: Shift alone on it would capture normal typing
}

// namedKeys are the keys beyond letters, digits and F-keys; the first name
// is canonical.
var namedKeys = []struct {
	names []string
	info  keyInfo
}{
	{[]string{"Space"}, keyInfo{0x0020, 0x20, true}},
	{[]string{"Enter", "Return"}, keyInfo{0xff0d, 0x0d, false}},
	{[]string{"Tab"}, keyInfo{0xff09, 0x09, false}},
	{[]string{"Escape", "Esc"}, keyInfo{0xff1b, 0x1b, false}},
	{[]string{"Backspace"}, keyInfo{0xff08, 0x08, false}},
	{[]string{"Insert", "Ins"}, keyInfo{0xff63, 0x2d, false}},
	{[]string{"Delete", "Del"}, keyInfo{0xffff, 0x2e, false}},
	{[]string{"Home"}, keyInfo{0xff50, 0x24, false}},
	{[]string{"End"}, keyInfo{0xff57, 0x23, false}},
	{[]string{"PageUp", "PgUp", "Prior"}, keyInfo{0xff55, 0x21, false}},
	{[]string{"PageDown", "PgDn", "Next"}, keyInfo{0xff56, 0x22, false}},
	{[]string{"Left"}, keyInfo{0xff51, 0x25, false}},
	{[]string{"Up"}, keyInfo{0xff52, 0x26, false}},
	{[]string{"Right"}, keyInfo{0xff53, 0x27, false}},
	{[]string{"Down"}, keyInfo{0xff54, 0x28, false}},
	{[]string{"Pause"}, keyInfo{0xff13, 0x13, false}},
	{[]string{"Print", "PrintScreen", "PrtSc"}, keyInfo{0xff61, 0x2c, false}},
}

// lookupKey resolves a key name (any case, aliases allowed) to its
// canonical name and codes.
func lookupKey(name string) (Key, keyInfo, bool) {
	up := strings.ToUpper(name)
	switch {
	case len(up) == 1 && up[0] >= 'A' && up[0] <= 'Z':
		// X11 keysyms of letters are the lowercase ASCII codes.
		return Key(up), keyInfo{uint32(up[0] + 'a' - 'A'), uint16(up[0]), true}, true
	case len(up) == 1 && up[0] >= '0' && up[0] <= '9':
		return Key(up), keyInfo{uint32(up[0]), uint16(up[0]), true}, true
	case len(up) >= 2 && len(up) <= 3 && up[0] == 'F':
		n := 0
		for _, c := range up[1:] {
			if c < '0' || c > '9' {
				n = -1
				break
			}
			n = n*10 + int(c-'0')
		}
		if n >= 1 && n <= 24 && up[1] != '0' {
			return Key(up), keyInfo{0xffbe + uint32(n-1), 0x70 + uint16(n-1), false}, true
		}
	}
	for _, k := range namedKeys {
		for _, n := range k.names {
			if strings.EqualFold(n, name) {
				return Key(k.names[0]), k.info, true
			}
		}
	}
	return "", keyInfo{}, false
}

// Combo is a modifier set plus one key, e.g. Ctrl+Shift+D.
type Combo struct {
	Mods Modifier
	Key  Key
}

// ErrInvalid is wrapped by every Parse error.
var ErrInvalid = errors.New("invalid hotkey")

const maxComboLen = 64

// Parse reads a combination such as "Ctrl+Shift+D", "ctrl+alt+F9" or
// "Super+Shift+C". Modifiers: Ctrl (Control), Shift, Alt, Super (Win,
// Meta); the key comes last. Case and spaces around "+" do not matter.
func Parse(s string) (Combo, error) {
	bad := func(format string, args ...any) (Combo, error) {
		shown := s
		if len(shown) > maxComboLen {
			shown = shown[:maxComboLen] + "..."
		}
		return Combo{}, fmt.Errorf("%w %q: %s", ErrInvalid, shown, fmt.Sprintf(format, args...))
	}
	if len(s) > maxComboLen {
		return bad("too long")
	}
	if strings.TrimSpace(s) == "" {
		return bad("empty")
	}
	parts := strings.Split(s, "+")
	for i := range parts {
		if parts[i] = strings.TrimSpace(parts[i]); parts[i] == "" {
			return bad("empty part between \"+\" signs")
		}
	}
	var c Combo
	for i, p := range parts {
		if m, ok := lookupMod(p); ok {
			if i == len(parts)-1 {
				return bad("a key must follow the modifiers")
			}
			if c.Mods&m != 0 {
				return bad("%s given twice", m)
			}
			c.Mods |= m
			continue
		}
		k, _, ok := lookupKey(p)
		if !ok {
			if i == len(parts)-1 {
				return bad("unknown key %s", p)
			}
			if _, _, isKey := lookupKey(parts[len(parts)-1]); isKey {
				return bad("unknown modifier %s (use Ctrl, Shift, Alt or Super)", p)
			}
			return bad("unknown key %s", p)
		}
		if i != len(parts)-1 {
			return bad("only one key allowed, and it comes last (%s)", p)
		}
		c.Key = k
	}
	if err := c.check(); err != nil {
		return bad("%s", err)
	}
	return c, nil
}

// check reports what makes c unusable as a global hotkey.
func (c Combo) check() error {
	_, info, ok := lookupKey(string(c.Key))
	switch {
	case !ok:
		return fmt.Errorf("unknown key %s", c.Key)
	case c.Mods == 0:
		return errors.New("hotkey needs at least one modifier (Ctrl, Alt, Shift or Super)")
	case c.Mods&^(ModCtrl|ModShift|ModAlt|ModSuper) != 0:
		return errors.New("unknown modifier bits")
	case c.Mods == ModShift && info.typing:
		return fmt.Errorf("a hotkey of Shift+%s alone would capture normal typing; add Ctrl, Alt or Super", c.Key)
	}
	return nil
}

func lookupMod(s string) (Modifier, bool) {
	for _, m := range modOrder {
		for _, a := range m.alias {
			if strings.EqualFold(a, s) {
				return m.mod, true
			}
		}
	}
	return 0, false
}

// String is the canonical form, modifiers in the order Super, Ctrl, Alt,
// Shift: "Ctrl+Shift+D". Parse(c.String()) == c for every valid c.
func (c Combo) String() string {
	var b strings.Builder
	for _, m := range modOrder {
		if c.Mods&m.mod != 0 {
			b.WriteString(m.name)
			b.WriteByte('+')
		}
	}
	b.WriteString(string(c.Key))
	return b.String()
}

// String lists the modifiers in canonical order, "Ctrl+Shift".
func (m Modifier) String() string {
	var names []string
	for _, o := range modOrder {
		if m&o.mod != 0 {
			names = append(names, o.name)
		}
	}
	return strings.Join(names, "+")
}
