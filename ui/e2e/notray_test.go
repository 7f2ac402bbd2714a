//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"
)

// TestNoTrayHost: on a desktop without a tray (no StatusNotifierWatcher)
// the app opens its own window instead of an icon nobody would see, and
// says why.
func TestNoTrayHost(t *testing.T) {
	s := newSession(t, sessionOptions{desktop: Options{NoTray: true}})
	s.waitWindow(titleMain)
	s.step("main-window")
	_, err := s.d.Notify.WaitFor(s.within(10*time.Second), "a notice that there is no tray", func(snap NotifySnapshot) bool {
		for _, n := range snap.Calls {
			if strings.Contains(n.Summary+" "+n.Body, "No system tray") {
				return true
			}
		}
		return false
	})
	if err != nil {
		t.Error(err)
	}
	// The window is the app: it stays running with it.
	s.app.CheckRunning(t)
}
