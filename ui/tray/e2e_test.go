//go:build linux || freebsd || openbsd || netbsd

package tray

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/testkit"
	"github.com/gxptray/gxptray/notify/notifytest"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// menuEntry is one item of the dbusmenu layout, as a tray host reads it.
type menuEntry struct {
	id       int32
	label    string
	enabled  bool
	visible  bool
	children []menuEntry
}

func parseEntry(v any) menuEntry {
	f, _ := v.([]any)
	if len(f) != 3 {
		return menuEntry{}
	}
	e := menuEntry{enabled: true, visible: true}
	e.id, _ = f[0].(int32)
	props, _ := f[1].(map[string]dbus.Variant)
	if l, ok := props["label"]; ok {
		e.label, _ = l.Value().(string)
		e.label = strings.ReplaceAll(e.label, "__", "_")
	}
	if en, ok := props["enabled"]; ok {
		e.enabled, _ = en.Value().(bool)
	}
	if vis, ok := props["visible"]; ok {
		e.visible, _ = vis.Value().(bool)
	}
	kids, _ := f[2].([]dbus.Variant)
	for _, k := range kids {
		e.children = append(e.children, parseEntry(k.Value()))
	}
	return e
}

// visible lists the visible items by label, submenus included.
func (e menuEntry) visibleItems(out map[string]menuEntry) map[string]menuEntry {
	if out == nil {
		out = map[string]menuEntry{}
	}
	for _, c := range e.children {
		if c.visible && c.label != "" {
			out[c.label] = c
			c.visibleItems(out)
		}
	}
	return out
}

// trayView reads the icon's menu the way a panel does.
type trayView struct {
	conn   *dbus.Conn
	sender string
}

func (v trayView) layout(t *testing.T) menuEntry {
	t.Helper()
	var rev uint32
	var root []any
	call := v.conn.Object(v.sender, "/StatusNotifierItem/menu").Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{})
	if call.Err != nil {
		t.Fatalf("GetLayout: %v", call.Err)
	}
	if len(call.Body) != 2 {
		t.Fatalf("GetLayout answered %v", call.Body)
	}
	rev, _ = call.Body[0].(uint32)
	_ = rev
	root, _ = call.Body[1].([]any)
	return parseEntry(root)
}

func (v trayView) waitFor(t *testing.T, what string, cond func(map[string]menuEntry) bool) map[string]menuEntry {
	t.Helper()
	var items map[string]menuEntry
	deadline := time.Now().Add(15 * time.Second)
	for {
		items = v.layout(t).visibleItems(nil)
		if cond(items) {
			return items
		}
		if time.Now().After(deadline) {
			var labels []string
			for l := range items {
				labels = append(labels, l)
			}
			t.Fatalf("tray menu never showed %s; it shows %q", what, labels)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// topLevel is the menu as a person sees it, top to bottom: the visible
// entries (separators too) with their ids and labels.
func (e menuEntry) topLevel() []menuEntry {
	var out []menuEntry
	for _, c := range e.children {
		if c.visible {
			out = append(out, c)
		}
	}
	return out
}

// samePlaces fails unless every entry is where it was in before: the same
// item at each position, and the items a person aims at with the same label.
func samePlaces(t *testing.T, when string, before, now []menuEntry) {
	t.Helper()
	if len(before) != len(now) {
		t.Errorf("%s: the menu has %d entries, it had %d", when, len(now), len(before))
		return
	}
	fixed := map[string]bool{"Answer": true, "Reject": true, "Hang up": true, "Call clipboard number": true, "Dial pad…": true,
		"Recent calls": true, "Phone controls": true, "Settings…": true, "Phone": true, "Quit": true}
	for i := range before {
		if before[i].id != now[i].id || (fixed[before[i].label] && before[i].label != now[i].label) {
			t.Errorf("%s: entry %d is %q (id %d), it was %q (id %d)", when, i, now[i].label, now[i].id, before[i].label, before[i].id)
		}
	}
}

func (v trayView) click(t *testing.T, e menuEntry) {
	t.Helper()
	call := v.conn.Object(v.sender, "/StatusNotifierItem/menu").Call("com.canonical.dbusmenu.Event", 0,
		e.id, "clicked", dbus.MakeVariant(""), uint32(0))
	if call.Err != nil && !(e.label == "Quit" && quitBeforeReply(call.Err)) {
		t.Fatalf("click %q: %v", e.label, call.Err)
	}
}

// quitBeforeReply: the process left the bus before answering the click,
// which Quit may do (whether it did quit is checked after the click).
func quitBeforeReply(err error) bool {
	var de dbus.Error
	return errors.As(err, &de) && de.Name == "org.freedesktop.DBus.Error.NoReply"
}

func (v trayView) tooltip(t *testing.T) string {
	t.Helper()
	var tip dbus.Variant
	err := v.conn.Object(v.sender, "/StatusNotifierItem").Call("org.freedesktop.DBus.Properties.Get", 0,
		"org.kde.StatusNotifierItem", "ToolTip").Store(&tip)
	if err != nil {
		t.Fatalf("ToolTip: %v", err)
	}
	f, _ := tip.Value().([]any)
	if len(f) != 4 {
		t.Fatalf("ToolTip is %v", tip)
	}
	s, _ := f[2].(string)
	return s
}

func (v trayView) waitTooltip(t *testing.T, cond func(string) bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for tip := v.tooltip(t); !cond(tip); tip = v.tooltip(t) {
		if time.Now().After(deadline) {
			t.Fatalf("tooltip is %q", tip)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The whole tray process on a private session bus with a StatusNotifierWatcher:
// the icon registers, its menu follows the (demo) phone, and a click on
// Answer answers the call on the phone.
func TestTrayEndToEnd(t *testing.T) {
	bus := notifytest.Start(t)
	watcher := startWatcher(t, bus.Address(), true)
	paths := shortPaths(t)
	saveSettings(t, paths, func(s *settings.Settings) { s.Hotkey = "" })

	out := &testkit.Buffer{}
	cmd := exec.Command(os.Args[0])
	// Under -race the tray process writes race reports to files: fyne.io/systray
	// has a known one of its own (see checkRaces), which must not hide ours.
	raceDir := t.TempDir()
	cmd.Env = append(os.Environ(), testRole+"=tray", "GORACE=exitcode=0 log_path="+filepath.Join(raceDir, "race"), testLog+"="+filepath.Join(t.TempDir(), "windows.log"),
		"DISPLAY=", "WAYLAND_DISPLAY=", "LANG=C",
		settings.EnvConfigDir+"="+paths.ConfigDir, settings.EnvDataDir+"="+paths.DataDir, settings.EnvRuntimeDir+"="+paths.RuntimeDir)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{}) // closed when the process has ended; then exitErr is set
	var exitErr error
	go func() { exitErr = cmd.Wait(); close(exited) }()
	defer func() {
		if t.Failed() {
			t.Logf("tray process output:\n%s", out.String())
		}
	}()
	t.Cleanup(func() {
		select {
		case <-exited:
		default:
			cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				<-exited
			}
		}
	})

	var sender string
	select {
	case sender = <-watcher.reg:
	case <-exited:
		t.Fatalf("tray process ended: %v", exitErr)
	case <-time.After(20 * time.Second):
		t.Fatal("the tray icon never registered with the watcher")
	}
	conn, err := dbus.Connect(bus.Address())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	view := trayView{conn: conn, sender: sender}
	// The first layout a host reads has no submenu items (the tray library
	// serves depth 1 first, for GTK hosts): wait for the full one.
	idle := []string{"Demo phone — Idle", "Call clipboard number", "Which number? (nothing to choose)", "Dial pad…", "Recent calls", "No calls yet", "Show all…",
		"Phone controls", "Mute", "Settings…", "Phone", "Reboot…", "Factory reset…", "Quit"}
	items := view.waitFor(t, "the idle demo phone", func(m map[string]menuEntry) bool {
		for _, label := range idle {
			if _, ok := m[label]; !ok {
				return false
			}
		}
		return true
	})
	for _, label := range []string{"Answer", "Reject", "Hold", "Hang up"} {
		if it, ok := items[label]; !ok || it.enabled {
			t.Errorf("idle menu: %q shown %v, enabled %v; want it in its place, disabled", label, ok, it.enabled)
		}
	}
	idlePlaces := view.layout(t).topLevel()
	view.waitTooltip(t, func(tip string) bool { return tip == "GXP Tray — Demo phone — Idle" })

	// Ring the demo phone through its control surface.
	api := apiClient(t, paths.Socket)
	st, err := api.State(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.PostForm(st.Phone+"/sim/ring", url.Values{"number": {"203"}, "name": {"Виталик"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	items = view.waitFor(t, "the ringing call", func(m map[string]menuEntry) bool {
		_, line := m["Line 1: Виталик (203) — Ringing"]
		return line && m["Answer"].enabled
	})
	samePlaces(t, "ringing", idlePlaces, view.layout(t).topLevel())
	view.waitTooltip(t, func(tip string) bool { return strings.Contains(tip, "Ringing: Виталик (203)") })
	view.click(t, items["Answer"])
	waitState(t, api, "the call answered", func(s localapi.State) bool {
		return len(s.Lines) > 0 && s.Lines[0].State == cti.StateConnected
	})
	items = view.waitFor(t, "the call in progress", func(m map[string]menuEntry) bool {
		return m["Hold"].enabled && !m["Answer"].enabled && m["Hang up"].enabled
	})
	samePlaces(t, "in call", idlePlaces, view.layout(t).topLevel())
	view.click(t, items["Hang up"])
	view.waitFor(t, "the call in Recent calls", func(m map[string]menuEntry) bool {
		for l := range m {
			if strings.HasPrefix(l, "↙ Виталик (203) — ") {
				return true
			}
		}
		return false
	})
	if calls := bus.Calls(); len(calls) == 0 || calls[0].Summary != "Incoming call" {
		t.Errorf("notifications: %+v", calls)
	}

	items = view.layout(t).visibleItems(nil)
	view.click(t, items["Quit"])
	select {
	case <-exited:
		if exitErr != nil {
			t.Errorf("tray process: %v", exitErr)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the tray process did not quit")
	}
	if _, err := os.Stat(paths.Socket); !os.IsNotExist(err) {
		t.Errorf("socket left behind: %v", err)
	}
	checkRaces(t, raceDir)
}

// checkRaces fails the test for every data race report of the tray process
// that involves this module's code. fyne.io/systray races with itself
// (refresh writes the menu version under one lock while GetLayout reads it
// under another, when the first layout is served): that one is only logged.
func checkRaces(t *testing.T, dir string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "race*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, report := range strings.Split(string(data), "WARNING: DATA RACE")[1:] {
			if strings.Contains(report, "github.com/gxptray/gxptray/") {
				t.Errorf("data race in the tray process:%s", report)
			} else {
				t.Logf("data race inside a dependency (not ours):%s", firstLines(report, 6))
			}
		}
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
