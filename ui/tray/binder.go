package tray

import (
	"context"

	"github.com/gxptray/gxptray/assets"
)

// trayItem is one entry of the tray library's menu.
type trayItem interface {
	SetTitle(label string)
	Enable()
	Disable()
	Check()
	Uncheck()
	Show()
	Hide()
	// Clicked delivers a value per click; it is closed when the item is removed.
	Clicked() <-chan struct{}
}

// trayMenu is what the binder needs from the tray library (fyne.io/systray
// in the program, a recorder in the tests).
type trayMenu interface {
	// AddItem appends an entry to parent's submenu (parent nil: the menu).
	AddItem(parent trayItem, label string) trayItem
	AddSeparator(parent trayItem)
	SetIcon(png []byte)
	SetTooltip(text string)
}

// slotSpec is one place of the fixed menu layout.
type slotSpec struct {
	id       string // "" = separator
	children []slotSpec
	// pool: shown only while the menu has it, a submenu too (the other
	// phones' sections); other submenus are always shown.
	pool bool
}

func ids(prefix string, n int) []slotSpec {
	s := make([]slotSpec, n)
	for i := range s {
		s[i] = slotSpec{id: poolID(prefix, i)}
	}
	return s
}

var separator = slotSpec{}

// menuLayout is every item the menu has, in order. BuildMenu produces all
// of the top level and of each submenu's head; only the recent calls at the
// end of their submenu and the unused numbers of "Which number?" are ever
// hidden (see maxRecentItems, maxChoiceItems), and the sections of the
// other phones while there are none (see maxPhoneSections).
var menuLayout = func() []slotSpec {
	recent := append([]slotSpec{{id: "recent.all"}, separator}, ids("recent", maxRecentItems)...)
	recent = append(recent, slotSpec{id: "recent.none"})
	choices := ids("choice", maxChoiceItems)
	var controls []slotSpec
	for _, c := range phoneControls {
		controls = append(controls, slotSpec{id: c.id})
	}
	return append(append([]slotSpec{
		{id: "status"}, {id: "detail"}, separator,
		{id: "answer"}, {id: "reject"}, {id: "hold"}, {id: "hangup"}, separator,
		{id: "call_clipboard"}, {id: "choice", children: choices}, {id: "dialpad"}, separator,
		{id: "recent", children: recent},
		{id: "controls", children: controls},
		{id: "settings"},
		{id: "phone", children: []slotSpec{{id: "phone.identity"}, {id: "phone.warning"}, {id: "phone.dnd"}, {id: "phone.push"},
			separator, {id: "phone.reboot"}, {id: "phone.reset"}}},
	}, phoneSectionSlots()...), separator, slotSpec{id: "quit"})
}()

// look is what the user sees of one item.
type look struct {
	label                     string
	enabled, checked, visible bool
}

type slot struct {
	id     string
	parent bool // has a submenu that is always shown
	item   trayItem
	shown  look
	action Action
}

// binder keeps the tray menu equal to the latest Menu while touching only
// what changed. It is not safe for concurrent use: one goroutine owns it.
type binder struct {
	menu    trayMenu
	slots   map[string]*slot
	order   []*slot
	icon    string
	tooltip string
	unknown func(id string) // BuildMenu produced an id the layout lacks (a bug)
}

// newBinder creates every item of the layout once, showing m.
func newBinder(menu trayMenu, m Menu) *binder {
	b := &binder{menu: menu, slots: map[string]*slot{}, unknown: func(string) {}}
	// The icon first: it is what the user sees at once.
	b.icon, b.tooltip = m.Icon, m.Tooltip
	menu.SetIcon(assets.Icon(m.Icon))
	menu.SetTooltip(m.Tooltip)
	want := flatten(m.Items)
	var build func(parent trayItem, specs []slotSpec)
	build = func(parent trayItem, specs []slotSpec) {
		for _, sp := range specs {
			if sp.id == "" {
				menu.AddSeparator(parent)
				continue
			}
			it, ok := want[sp.id]
			l := lookOf(it, ok)
			stays := len(sp.children) > 0 && !sp.pool
			if stays {
				// Submenu parents stay: hiding one would leave its items unreachable anyway.
				l.visible = true
			}
			s := &slot{id: sp.id, parent: stays, item: menu.AddItem(parent, l.label),
				shown: look{label: l.label, enabled: true, visible: true}, action: it.Action}
			b.slots[sp.id] = s
			b.order = append(b.order, s)
			b.set(s, l)
			build(s.item, sp.children)
		}
	}
	build(nil, menuLayout)
	return b
}

// reassert sets the icon and tooltip again. fyne.io/systray drops values
// set while it is still exporting its D-Bus objects at start-up (it reads
// them once, then publishes): a second setting once it is up makes sure the
// panel has them.
func (b *binder) reassert() {
	b.menu.SetIcon(assets.Icon(b.icon))
	b.menu.SetTooltip(b.tooltip)
}

func lookOf(it Item, present bool) look {
	if !present {
		return look{label: it.Label}
	}
	return look{label: it.Label, enabled: it.Enabled, checked: it.Checked, visible: true}
}

func flatten(items []Item) map[string]Item {
	out := map[string]Item{}
	var walk func([]Item)
	walk = func(items []Item) {
		for _, it := range items {
			out[it.ID] = it
			walk(it.Children)
		}
	}
	walk(items)
	return out
}

// apply shows m, calling the tray library only for what differs from what
// is shown. It returns the number of calls made.
func (b *binder) apply(m Menu) int {
	calls := 0
	want := flatten(m.Items)
	for id := range want {
		if _, ok := b.slots[id]; !ok {
			b.unknown(id)
		}
	}
	for _, s := range b.order {
		it, ok := want[s.id]
		l := lookOf(it, ok)
		if !ok {
			// A hidden item keeps the rest of its look: no need to touch it.
			l = s.shown
			l.visible = false
		}
		if s.parent {
			l.visible = true
		}
		calls += b.set(s, l)
		s.action = it.Action
	}
	if m.Icon != b.icon {
		b.icon = m.Icon
		b.menu.SetIcon(assets.Icon(m.Icon))
		calls++
	}
	if m.Tooltip != b.tooltip {
		b.tooltip = m.Tooltip
		b.menu.SetTooltip(m.Tooltip)
		calls++
	}
	return calls
}

// set brings one item to l and counts the calls it took.
func (b *binder) set(s *slot, l look) int {
	calls := 0
	cur := s.shown
	// Hide first and show last, so no changing item is seen half updated.
	if !l.visible && cur.visible {
		s.item.Hide()
		calls++
	}
	if l.label != cur.label {
		s.item.SetTitle(l.label)
		calls++
	}
	calls += turn(cur.enabled, l.enabled, s.item.Enable, s.item.Disable)
	calls += turn(cur.checked, l.checked, s.item.Check, s.item.Uncheck)
	if l.visible && !cur.visible {
		s.item.Show()
		calls++
	}
	s.shown = l
	return calls
}

// turn brings a switch of an item (enabled, checked) from shown to want,
// calling on or off, and returns the number of calls made.
func turn(shown, want bool, on, off func()) int {
	switch {
	case want == shown:
		return 0
	case want:
		on()
	default:
		off()
	}
	return 1
}

// actionOf is the current action of the item id (ActNone for an unknown or
// hidden item).
func (b *binder) actionOf(id string) Action {
	s, ok := b.slots[id]
	if !ok || !s.shown.visible || !s.shown.enabled {
		return Action{}
	}
	return s.action
}

// clicks forwards the ids of clicked items until ctx ends.
func (b *binder) clicks(ctx context.Context) <-chan string {
	out := make(chan string)
	for _, s := range b.order {
		go func(id string, ch <-chan struct{}) {
			for {
				select {
				case <-ctx.Done():
					return
				case _, ok := <-ch:
					if !ok {
						return
					}
					select {
					case out <- id:
					case <-ctx.Done():
						return
					}
				}
			}
		}(s.id, s.item.Clicked())
	}
	return out
}
