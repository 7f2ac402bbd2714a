//go:build e2e

package e2e

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// TestHarness checks the desktop session itself, without the app: if this
// fails, the other tests' failures say nothing about GXP Tray.
func TestHarness(t *testing.T) {
	var pids []int
	var root string
	t.Run("session", func(t *testing.T) {
		d := NewDesktop(t, Options{})
		root = d.Root
		ctx, cancel := Within(context.Background(), 30*time.Second)
		defer cancel()

		geo, err := d.Run(ctx, "", "xdotool", "getdisplaygeometry")
		if err != nil || strings.TrimSpace(geo) != "1280 800" {
			t.Fatalf("X display: %q, %v", geo, err)
		}

		// The keyring takes and gives back a secret under go-keyring's attributes.
		if _, err := d.Run(ctx, "s3cret", "secret-tool", "store", "--label=probe", "service", "gxptray", "username", "probe"); err != nil {
			t.Fatalf("keyring store: %v", err)
		}
		if got, err := d.Secret(ctx, "probe"); err != nil || got != "s3cret" {
			t.Fatalf("keyring lookup: %q, %v", got, err)
		}

		items, err := d.RegisteredItems(ctx)
		if err != nil || len(items) != 0 {
			t.Fatalf("tray watcher: items %q, %v", items, err)
		}

		// The fake notification server records a Notify and plays a click.
		conn, err := dbus.Connect(d.BusAddress)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if err := conn.AddMatchSignal(dbus.WithMatchInterface(notifyName), dbus.WithMatchMember("ActionInvoked")); err != nil {
			t.Fatal(err)
		}
		sigs := make(chan *dbus.Signal, 4)
		conn.Signal(sigs)
		var id uint32
		err = conn.Object(notifyName, notifyPath).CallWithContext(ctx, notifyName+".Notify", 0, "probe", uint32(0), "",
			"Входящий вызов", "Анна\n+74951234567", []string{"accept", "Accept"}, map[string]dbus.Variant{}, int32(-1)).Store(&id)
		if err != nil {
			t.Fatalf("Notify: %v", err)
		}
		n, err := d.Notify.WaitNotification(ctx, "Входящий вызов")
		if err != nil || n.ID != id || n.ActionLabel("accept") != "Accept" {
			t.Fatalf("recorded %v, %v", n, err)
		}
		if err := d.Notify.InvokeAction(id, "accept"); err != nil {
			t.Fatal(err)
		}
		select {
		case s := <-sigs:
			if len(s.Body) != 2 || s.Body[0] != id || s.Body[1] != "accept" {
				t.Fatalf("ActionInvoked %v", s.Body)
			}
		case <-ctx.Done():
			t.Fatal("no ActionInvoked signal")
		}

		if err := d.SetClipboard(ctx, "+7 (495) 123-45-67"); err != nil {
			t.Fatal(err)
		}
		if path, err := d.Screenshot("desktop"); err != nil {
			t.Fatal(err)
		} else if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
			t.Fatalf("screenshot %s: %v", path, err)
		}
		for _, p := range d.procs.list {
			pids = append(pids, p.Pid())
		}
	})
	if t.Failed() || t.Skipped() {
		return
	}
	// Teardown stopped every process and removed the session's files.
	for _, pid := range pids {
		if _, _, ok := statOf(pid); ok {
			t.Errorf("pid %d still runs after the test", pid)
		}
	}
	if _, err := os.Stat(root); os.Getenv("E2E_KEEP") != "1" && !os.IsNotExist(err) {
		t.Errorf("session directory %s left behind (%v)", root, err)
	}
}
