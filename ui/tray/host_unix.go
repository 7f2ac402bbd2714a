//go:build linux || freebsd || openbsd || netbsd

package tray

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/godbus/dbus/v5"
)

const (
	watcherName  = "org.kde.StatusNotifierWatcher"
	watcherPath  = dbus.ObjectPath("/StatusNotifierWatcher")
	watcherIface = "org.kde.StatusNotifierWatcher"
)

func detectHost(ctx context.Context) HostInfo {
	addr := sessionBusAddress(os.Getenv, os.Stat)
	if addr == "" {
		return HostInfo{Reason: "no session bus (DBUS_SESSION_BUS_ADDRESS is not set)"}
	}
	// WithContext: the connection closes itself when ctx ends, which
	// unblocks a bus that accepted the connection but never answers.
	found := make(chan HostInfo, 1)
	go func() {
		c, err := dbus.Connect(addr, dbus.WithContext(ctx))
		if err != nil {
			found <- HostInfo{Reason: fmt.Sprintf("session bus: %v", err)}
			return
		}
		defer c.Close()
		found <- queryWatcher(ctx, c)
	}()
	select {
	case info := <-found:
		return info
	case <-ctx.Done():
		return HostInfo{Reason: "the session bus did not answer in time"}
	}
}

func queryWatcher(ctx context.Context, c *dbus.Conn) HostInfo {
	var owned bool
	err := c.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, watcherName).Store(&owned)
	if err != nil {
		return HostInfo{Reason: fmt.Sprintf("session bus: %v", err)}
	}
	if !owned {
		return HostInfo{Reason: "no StatusNotifierWatcher on the session bus (the desktop shows no tray icons)"}
	}
	info := HostInfo{Watcher: true}
	var v dbus.Variant
	err = c.Object(watcherName, watcherPath).CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0,
		watcherIface, "IsStatusNotifierHostRegistered").Store(&v)
	if err == nil {
		info.HostRegistered, _ = v.Value().(bool)
	}
	if !info.HostRegistered {
		info.Reason = "the StatusNotifierWatcher reports no tray host yet"
	}
	return info
}

// sessionBusAddress finds the session bus without starting one: the
// environment, else $XDG_RUNTIME_DIR/bus. (godbus would otherwise run
// dbus-launch, which starts a stray bus no desktop listens on.)
func sessionBusAddress(getenv func(string) string, stat func(string) (fs.FileInfo, error)) string {
	if a := strings.TrimSpace(getenv("DBUS_SESSION_BUS_ADDRESS")); a != "" && a != "autolaunch:" {
		return a
	}
	if dir := getenv("XDG_RUNTIME_DIR"); dir != "" {
		p := filepath.Join(dir, "bus")
		if fi, err := stat(p); err == nil && fi.Mode()&fs.ModeSocket != 0 {
			return "unix:path=" + dbus.EscapeBusAddressValue(p)
		}
	}
	return ""
}
