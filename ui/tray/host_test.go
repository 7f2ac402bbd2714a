//go:build linux || freebsd || openbsd || netbsd

package tray

import (
	"context"
	"io/fs"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/prop"

	"github.com/gxptray/gxptray/cti/testkit"
	"github.com/gxptray/gxptray/notify/notifytest"
)

func TestNoTrayWithoutASessionBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "nobody-listens"))
	if h := DetectTrayHost(context.Background()); h.Watcher || h.Reason == "" {
		t.Errorf("bus pointing nowhere: %+v, want no tray and a reason", h)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	if h := DetectTrayHost(context.Background()); h.Watcher || !strings.Contains(h.Reason, "no session bus") {
		t.Errorf("no bus at all: %+v", h)
	}
}

// A bus that accepts the connection and then says nothing must not hang
// the start-up.
func TestNoTrayWhenTheBusNeverAnswers(t *testing.T) {
	sock := filepath.Join(testkit.SocketDir(t), "bus")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	testkit.HoldSilently(t, ln)
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+sock)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if h := DetectTrayHost(ctx); h.Watcher {
		t.Errorf("silent bus: %+v", h)
	}
}

// fakeWatcher is a StatusNotifierWatcher: the tray registers its icon with it.
type fakeWatcher struct {
	mu    sync.Mutex
	items []string
	conn  *dbus.Conn
	reg   chan string
}

func (w *fakeWatcher) RegisterStatusNotifierItem(sender dbus.Sender, service string) *dbus.Error {
	w.mu.Lock()
	w.items = append(w.items, string(sender)+" "+service)
	w.mu.Unlock()
	select {
	case w.reg <- string(sender):
	default:
	}
	return nil
}

func (w *fakeWatcher) RegisterStatusNotifierHost(string) *dbus.Error { return nil }

// startWatcher puts a watcher on the session bus at address.
func startWatcher(t *testing.T, address string, hostRegistered bool) *fakeWatcher {
	t.Helper()
	conn, err := dbus.Connect(address)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	w := &fakeWatcher{conn: conn, reg: make(chan string, 4)}
	if err := conn.Export(w, watcherPath, watcherIface); err != nil {
		t.Fatal(err)
	}
	if _, err := prop.Export(conn, watcherPath, map[string]map[string]*prop.Prop{watcherIface: {
		"IsStatusNotifierHostRegistered": {Value: hostRegistered, Emit: prop.EmitTrue},
		"ProtocolVersion":                {Value: int32(0), Emit: prop.EmitTrue},
		"RegisteredStatusNotifierItems":  {Value: []string{}, Emit: prop.EmitTrue},
	}}); err != nil {
		t.Fatal(err)
	}
	if r, err := conn.RequestName(watcherName, dbus.NameFlagDoNotQueue); err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("watcher name: %v %v", r, err)
	}
	return w
}

func TestTrayDetectedWithAWatcher(t *testing.T) {
	bus := notifytest.Start(t) // a private session bus (and a notification server)
	if h := DetectTrayHost(context.Background()); h.Watcher {
		t.Errorf("no watcher yet, detected %+v", h)
	}
	startWatcher(t, bus.Address(), true)
	h := DetectTrayHost(context.Background())
	if !h.Watcher || !h.HostRegistered {
		t.Errorf("watcher with a host: %+v", h)
	}
}

func TestTrayDetectedWithAWatcherWithoutHost(t *testing.T) {
	bus := notifytest.Start(t)
	startWatcher(t, bus.Address(), false)
	h := DetectTrayHost(context.Background())
	if !h.Watcher || h.HostRegistered || h.Reason == "" {
		t.Errorf("watcher without a host: %+v", h)
	}
}

type fakeInfo struct {
	fs.FileInfo
	mode fs.FileMode
}

func (f fakeInfo) Mode() fs.FileMode { return f.mode }

func TestSessionBusAddress(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	socket := func(string) (fs.FileInfo, error) { return fakeInfo{mode: fs.ModeSocket}, nil }
	missing := func(string) (fs.FileInfo, error) { return nil, fs.ErrNotExist }
	for _, c := range []struct {
		env  map[string]string
		stat func(string) (fs.FileInfo, error)
		want string
	}{
		{map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"}, missing, "unix:path=/run/user/1000/bus"},
		{map[string]string{"DBUS_SESSION_BUS_ADDRESS": "autolaunch:", "XDG_RUNTIME_DIR": "/run/user/7"}, socket, "unix:path=/run/user/7/bus"},
		{map[string]string{"XDG_RUNTIME_DIR": "/run/user/7"}, missing, ""},
		{map[string]string{"XDG_RUNTIME_DIR": "/run/user/7"}, func(string) (fs.FileInfo, error) { return fakeInfo{}, nil }, ""},
		{map[string]string{}, socket, ""},
	} {
		if got := sessionBusAddress(env(c.env), c.stat); got != c.want {
			t.Errorf("env %v: %q, want %q", c.env, got, c.want)
		}
	}
}
