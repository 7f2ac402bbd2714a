//go:build !linux

package tray

import (
	"context"
	"log/slog"
)

// trimAfter: only Linux is known to keep a program's untouched pages
// resident this way (residency_linux.go).
func trimAfter(context.Context, *slog.Logger) {}
