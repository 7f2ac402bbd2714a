package tray

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// fakeMenu records what the binder asks of the tray library.
type fakeMenu struct {
	mu      sync.Mutex
	items   []*fakeItem
	icon    []byte
	tooltip string
	calls   []string // every call after construction, "<item label at creation>: Method"
	changed chan struct{}
}

type fakeItem struct {
	m        *fakeMenu
	n        int // creation order
	parent   *fakeItem
	label    string
	disabled bool
	checked  bool
	hidden   bool
	touched  int
	clicks   chan struct{}
}

func newFakeMenu() *fakeMenu { return &fakeMenu{changed: make(chan struct{}, 1)} }

func (f *fakeMenu) note(call string) {
	f.calls = append(f.calls, call)
	select {
	case f.changed <- struct{}{}:
	default:
	}
}

func (f *fakeMenu) AddItem(parent trayItem, label string) trayItem {
	f.mu.Lock()
	defer f.mu.Unlock()
	it := &fakeItem{m: f, n: len(f.items), label: label, clicks: make(chan struct{})}
	if parent != nil {
		it.parent = parent.(*fakeItem)
	}
	f.items = append(f.items, it)
	return it
}

func (f *fakeMenu) AddSeparator(trayItem) {}

func (f *fakeMenu) SetIcon(png []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.icon = png
	f.note("SetIcon")
}

func (f *fakeMenu) SetTooltip(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tooltip = s
	f.note("SetTooltip")
}

func (i *fakeItem) do(name string, f func()) {
	i.m.mu.Lock()
	defer i.m.mu.Unlock()
	f()
	i.touched++
	i.m.note(fmt.Sprintf("item %d: %s", i.n, name))
}

func (i *fakeItem) SetTitle(l string)        { i.do("SetTitle", func() { i.label = l }) }
func (i *fakeItem) Enable()                  { i.do("Enable", func() { i.disabled = false }) }
func (i *fakeItem) Disable()                 { i.do("Disable", func() { i.disabled = true }) }
func (i *fakeItem) Check()                   { i.do("Check", func() { i.checked = true }) }
func (i *fakeItem) Uncheck()                 { i.do("Uncheck", func() { i.checked = false }) }
func (i *fakeItem) Show()                    { i.do("Show", func() { i.hidden = false }) }
func (i *fakeItem) Hide()                    { i.do("Hide", func() { i.hidden = true }) }
func (i *fakeItem) Clicked() <-chan struct{} { return i.clicks }

// shown is what a person sees of the menu: the visible items' labels and
// whether they can be clicked, by slot id.
type shownItem struct {
	label   string
	enabled bool
}

func (f *fakeMenu) shown(b *binder) map[string]shownItem {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]shownItem{}
	for id, s := range b.slots {
		it := s.item.(*fakeItem)
		visible := !it.hidden
		for p := it.parent; p != nil; p = p.parent {
			visible = visible && !p.hidden
		}
		if visible {
			out[id] = shownItem{it.label, !it.disabled}
		}
	}
	return out
}

func (f *fakeMenu) resetCalls() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = nil
	for _, it := range f.items {
		it.touched = 0
	}
}

func (f *fakeMenu) callList() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// touched lists the slot ids whose items were called since resetCalls.
func (f *fakeMenu) touched(b *binder) map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for id, s := range b.slots {
		if n := s.item.(*fakeItem).touched; n > 0 {
			out[id] = n
		}
	}
	return out
}

// waitShown waits until cond holds for what the menu shows.
func waitShown(t *testing.T, f *fakeMenu, b func() *binder, what string, cond func(map[string]shownItem) bool) map[string]shownItem {
	t.Helper()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for {
		if bb := b(); bb != nil {
			if s := f.shown(bb); cond(s) {
				return s
			}
		}
		select {
		case <-f.changed:
		case <-deadline.C:
			var s map[string]shownItem
			if bb := b(); bb != nil {
				s = f.shown(bb)
			}
			t.Fatalf("timed out waiting for the menu to show %s; it shows %v", what, s)
		case <-time.After(50 * time.Millisecond):
			// The binder may not exist yet.
		}
	}
}

// click simulates the user clicking the item of slot id.
func (f *fakeMenu) click(t *testing.T, b *binder, id string) {
	t.Helper()
	f.mu.Lock()
	s, ok := b.slots[id]
	f.mu.Unlock()
	if !ok {
		t.Fatalf("no slot %q", id)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	select {
	case s.item.(*fakeItem).clicks <- struct{}{}:
	case <-ctx.Done():
		t.Fatalf("nobody took the click on %s", id)
	}
}
