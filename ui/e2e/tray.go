//go:build e2e

package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"strings"

	"github.com/godbus/dbus/v5"
)

// The StatusNotifierItem protocol.
const (
	watcherName = "org.kde.StatusNotifierWatcher"
	watcherPath = dbus.ObjectPath("/StatusNotifierWatcher")
	itemIface   = "org.kde.StatusNotifierItem"
	itemPath    = dbus.ObjectPath("/StatusNotifierItem")
	menuIface   = "com.canonical.dbusmenu"
)

// TrayItem is an application's tray icon, as a panel sees it: found through
// the watcher, read and clicked over D-Bus.
type TrayItem struct {
	Service string          // bus name of the item
	Path    dbus.ObjectPath // object of the item
	conn    *dbus.Conn
}

// RegisteredItems lists the watcher's RegisteredStatusNotifierItems.
func (d *Desktop) RegisteredItems(ctx context.Context) ([]string, error) {
	v, err := d.property(ctx, watcherName, watcherPath, watcherName, "RegisteredStatusNotifierItems")
	if err != nil {
		return nil, err
	}
	items, ok := v.Value().([]string)
	if !ok {
		return nil, fmt.Errorf("RegisteredStatusNotifierItems is %T", v.Value())
	}
	return items, nil
}

// WaitTrayItem waits until the process pid has an item registered with the
// watcher (pid 0: any process) and its menu answers.
func (d *Desktop) WaitTrayItem(ctx context.Context, pid int) (*TrayItem, error) {
	var item *TrayItem
	err := waitFor(ctx, "a tray icon registered with the StatusNotifierWatcher", func(ctx context.Context) error {
		items, err := d.RegisteredItems(ctx)
		if err != nil {
			return err
		}
		item = nil
		for _, s := range items {
			it := parseItem(s, d.Bus)
			if pid != 0 {
				var owner uint32
				err := d.Bus.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetConnectionUnixProcessID", 0,
					it.Service).Store(&owner)
				if err != nil || int(owner) != pid {
					continue // an item of an earlier process, on its way out
				}
			}
			item = it
			break
		}
		if item == nil {
			return fmt.Errorf("registered items: %q", items)
		}
		// The item is only usable once its menu answers.
		_, err = item.Menu(ctx)
		return err
	})
	return item, err
}

// parseItem reads a watcher entry: "service/path", "service" (default
// path) or ":1.42/StatusNotifierItem".
func parseItem(s string, conn *dbus.Conn) *TrayItem {
	service, path := s, itemPath
	if i := strings.IndexByte(s, '/'); i >= 0 {
		service, path = s[:i], dbus.ObjectPath(s[i:])
	}
	return &TrayItem{Service: service, Path: path, conn: conn}
}

func (ti *TrayItem) obj() dbus.BusObject { return ti.conn.Object(ti.Service, ti.Path) }

func (ti *TrayItem) prop(ctx context.Context, name string) (dbus.Variant, error) {
	var v dbus.Variant
	err := ti.obj().CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, itemIface, name).Store(&v)
	if err != nil {
		return v, fmt.Errorf("tray item %s: %w", name, err)
	}
	return v, nil
}

// menuPath is the item's Menu property.
func (ti *TrayItem) menuPath(ctx context.Context) (dbus.ObjectPath, error) {
	v, err := ti.prop(ctx, "Menu")
	if err != nil {
		return "", err
	}
	p, ok := v.Value().(dbus.ObjectPath)
	if !ok {
		return "", fmt.Errorf("tray item Menu is %T", v.Value())
	}
	return p, nil
}

// Tooltip returns the title and text of the item's ToolTip.
func (ti *TrayItem) Tooltip(ctx context.Context) (title, text string, err error) {
	v, err := ti.prop(ctx, "ToolTip")
	if err != nil {
		return "", "", err
	}
	// (sa(iiay)ss): icon name, icon pixmaps, title, text.
	var tip struct {
		Icon   string
		Pixmap []struct {
			W, H int32
			Data []byte
		}
		Title, Text string
	}
	if err := dbus.Store([]any{v.Value()}, &tip); err != nil {
		return "", "", fmt.Errorf("tray item ToolTip: %w", err)
	}
	return tip.Title, tip.Text, nil
}

// Icon is the largest picture of the item's IconPixmap (ARGB32, network
// byte order, as the protocol sends it).
func (ti *TrayItem) Icon(ctx context.Context) (image.Image, error) {
	v, err := ti.prop(ctx, "IconPixmap")
	if err != nil {
		return nil, err
	}
	var pix []struct {
		W, H int32
		Data []byte
	}
	if err := dbus.Store([]any{v.Value()}, &pix); err != nil {
		return nil, fmt.Errorf("tray item IconPixmap: %w", err)
	}
	best := -1
	for i, p := range pix {
		if p.W > 0 && p.H > 0 && p.W <= 1024 && p.H <= 1024 && len(p.Data) == int(p.W*p.H*4) &&
			(best < 0 || p.W > pix[best].W) {
			best = i
		}
	}
	if best < 0 {
		return nil, errors.New("tray item has no usable IconPixmap")
	}
	p := pix[best]
	img := image.NewNRGBA(image.Rect(0, 0, int(p.W), int(p.H)))
	for i := 0; i < int(p.W*p.H); i++ {
		a, r, g, b := p.Data[4*i], p.Data[4*i+1], p.Data[4*i+2], p.Data[4*i+3]
		copy(img.Pix[4*i:], []byte{r, g, b, a})
	}
	return img, nil
}

// IconDigest identifies the picture of the icon (IconPixmap, else
// IconName), so tests can see it change without knowing its pixels.
func (ti *TrayItem) IconDigest(ctx context.Context) (string, error) {
	v, err := ti.prop(ctx, "IconPixmap")
	if err == nil {
		var pix []struct {
			W, H int32
			Data []byte
		}
		if err := dbus.Store([]any{v.Value()}, &pix); err == nil && len(pix) > 0 {
			h := sha256.New()
			for _, p := range pix {
				fmt.Fprintf(h, "%dx%d:", p.W, p.H)
				h.Write(p.Data)
			}
			return hex.EncodeToString(h.Sum(nil))[:16], nil
		}
	}
	v, err = ti.prop(ctx, "IconName")
	if err != nil {
		return "", err
	}
	name, _ := v.Value().(string)
	if name == "" {
		return "", errors.New("tray item has neither IconPixmap nor IconName")
	}
	return "name:" + name, nil
}

// MenuItem is one entry of a dbusmenu layout.
type MenuItem struct {
	ID       int32
	Label    string
	Enabled  bool
	Visible  bool
	Type     string // "" (standard) or "separator"
	Checked  bool   // toggle-state 1
	Children []MenuItem
}

// Menu reads the whole menu (GetLayout of the root, all levels).
func (ti *TrayItem) Menu(ctx context.Context) (MenuItem, error) {
	path, err := ti.menuPath(ctx)
	if err != nil {
		return MenuItem{}, err
	}
	call := ti.conn.Object(ti.Service, path).CallWithContext(ctx, menuIface+".GetLayout", 0, int32(0), int32(-1), []string{})
	if call.Err != nil {
		return MenuItem{}, fmt.Errorf("dbusmenu GetLayout: %w", call.Err)
	}
	if len(call.Body) != 2 {
		return MenuItem{}, fmt.Errorf("dbusmenu GetLayout: %d values in the reply", len(call.Body))
	}
	// Body[0] is the layout's revision.
	layout, ok := call.Body[1].([]any)
	if !ok {
		return MenuItem{}, fmt.Errorf("dbusmenu GetLayout: layout is %T", call.Body[1])
	}
	return parseLayout(layout)
}

// parseLayout reads one (ia{sv}av) node.
func parseLayout(node []any) (MenuItem, error) {
	if len(node) != 3 {
		return MenuItem{}, fmt.Errorf("dbusmenu layout node has %d fields", len(node))
	}
	id, ok1 := node[0].(int32)
	props, ok2 := node[1].(map[string]dbus.Variant)
	kids, ok3 := node[2].([]dbus.Variant)
	if !ok1 || !ok2 || !ok3 {
		return MenuItem{}, fmt.Errorf("dbusmenu layout node has types %T %T %T", node[0], node[1], node[2])
	}
	it := MenuItem{ID: id, Enabled: true, Visible: true}
	for k, v := range props {
		switch k {
		case "label":
			raw, _ := v.Value().(string)
			it.Label = unmnemonic(raw)
		case "enabled":
			it.Enabled, _ = v.Value().(bool)
		case "visible":
			it.Visible, _ = v.Value().(bool)
		case "type":
			it.Type, _ = v.Value().(string)
		case "toggle-state":
			n, _ := v.Value().(int32)
			it.Checked = n == 1
		}
	}
	for _, k := range kids {
		child, ok := k.Value().([]any)
		if !ok {
			return MenuItem{}, fmt.Errorf("dbusmenu child is %T", k.Value())
		}
		c, err := parseLayout(child)
		if err != nil {
			return MenuItem{}, err
		}
		it.Children = append(it.Children, c)
	}
	return it, nil
}

// unmnemonic shows a dbusmenu label as a panel does: "_x" marks x as the
// access key (the underscore is not shown), "__" is an underscore.
func unmnemonic(s string) string {
	if !strings.Contains(s, "_") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '_' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Shown returns the visible children (no separators).
func (m MenuItem) Shown() []MenuItem {
	var out []MenuItem
	for _, c := range m.Children {
		if c.Visible && c.Type != "separator" {
			out = append(out, c)
		}
	}
	return out
}

// Labels lists the labels of the visible entries of this level.
func (m MenuItem) Labels() []string {
	var out []string
	for _, c := range m.Shown() {
		out = append(out, c.Label)
	}
	return out
}

// Find returns the visible entry labelled label, searching submenus too.
func (m MenuItem) Find(label string) (MenuItem, bool) {
	return m.FindFunc(func(it MenuItem) bool { return it.Label == label })
}

// FindEnabled finds the visible entry labelled label that can be
// clicked; the error says why there is none.
func (m MenuItem) FindEnabled(label string) (MenuItem, error) {
	it, ok := m.Find(label)
	if !ok {
		return it, fmt.Errorf("no %q in the menu", label)
	}
	if !it.Enabled {
		return it, fmt.Errorf("%q is disabled", label)
	}
	return it, nil
}

// FindFunc returns the first visible entry (depth first) that f accepts.
func (m MenuItem) FindFunc(f func(MenuItem) bool) (MenuItem, bool) {
	for _, c := range m.Shown() {
		if f(c) {
			return c, true
		}
		if found, ok := c.FindFunc(f); ok {
			return found, true
		}
	}
	return MenuItem{}, false
}

// String shows the menu as a person would read it: one entry per line,
// submenus indented, disabled ones in brackets.
func (m MenuItem) String() string {
	var b strings.Builder
	var walk func(items []MenuItem, indent string)
	walk = func(items []MenuItem, indent string) {
		for _, c := range items {
			if !c.Visible {
				continue
			}
			label := c.Label
			if c.Type == "separator" {
				label = "----"
			} else if !c.Enabled {
				label = "[" + label + "]"
			}
			if c.Checked {
				label = "✓ " + label
			}
			fmt.Fprintf(&b, "%s%s\n", indent, label)
			walk(c.Children, indent+"    ")
		}
	}
	walk(m.Children, "  ")
	return b.String()
}

// WaitMenu reads the menu until cond accepts it; on timeout the error shows
// the last menu seen.
func (ti *TrayItem) WaitMenu(ctx context.Context, what string, cond func(MenuItem) error) (MenuItem, error) {
	var last MenuItem
	err := waitFor(ctx, "tray menu: "+what, func(ctx context.Context) error {
		m, err := ti.Menu(ctx)
		if err != nil {
			return err
		}
		last = m
		if err := cond(m); err != nil {
			return fmt.Errorf("%w; the menu is:\n%s", err, m)
		}
		return nil
	})
	return last, err
}

// Click clicks a menu entry, as a panel does.
func (ti *TrayItem) Click(ctx context.Context, id int32) error {
	path, err := ti.menuPath(ctx)
	if err != nil {
		return err
	}
	err = ti.conn.Object(ti.Service, path).CallWithContext(ctx, menuIface+".Event", 0,
		id, "clicked", dbus.MakeVariant(""), uint32(0)).Err
	if err != nil {
		return fmt.Errorf("dbusmenu Event clicked %d: %w", id, err)
	}
	return nil
}

// ClickLabel finds the visible, enabled entry labelled label and clicks it.
func (ti *TrayItem) ClickLabel(ctx context.Context, label string) error {
	var it MenuItem
	_, err := ti.WaitMenu(ctx, fmt.Sprintf("an enabled %q", label), func(m MenuItem) error {
		var err error
		it, err = m.FindEnabled(label)
		return err
	})
	if err != nil {
		return err
	}
	return ti.Click(ctx, it.ID)
}
