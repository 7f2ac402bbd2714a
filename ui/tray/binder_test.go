package tray

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/assets"
	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
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
	want := []string{"status", "detail", "answer", "reject", "hold", "hangup"}
	if got := slices.Sorted(maps.Keys(touched)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("touched %v, want exactly %v", got, want)
	}
	shown := f.shown(b)
	for id, label := range map[string]string{"status": "192.168.1.20 — In call", "detail": "Line 1: Виталик (203) — In call", "hold": "Hold", "hangup": "Hang up"} {
		if shown[id].label != label {
			t.Errorf("%s shows %q, want %q", id, shown[id].label, label)
		}
	}
	for _, id := range []string{"answer", "reject"} {
		if it, ok := shown[id]; !ok || it.enabled {
			t.Errorf("%s after the answer: %+v (shown %v), want it in its place, disabled", id, it, ok)
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
	if got := slices.Sorted(maps.Keys(f.touched(b))); !slices.Equal(got, []string{"detail", "hold", "status"}) {
		t.Errorf("touched %v", got)
	}
	if f.touched(b)["hold"] != 1 {
		t.Errorf("hold item got %d calls, want one SetTitle", f.touched(b)["hold"])
	}
}

func TestBinderHiddenItemKeepsItsLabel(t *testing.T) {
	f := newFakeMenu()
	one := []cti.Call{{Number: "100", Outcome: cti.Answered}}
	b := newBinder(f, BuildMenu(online(), "", one, en))
	b.apply(BuildMenu(online(), "", nil, en)) // hides recent.0
	f.resetCalls()
	b.apply(BuildMenu(online(), "", one, en)) // shows it again, same label
	if n := f.touched(b)["recent.0"]; n != 1 {
		t.Errorf("recent.0 got %d calls, want just Show: %v", n, f.callList())
	}
}

// places is what a person sees of the menu in order: the visible items'
// labels, each submenu's after its parent, the recent calls left out (their
// submenu's tail is the one part that grows).
func (f *fakeMenu) places(b *binder) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, s := range b.order {
		it := s.item.(*fakeItem)
		if it.hidden || (strings.HasPrefix(s.id, "recent.") && s.id != "recent.all") {
			continue
		}
		out = append(out, s.id)
	}
	return out
}

func TestBinderNothingMovesWhenACallComesAndGoes(t *testing.T) {
	f := newFakeMenu()
	b := newBinder(f, BuildMenu(online(), "", nil, en))
	want := f.places(b)
	// Every top-level item is there from the start, in the layout's order
	// (but the sections of other phones: this one has none).
	var top []string
	for _, sp := range menuLayout {
		if sp.id != "" && !sp.pool {
			top = append(top, sp.id)
		}
	}
	for _, id := range top {
		if !slices.Contains(want, id) {
			t.Errorf("the idle menu hides %q", id)
		}
	}
	calling := online(cti.Line{Line: 1, State: cti.StateCalling})
	calling.DialBusy, calling.DialProgress = true, "Dialing 203"
	for _, st := range []localapi.State{
		ringing("Виталик", "203"),
		online(cti.Line{Line: 1, State: cti.StateConnected}, cti.Line{Line: 2, State: cti.StateRinging}),
		online(cti.Line{Line: 1, State: cti.StateOnHold}),
		calling,
		{PhoneState: localapi.PhoneState{Phone: "192.168.1.20", Conn: cti.ConnUnauthorized, ConnErr: "rejected"}},
		{},
		online(),
	} {
		b.apply(BuildMenu(st, "203", []cti.Call{{Number: "100"}}, en))
		if got := f.places(b); !slices.Equal(got, want) {
			t.Errorf("state %s: the menu reads\n%v\nwant\n%v", StatusOf(st), got, want)
		}
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
		t.Errorf("disabled answer item still does %+v", a)
	}
	if a := b.actionOf("recent.0"); a.Kind != ActNone {
		t.Errorf("hidden recent call still does %+v", a)
	}
	if a := b.actionOf("call_clipboard"); a.Kind != ActNone {
		t.Errorf("disabled clipboard item does %+v", a)
	}
}
