//go:build e2e

package e2e

import (
	"image"
	"image/color"
	"image/draw"
	"testing"

	"github.com/godbus/dbus/v5"
)

// The harness's own parsing, without a desktop: a wrong reading of the menu
// or the screen would make the real checks meaningless.

func TestUnmnemonic(t *testing.T) {
	for in, want := range map[string]string{
		"Dial pad…":             "Dial pad…",
		"api-get__line__status": "api-get_line_status",
		"_Quit":                 "Quit",
		"a_":                    "a_",
		"Анна__Смирнова":        "Анна_Смирнова",
	} {
		if got := unmnemonic(in); got != want {
			t.Errorf("unmnemonic(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseItem(t *testing.T) {
	for in, want := range map[string][2]string{
		"org.kde.StatusNotifierItem-42-1":                     {"org.kde.StatusNotifierItem-42-1", "/StatusNotifierItem"},
		":1.7/StatusNotifierItem":                             {":1.7", "/StatusNotifierItem"},
		"org.kde.StatusNotifierItem-42-1/org/ayatana/NotItem": {"org.kde.StatusNotifierItem-42-1", "/org/ayatana/NotItem"},
	} {
		it := parseItem(in, nil)
		if it.Service != want[0] || string(it.Path) != want[1] {
			t.Errorf("parseItem(%q) = %q %q, want %q", in, it.Service, it.Path, want)
		}
	}
}

func TestParseLayout(t *testing.T) {
	node := func(id int32, props map[string]dbus.Variant, kids ...[]any) []any {
		var vs []dbus.Variant
		for _, k := range kids {
			vs = append(vs, dbus.MakeVariant(k))
		}
		if vs == nil {
			vs = []dbus.Variant{}
		}
		return []any{id, props, vs}
	}
	v := dbus.MakeVariant
	root := node(0, map[string]dbus.Variant{"children-display": v("submenu")},
		node(1, map[string]dbus.Variant{"label": v("192.168.1.20 — Idle"), "enabled": v(false)}),
		node(2, map[string]dbus.Variant{"type": v("separator")}),
		node(3, map[string]dbus.Variant{"label": v("Answer"), "visible": v(false)}),
		node(4, map[string]dbus.Variant{"label": v("Recent calls")},
			node(5, map[string]dbus.Variant{"label": v("✗ Пётр — 10:02 (missed)")})),
		node(6, map[string]dbus.Variant{"label": v("Mute"), "toggle-type": v("checkmark"), "toggle-state": v(int32(1))}),
	)
	m, err := parseLayout(root)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Labels(); len(got) != 3 || got[0] != "192.168.1.20 — Idle" || got[1] != "Recent calls" {
		t.Errorf("labels %q", got)
	}
	if it, ok := m.Find("192.168.1.20 — Idle"); !ok || it.Enabled {
		t.Errorf("status line %+v %v", it, ok)
	}
	if _, ok := m.Find("Answer"); ok {
		t.Error("a hidden entry was found")
	}
	if it, ok := m.Find("✗ Пётр — 10:02 (missed)"); !ok || it.ID != 5 {
		t.Errorf("submenu entry %+v %v", it, ok)
	}
	if it, _ := m.Find("Mute"); !it.Checked {
		t.Error("toggle-state 1 not read as checked")
	}
	if _, err := parseLayout([]any{int32(1), "bad", nil}); err == nil {
		t.Error("a malformed node was accepted")
	}
}

func TestColorRegion(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 200, 100))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.Black), image.Point{}, draw.Src)
	// A small check mark and a button of the same colour; the button wins.
	draw.Draw(img, image.Rect(5, 5, 12, 12), image.NewUniform(fynePrimaryBlue), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(50, 60, 150, 90), image.NewUniform(fynePrimaryBlue), image.Point{}, draw.Src)
	// Its label, in white, does not split it.
	draw.Draw(img, image.Rect(90, 70, 110, 80), image.NewUniform(color.White), image.Point{}, draw.Src)
	r, n := ColorRegion(img, color.NRGBA{R: 0x2a, G: 0x70, B: 0xf0, A: 0xff}, 24)
	if r != image.Rect(50, 60, 150, 90) || n != 100*30-20*10 {
		t.Errorf("region %v, %d px", r, n)
	}
	if _, ok := focusedEntry(img); ok {
		t.Error("a filled button was taken for a focused entry")
	}
	draw.Draw(img, image.Rect(20, 40, 190, 41), image.NewUniform(fyneFocusBorder), image.Point{}, draw.Src)
	if r, ok := focusedEntry(img); !ok || r != image.Rect(20, 40, 190, 41) {
		t.Errorf("focus outline %v %v", r, ok)
	}
}
