package hotkey

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	good := []struct{ in, want string }{
		{"Ctrl+Shift+D", "Ctrl+Shift+D"},
		{"ctrl+alt+F9", "Ctrl+Alt+F9"},
		{"Super+Shift+C", "Super+Shift+C"},
		{" shift + control + d ", "Ctrl+Shift+D"},
		{"Win+Meta+X", ""}, // Win and Meta are the same modifier: error, below
		{"Alt+Shift+f24", "Alt+Shift+F24"},
		{"Ctrl+0", "Ctrl+0"},
		{"Ctrl+Alt+Del", "Ctrl+Alt+Delete"},
		{"Ctrl+pgdn", "Ctrl+PageDown"},
		{"Shift+F1", "Shift+F1"},
		{"Meta+Return", "Super+Enter"},
		{"Command+Shift+K", "Super+Shift+K"},
		{"Ctrl+Super+Alt+Shift+Space", "Super+Ctrl+Alt+Shift+Space"},
	}
	for _, g := range good {
		c, err := Parse(g.in)
		if g.want == "" {
			if err == nil {
				t.Errorf("Parse(%q) = %v, want an error", g.in, c)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", g.in, err)
			continue
		}
		if c.String() != g.want {
			t.Errorf("Parse(%q) = %s, want %s", g.in, c, g.want)
		}
		again, err := Parse(c.String())
		if err != nil || again != c {
			t.Errorf("round trip of %s: %v, %v", c, again, err)
		}
	}

	bad := []struct{ in, msg string }{
		{"", "empty"},
		{"D", "hotkey needs at least one modifier"},
		{"F9", "hotkey needs at least one modifier"},
		{"Ctrl+Foo", "unknown key Foo"},
		{"Ctrl+F25", "unknown key F25"},
		{"Ctrl+F0", "unknown key F0"},
		{"Hyper+D", "unknown modifier Hyper"},
		{"Ctrl+Shift", "a key must follow"},
		{"Ctrl++D", "empty part"},
		{"Ctrl+D+", "empty part"},
		{"Ctrl+D+E", "only one key"},
		{"Ctrl+Ctrl+D", "Ctrl given twice"},
		{"Shift+D", "capture normal typing"},
		{"Ctrl+\x00", "unknown key"},
		{strings.Repeat("Ctrl+", 100) + "D", "too long"},
	}
	for _, b := range bad {
		_, err := Parse(b.in)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), b.msg) {
			t.Errorf("Parse(%q) = %v, want an ErrInvalid mentioning %q", b.in, err, b.msg)
		}
	}
}

func TestKeyCodes(t *testing.T) {
	for _, c := range []struct {
		key    string
		keysym uint32
		vk     uint16
	}{
		{"d", 0x64, 'D'}, {"7", 0x37, '7'}, {"F1", 0xffbe, 0x70}, {"F24", 0xffd5, 0x87},
		{"Space", 0x20, 0x20}, {"PageUp", 0xff55, 0x21}, {"Delete", 0xffff, 0x2e},
	} {
		_, info, ok := lookupKey(c.key)
		if !ok || info.keysym != c.keysym || info.vk != c.vk {
			t.Errorf("%s: keysym %#x vk %#x (ok %v), want %#x %#x", c.key, info.keysym, info.vk, ok, c.keysym, c.vk)
		}
	}
}

func TestRegisterRejectsInvalidCombos(t *testing.T) {
	if _, err := Register(Combo{Key: "D"}, func() {}); !errors.Is(err, ErrInvalid) {
		t.Errorf("Register without modifier = %v", err)
	}
	if _, err := Register(Combo{Mods: ModCtrl, Key: "Nope"}, func() {}); !errors.Is(err, ErrInvalid) {
		t.Errorf("Register of an unknown key = %v", err)
	}
	if _, err := Register(Combo{Mods: ModCtrl, Key: "D"}, nil); err == nil {
		t.Error("Register with a nil callback succeeded")
	}
}
