//go:build e2e

package e2e

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/godbus/dbus/v5"
)

// TrayWatch follows registrations with the StatusNotifierWatcher, to time
// how long a program takes from its start to its tray icon.
type TrayWatch struct {
	d    *Desktop
	conn *dbus.Conn
	sigs chan *dbus.Signal
}

// WatchTray subscribes to the watcher's StatusNotifierItemRegistered signal
// on a connection of its own, closed when the test ends.
func (d *Desktop) WatchTray() (*TrayWatch, error) {
	conn, err := dbus.Connect(d.BusAddress)
	if err != nil {
		return nil, err
	}
	if err := conn.AddMatchSignal(dbus.WithMatchInterface(watcherName), dbus.WithMatchMember("StatusNotifierItemRegistered")); err != nil {
		conn.Close()
		return nil, err
	}
	w := &TrayWatch{d: d, conn: conn, sigs: make(chan *dbus.Signal, 64)}
	conn.Signal(w.sigs)
	d.t.Cleanup(func() { conn.Close() })
	return w, nil
}

// WaitPid waits until an item owned by process pid is among the watcher's
// RegisteredStatusNotifierItems and returns when that became known: the
// arrival of the registration signal, or, should a signal be missed, the
// poll that found the item (every 50 ms).
func (w *TrayWatch) WaitPid(ctx context.Context, pid int) (time.Time, error) {
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	var last error
	for {
		var at time.Time
		select {
		case <-w.sigs:
			at = time.Now()
		case <-tick.C:
			at = time.Now()
		case <-ctx.Done():
			return time.Time{}, fmt.Errorf("no tray item of pid %d registered (%v): %v", pid, context.Cause(ctx), last)
		}
		ok, err := w.registered(ctx, pid)
		if ok {
			return at, nil
		}
		last = err
	}
}

// registered reports whether an item of pid is registered now.
func (w *TrayWatch) registered(ctx context.Context, pid int) (bool, error) {
	items, err := w.d.RegisteredItems(ctx)
	if err != nil {
		return false, err
	}
	for _, it := range items {
		service := parseItem(it, w.conn).Service
		var owner uint32
		err := w.conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.GetConnectionUnixProcessID", 0, service).Store(&owner)
		if err == nil && int(owner) == pid {
			return true, nil
		}
	}
	return false, errors.New("not registered yet")
}

// Drain forgets the registrations signalled so far, before a program to be
// timed starts.
func (w *TrayWatch) Drain() {
	for {
		select {
		case <-w.sigs:
		default:
			return
		}
	}
}
