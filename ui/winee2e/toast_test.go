//go:build e2e && wine

package winee2e

import "testing"

// TestToasts: Wine 8 has no WinRT toast notifications (no
// Windows.UI.Notifications, no notification centre), so the toast with
// Accept/Reject cannot be shown here; notify's unit tests check the toast
// XML and the routing of its buttons, and TestTray checks the fallback
// (the call window) that Wine gets instead.
func TestToasts(t *testing.T) {
	needWine(t)
	t.Skip("Wine 8 has no WinRT toast notifications: the toast XML and its buttons are covered by notify's unit tests, the call window that replaces them here by TestTray")
}
