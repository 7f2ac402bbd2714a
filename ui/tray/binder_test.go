package tray

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/gxptray/gxptray/assets"
	"github.com/gxptray/gxptray/cti"
)

func TestBinderBuildsTheMenuOnce(t *testing.T) {
	f := newFakeMenu()
	m := BuildMenu(ringing("Виталик", "203"), "", nil, en)
	b := newBinder(f, m)
	shown := f.shown(b)
	for _, id := range menuIDs(m.Items) {
		it, _ := m.Find(id)
		got, ok := shown[id]
		if !ok || got.label != it.Label || got.enabled != it.Enabled {
			t.Errorf("%s shows %+v (visible %v), want %q enabled=%v", id, got, ok, it.Label, it.Enabled)
		}
	}
	if len(shown) != len(menuIDs(m.Items)) {
		t.Errorf("%d items visible, the menu has %d: %v", len(shown), len(menuIDs(m.Items)), slices.Sorted(maps.Keys(shown)))
	}
	if !bytes.Equal(f.icon, assets.Icon(assets.TrayRinging)) || f.tooltip != m.Tooltip {
		t.Errorf("icon/tooltip not set: tooltip %q", f.tooltip)
	}
	if len(f.items) != len(b.order) {
		t.Errorf("%d items created for %d slots", len(f.items), len(b.order))
	}
}

func TestBinderSameStateTouchesNothing(t *testing.T) {
	f := newFakeMenu()
	st := ringing("Виталик", "203")
	b := newBinder(f, BuildMenu(st, "", nil, en))
	f.resetCalls()
	for range 3 {
		if n := b.apply(BuildMenu(st, "", nil, en)); n != 0 {
			t.Errorf("apply of the same state made %d calls", n)
		}
	}
	if calls := f.callList(); len(calls) != 0 {
		t.Errorf("tray library called for an unchanged state: %v", calls)
	}
}

func TestBinderLineStateChangeTouchesOnlyThoseItems(t *testing.T) {
	f := newFakeMenu()
	b := newBinder(f, BuildMenu(ringing("Виталик", "203"), "", nil, en))
	f.resetCalls()

	answered := online(cti.Line{Line: 1, State: cti.StateConnected, RemoteName: "Виталик", RemoteNumber: "203", Active: true})
	n := b.apply(BuildMenu(answered, "", nil, en))
	touched := f.touched(b)
	want := []string{"status", "line.0", "answer", "reject", "hold", "hangup"}
	if got := slices.Sorted(maps.Keys(touched)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("touched %v, want exactly %v", got, want)
	}
	shown := f.shown(b)
	for id, label := range map[string]string{"status": "192.168.1.20 — In call", "line.0": "Line 1: Виталик (203) — In call", "hold": "Hold", "hangup": "Hang up"} {
		if shown[id].label != label {
			t.Errorf("%s shows %q, want %q", id, shown[id].label, label)
		}
	}
	for _, id := range []string{"answer", "reject"} {
		if _, ok := shown[id]; ok {
			t.Errorf("%s still shown after the answer", id)
		}
	}
	if !bytes.Equal(f.icon, assets.Icon(assets.TrayInCall)) {
		t.Error("icon not changed to in call")
	}
	if calls := len(f.callList()); calls != n {
		t.Errorf("apply reported %d calls, the tray saw %d", n, calls)
	}

	// Hold: only the hold item's label, the status, the line and the icon.
	f.resetCalls()
	held := online(cti.Line{Line: 1, State: cti.StateOnHold, RemoteName: "Виталик", RemoteNumber: "203", Active: true})
	b.apply(BuildMenu(held, "", nil, en))
	if got := slices.Sorted(maps.Keys(f.touched(b))); !slices.Equal(got, []string{"hold", "line.0", "status"}) {
		t.Errorf("touched %v", got)
	}
	if f.touched(b)["hold"] != 1 {
		t.Errorf("hold item got %d calls, want one SetTitle", f.touched(b)["hold"])
	}
}

func TestBinderHiddenItemKeepsItsLabel(t *testing.T) {
	f := newFakeMenu()
	st := ringing("A", "1")
	b := newBinder(f, BuildMenu(st, "", nil, en))
	b.apply(BuildMenu(online(), "", nil, en)) // hides answer
	f.resetCalls()
	b.apply(BuildMenu(st, "", nil, en)) // shows it again, same label
	if n := f.touched(b)["answer"]; n != 1 {
		t.Errorf("answer got %d calls, want just Show: %v", n, f.callList())
	}
}

func TestBinderUnknownIDIsReported(t *testing.T) {
	f := newFakeMenu()
	m := BuildMenu(online(), "", nil, en)
	b := newBinder(f, m)
	var unknown []string
	b.unknown = func(id string) { unknown = append(unknown, id) }
	m.Items = append(m.Items, Item{ID: "surprise", Label: "?"})
	b.apply(m)
	if !slices.Equal(unknown, []string{"surprise"}) {
		t.Errorf("unknown ids %v", unknown)
	}
}

func TestBinderClicksAndActions(t *testing.T) {
	f := newFakeMenu()
	b := newBinder(f, BuildMenu(ringing("A", "1"), "", nil, en))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clicks := b.clicks(ctx)
	f.click(t, b, "answer")
	select {
	case id := <-clicks:
		if id != "answer" {
			t.Fatalf("click on %q", id)
		}
		if a := b.actionOf(id); a.Kind != ActOperate || a.Op != cti.OpAccept {
			t.Errorf("answer does %+v", a)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("click not delivered")
	}
	// A hidden or disabled item does nothing, even if a late click arrives.
	b.apply(BuildMenu(online(), "", nil, en))
	if a := b.actionOf("answer"); a.Kind != ActNone {
		t.Errorf("hidden answer item still does %+v", a)
	}
	if a := b.actionOf("call_clipboard"); a.Kind != ActNone {
		t.Errorf("disabled clipboard item does %+v", a)
	}
}
