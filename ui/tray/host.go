package tray

import (
	"context"
	"time"
)

// HostInfo is what was found out about the desktop's tray.
type HostInfo struct {
	// Watcher: a StatusNotifierWatcher owns its name on the session bus, so
	// a tray icon can register. Always true where the system has its own
	// notification area (Windows, macOS).
	Watcher bool
	// HostRegistered is the watcher's IsStatusNotifierHostRegistered: a
	// panel actually shows the icons. Some watchers run without one (and
	// the icon appears once a panel starts).
	HostRegistered bool
	// Reason explains a missing tray (for the log).
	Reason string
}

// hostTimeout bounds the detection: a session bus that does not answer
// counts as no tray.
const hostTimeout = 3 * time.Second

// DetectTrayHost finds out whether a tray icon would be shown. It never
// takes longer than ctx allows (and at most a few seconds).
func DetectTrayHost(ctx context.Context) HostInfo {
	ctx, cancel := context.WithTimeout(ctx, hostTimeout)
	defer cancel()
	return detectHost(ctx)
}
