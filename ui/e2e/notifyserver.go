//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"

	"github.com/gxptray/gxptray/notify/notifytest"
)

// The freedesktop notification service.
const (
	notifyName = "org.freedesktop.Notifications"
	notifyPath = dbus.ObjectPath("/org/freedesktop/Notifications")
)

// Notification is one Notify call the server received.
type Notification = notifytest.Call

// NotifySnapshot is the server's state at one moment.
type NotifySnapshot = notifytest.Snapshot

// NotifyServer is notify/notifytest's server joined to the desktop's
// session bus, with waits that say what they waited for.
type NotifyServer struct {
	*notifytest.Server
}

// StartNotifyServer starts the notification server on the bus at address
// until t ends. Like a desktop's server it shows plain bodies, so the
// application sends them without markup.
func StartNotifyServer(t testing.TB, address string) *NotifyServer {
	t.Helper()
	s := notifytest.StartOn(t, address)
	s.SetCapabilities("actions", "body", "persistence")
	return &NotifyServer{s}
}

// WaitFor blocks until cond holds or ctx ends, and returns the state it
// last saw; what names the condition in the error.
func (s *NotifyServer) WaitFor(ctx context.Context, what string, cond func(NotifySnapshot) bool) (NotifySnapshot, error) {
	var last NotifySnapshot
	err := s.Server.WaitFor(ctx, func(snap NotifySnapshot) bool {
		last = snap
		return cond(snap)
	})
	if err != nil {
		return last, fmt.Errorf("notifications: %s: not seen (%v); the server got: %s", what, context.Cause(ctx), describe(last))
	}
	return last, nil
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

// describe is a short account of snap for error messages.
func describe(snap NotifySnapshot) string {
	var b strings.Builder
	for _, c := range snap.Calls {
		fmt.Fprintf(&b, "#%d %q %q actions=%q; ", c.ID, c.Summary, c.Body, c.Actions)
	}
	fmt.Fprintf(&b, "closed %v", snap.Closed)
	return b.String()
}
