//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/godbus/dbus/v5"
)

// The freedesktop notification service.
const (
	notifyName = "org.freedesktop.Notifications"
	notifyPath = dbus.ObjectPath("/org/freedesktop/Notifications")
)

// Notification is one Notify call the server received.
type Notification struct {
	ID            uint32
	AppName       string
	ReplacesID    uint32
	Summary, Body string
	Actions       []string // key, label, key, label...
	Hints         map[string]dbus.Variant
	ExpireTimeout int32
}

// ActionKeys are the keys of the notification's buttons.
func (n Notification) ActionKeys() []string {
	var keys []string
	for i := 0; i+1 < len(n.Actions); i += 2 {
		keys = append(keys, n.Actions[i])
	}
	return keys
}

// ActionLabel is the label of the button with key ("" when there is none).
func (n Notification) ActionLabel(key string) string {
	for i := 0; i+1 < len(n.Actions); i += 2 {
		if n.Actions[i] == key {
			return n.Actions[i+1]
		}
	}
	return ""
}

func (n Notification) String() string {
	return fmt.Sprintf("#%d %q %q actions=%q", n.ID, n.Summary, n.Body, n.Actions)
}

// NotifySnapshot is the server's state at one moment.
type NotifySnapshot struct {
	Calls  []Notification
	Closed []uint32 // ids the application asked to close (CloseNotification), in order
}

// Find returns the newest notification whose summary is summary.
func (s NotifySnapshot) Find(summary string) (Notification, bool) {
	for i := len(s.Calls) - 1; i >= 0; i-- {
		if s.Calls[i].Summary == summary {
			return s.Calls[i], true
		}
	}
	return Notification{}, false
}

// WasClosed reports whether the application closed notification id.
func (s NotifySnapshot) WasClosed(id uint32) bool { return slices.Contains(s.Closed, id) }

func (s NotifySnapshot) String() string {
	var b strings.Builder
	for _, c := range s.Calls {
		b.WriteString(c.String())
		b.WriteString("; ")
	}
	fmt.Fprintf(&b, "closed %v", s.Closed)
	return b.String()
}

// NotifyServer is a notification server on a session bus that records what
// the application sends and plays the user's clicks. (notify/notifytest
// brings its own bus; this one joins the desktop's.)
type NotifyServer struct {
	conn *dbus.Conn

	mu      sync.Mutex
	nextID  uint32
	open    map[uint32]bool
	calls   []Notification
	closed  []uint32
	changed chan struct{}
}

// StartNotifyServer connects to the bus at address and takes the
// notification service's name.
func StartNotifyServer(address string) (*NotifyServer, error) {
	conn, err := dbus.Connect(address)
	if err != nil {
		return nil, fmt.Errorf("notification server: %w", err)
	}
	s := &NotifyServer{conn: conn, open: map[uint32]bool{}, changed: make(chan struct{})}
	if err := conn.Export(notifyHandler{s}, notifyPath, notifyName); err != nil {
		conn.Close()
		return nil, err
	}
	reply, err := conn.RequestName(notifyName, dbus.NameFlagDoNotQueue)
	if err == nil && reply != dbus.RequestNameReplyPrimaryOwner {
		err = fmt.Errorf("name %s is taken (reply %d)", notifyName, reply)
	}
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("notification server: %w", err)
	}
	return s, nil
}

// Close leaves the bus.
func (s *NotifyServer) Close() { s.conn.Close() }

// Snapshot returns a copy of what was received.
func (s *NotifyServer) Snapshot() NotifySnapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return NotifySnapshot{Calls: slices.Clone(s.calls), Closed: slices.Clone(s.closed)}
}

// WaitFor blocks until cond holds or ctx ends.
func (s *NotifyServer) WaitFor(ctx context.Context, what string, cond func(NotifySnapshot) bool) (NotifySnapshot, error) {
	for {
		s.mu.Lock()
		snap := NotifySnapshot{Calls: slices.Clone(s.calls), Closed: slices.Clone(s.closed)}
		changed := s.changed
		s.mu.Unlock()
		if cond(snap) {
			return snap, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return snap, fmt.Errorf("notifications: %s: not seen (%v); the server got: %s", what, context.Cause(ctx), snap)
		}
	}
}

// WaitNotification waits for a notification with the summary and returns
// the newest one.
func (s *NotifyServer) WaitNotification(ctx context.Context, summary string) (Notification, error) {
	snap, err := s.WaitFor(ctx, fmt.Sprintf("a notification %q", summary), func(s NotifySnapshot) bool {
		_, ok := s.Find(summary)
		return ok
	})
	if err != nil {
		return Notification{}, err
	}
	n, _ := snap.Find(summary)
	return n, nil
}

// InvokeAction plays the user clicking button key of notification id.
func (s *NotifyServer) InvokeAction(id uint32, key string) error {
	return s.conn.Emit(notifyPath, notifyName+".ActionInvoked", id, key)
}

func (s *NotifyServer) changedLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// notifyHandler holds exactly the methods exported on the bus.
type notifyHandler struct{ s *NotifyServer }

func (h notifyHandler) Notify(app string, replaces uint32, icon, summary, body string,
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
	s.calls = append(s.calls, Notification{ID: id, AppName: app, ReplacesID: replaces, Summary: summary, Body: body,
		Actions: actions, Hints: hints, ExpireTimeout: timeout})
	s.changedLocked()
	return id, nil
}

func (h notifyHandler) GetCapabilities() ([]string, *dbus.Error) {
	return []string{"actions", "body", "persistence"}, nil
}

func (h notifyHandler) CloseNotification(id uint32) *dbus.Error {
	s := h.s
	s.mu.Lock()
	s.closed = append(s.closed, id)
	wasOpen := s.open[id]
	delete(s.open, id)
	s.changedLocked()
	s.mu.Unlock()
	if wasOpen {
		// As the spec says: closing emits NotificationClosed (reason 3).
		_ = s.conn.Emit(notifyPath, notifyName+".NotificationClosed", id, uint32(3))
	}
	return nil
}

func (h notifyHandler) GetServerInformation() (name, vendor, version, spec string, err *dbus.Error) {
	return "gxptray-e2e", "gxptray", "1", "1.2", nil
}
