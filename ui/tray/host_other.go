//go:build !(linux || freebsd || openbsd || netbsd)

package tray

import "context"

// Windows and macOS always have a notification area.
func detectHost(context.Context) HostInfo {
	return HostInfo{Watcher: true, HostRegistered: true}
}
