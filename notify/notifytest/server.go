// Package notifytest runs a fake freedesktop notification server
// (org.freedesktop.Notifications), so tests can check what an application
// sends and play the user's clicks. Start brings its own private D-Bus
// session bus; StartOn joins a bus that is already running.
//
// Start needs the dbus-daemon binary and skips the test when it is missing.
package notifytest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/gxptray/gxptray/cti/testkit"
)

const (
	busName = "org.freedesktop.Notifications"
	objPath = dbus.ObjectPath("/org/freedesktop/Notifications")
)

// Call is one Notify call the server received, with the spec's arguments.
type Call struct {
	ID            uint32 // the id the server answered
	AppName       string
	ReplacesID    uint32
	AppIcon       string
	Summary, Body string
	Actions       []string // key, label, key, label...
	Hints         map[string]dbus.Variant
	ExpireTimeout int32 // milliseconds; -1 server default, 0 never
}

// Hint returns the value of hint name, or nil.
func (c Call) Hint(name string) any {
	v, ok := c.Hints[name]
	if !ok {
		return nil
	}
	return v.Value()
}

// ActionKeys are the keys of the notification's buttons, in order.
func (c Call) ActionKeys() []string {
	var keys []string
	for i := 0; i+1 < len(c.Actions); i += 2 {
		keys = append(keys, c.Actions[i])
	}
	return keys
}

// ActionLabel is the label of the button with key ("" when there is none).
func (c Call) ActionLabel(key string) string {
	for i := 0; i+1 < len(c.Actions); i += 2 {
		if c.Actions[i] == key {
			return c.Actions[i+1]
		}
	}
	return ""
}

// Snapshot is the server's state at one moment.
type Snapshot struct {
	Calls  []Call
	Open   []uint32 // ids shown and not closed, ascending
	Closed []uint32 // ids the client asked to close, in order
}

// Find returns the newest call whose summary is summary.
func (s Snapshot) Find(summary string) (Call, bool) {
	for i := len(s.Calls) - 1; i >= 0; i-- {
		if s.Calls[i].Summary == summary {
			return s.Calls[i], true
		}
	}
	return Call{}, false
}

// WasClosed reports whether the client asked to close notification id.
func (s Snapshot) WasClosed(id uint32) bool { return slices.Contains(s.Closed, id) }

// Server is the fake notification server.
type Server struct {
	t       testing.TB
	cfg     string // the private bus's configuration; "" when joined (StartOn)
	address string

	mu      sync.Mutex
	daemon  *exec.Cmd
	conn    *dbus.Conn
	caps    []string
	nextID  uint32
	open    map[uint32]bool
	calls   []Call
	closed  []uint32
	changed chan struct{}
}

// Start starts a private dbus-daemon and the fake server on it, points
// DBUS_SESSION_BUS_ADDRESS at it with t.Setenv (so the test must not be
// parallel) and stops both when the test ends. It skips the test when
// dbus-daemon is not installed.
func Start(t testing.TB) *Server {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		t.Skip("dbus-daemon not installed (Debian: apt install dbus-daemon): ", err)
	}
	dir := testkit.SocketDir(t)
	s := newServer(t, "unix:path="+filepath.Join(dir, "bus"))
	s.cfg = filepath.Join(dir, "bus.conf")
	t.Cleanup(s.KillBus) // before SocketDir's removal: cleanups run last first
	if err := os.WriteFile(s.cfg, []byte(BusConfig(s.address)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.RestartBus(); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", s.address)
	return s
}

// BusConfig is the dbus-daemon configuration of a private session bus
// listening on address. It has no <servicedir>: nothing may be started by
// bus activation (a real notification daemon or keyring started that way,
// without the test's display and session, would crash or not be seen).
func BusConfig(address string) string {
	return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>` + address + `</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`
}

// StartOn starts the fake server on the running bus at address (such as
// a test desktop's session bus) and takes the notification service's name;
// it fails the test when the name is already taken. The server leaves the
// bus when the test ends. The environment is left alone, and the bus is
// not the server's to stop: KillBus only leaves it and RestartBus fails.
func StartOn(t testing.TB, address string) *Server {
	t.Helper()
	s := newServer(t, address)
	t.Cleanup(s.KillBus)
	conn, err := s.register()
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	s.conn = conn
	s.mu.Unlock()
	return s
}

func newServer(t testing.TB, address string) *Server {
	return &Server{
		t:       t,
		address: address,
		caps:    []string{"actions", "body", "body-markup"},
		open:    map[uint32]bool{},
		changed: make(chan struct{}),
	}
}

// Address is the bus address (with Start, also in DBUS_SESSION_BUS_ADDRESS).
func (s *Server) Address() string { return s.address }

// SetCapabilities changes what GetCapabilities answers
// (default: "actions", "body", "body-markup").
func (s *Server) SetCapabilities(caps ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.caps = append([]string(nil), caps...)
}

// Calls returns the Notify calls received so far.
func (s *Server) Calls() []Call { return s.Snapshot().Calls }

// Snapshot returns a copy of the server's state.
func (s *Server) Snapshot() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snapshotLocked()
}

func (s *Server) snapshotLocked() Snapshot {
	snap := Snapshot{Calls: slices.Clone(s.calls), Closed: slices.Clone(s.closed)}
	for id, open := range s.open {
		if open {
			snap.Open = append(snap.Open, id)
		}
	}
	slices.Sort(snap.Open)
	return snap
}

// WaitFor blocks until cond holds for the server's state or ctx ends.
func (s *Server) WaitFor(ctx context.Context, cond func(Snapshot) bool) error {
	for {
		s.mu.Lock()
		snap, changed := s.snapshotLocked(), s.changed
		s.mu.Unlock()
		if cond(snap) {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return fmt.Errorf("notification server: condition not met (%w); state: %+v", ctx.Err(), snap)
		}
	}
}

// InvokeAction plays the user clicking the button key of notification id:
// it emits ActionInvoked. Some desktops emit it twice; call it twice to
// play that.
func (s *Server) InvokeAction(id uint32, key string) error {
	return s.Emit("ActionInvoked", id, key)
}

// CloseNotification plays the notification going away (reason 1 expired,
// 2 dismissed by the user, 3 closed by a call, 4 undefined): it emits
// NotificationClosed.
func (s *Server) CloseNotification(id, reason uint32) error {
	s.mu.Lock()
	delete(s.open, id)
	s.changedLocked()
	s.mu.Unlock()
	return s.Emit("NotificationClosed", id, reason)
}

// Emit sends the org.freedesktop.Notifications signal member with an
// arbitrary body, including malformed ones.
func (s *Server) Emit(member string, body ...any) error {
	s.mu.Lock()
	conn := s.conn
	s.mu.Unlock()
	if conn == nil {
		return errors.New("notification server: bus is down")
	}
	return conn.Emit(objPath, busName+"."+member, body...)
}

// KillBus stops the bus daemon (and with it every connection), as when the
// desktop session's bus restarts. Recorded calls are kept. On a joined bus
// (StartOn) it only closes the server's connection, so the service leaves.
func (s *Server) KillBus() {
	s.mu.Lock()
	conn, daemon := s.conn, s.daemon
	s.conn, s.daemon = nil, nil
	s.mu.Unlock()
	if conn != nil {
		conn.Close()
	}
	if daemon != nil {
		daemon.Process.Kill()
		daemon.Wait()
	}
}

// RestartBus starts the bus daemon at the same address (after KillBus) and
// registers a fresh server on it, which numbers notifications from 1 again
// like a restarted desktop would. It fails on a joined bus (StartOn).
func (s *Server) RestartBus() error {
	if s.cfg == "" {
		return errors.New("notification server: the bus at " + s.address + " is not the server's to restart")
	}
	s.KillBus()
	os.Remove(strings.TrimPrefix(s.address, "unix:path="))
	cmd := exec.Command("dbus-daemon", "--config-file="+s.cfg, "--nofork", "--nopidfile", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = testLog{s.t}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start dbus-daemon: %w", err)
	}
	ready := make(chan error, 1)
	go func() {
		// The daemon prints its address once it listens.
		_, err := bufio.NewReader(out).ReadString('\n')
		ready <- err
	}()
	select {
	case err = <-ready:
	case <-time.After(10 * time.Second):
		err = errors.New("no address printed after 10 s")
	}
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return fmt.Errorf("dbus-daemon did not start: %w", err)
	}
	conn, err := s.register()
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return err
	}
	s.mu.Lock()
	s.conn, s.daemon = conn, cmd
	s.nextID = 0
	s.open = map[uint32]bool{}
	s.changedLocked()
	s.mu.Unlock()
	return nil
}

// register connects to the bus, exports the handler and takes the service's
// name.
func (s *Server) register() (*dbus.Conn, error) {
	conn, err := dbus.Connect(s.address)
	if err != nil {
		return nil, fmt.Errorf("notification server: connect to %s: %w", s.address, err)
	}
	if err := conn.Export(handler{s}, objPath, busName); err != nil {
		conn.Close()
		return nil, fmt.Errorf("notification server: %w", err)
	}
	reply, err := conn.RequestName(busName, dbus.NameFlagDoNotQueue)
	if err == nil && reply != dbus.RequestNameReplyPrimaryOwner {
		err = fmt.Errorf("name %s is taken (reply %d)", busName, reply)
	}
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("notification server: %w", err)
	}
	return conn, nil
}

func (s *Server) changedLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// handler holds exactly the methods exported on the bus.
type handler struct{ s *Server }

func (h handler) Notify(app string, replaces uint32, icon, summary, body string,
	actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	s := h.s
	s.mu.Lock()
	defer s.mu.Unlock()
	id := replaces
	if id == 0 || !s.open[id] {
		s.nextID++
		id = s.nextID
	}
	s.open[id] = true
	s.calls = append(s.calls, Call{
		ID: id, AppName: app, ReplacesID: replaces, AppIcon: icon, Summary: summary, Body: body,
		Actions: actions, Hints: hints, ExpireTimeout: timeout,
	})
	s.changedLocked()
	return id, nil
}

func (h handler) GetCapabilities() ([]string, *dbus.Error) {
	h.s.mu.Lock()
	defer h.s.mu.Unlock()
	return slices.Clone(h.s.caps), nil
}

func (h handler) CloseNotification(id uint32) *dbus.Error {
	s := h.s
	s.mu.Lock()
	s.closed = append(s.closed, id)
	wasOpen := s.open[id]
	delete(s.open, id)
	conn := s.conn
	s.changedLocked()
	s.mu.Unlock()
	if !wasOpen {
		return dbus.NewError(busName+".Error.NotFound", []any{"no such notification"})
	}
	if conn != nil {
		conn.Emit(objPath, busName+".NotificationClosed", id, uint32(3))
	}
	return nil
}

func (h handler) GetServerInformation() (name, vendor, version, spec string, err *dbus.Error) {
	return "notifytest", "gxptray", "1", "1.2", nil
}

// testLog sends the daemon's complaints to the test log (shown on failure
// or with -v) instead of the terminal.
type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log("dbus-daemon: " + strings.TrimSpace(string(p)))
	return len(p), nil
}
