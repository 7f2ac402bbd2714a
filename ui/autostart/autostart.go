// Package autostart starts GXP Tray when the user logs in: an XDG autostart
// entry on Linux and the BSDs, the HKCU Run key on Windows, a LaunchAgent on
// macOS. Enable is idempotent and rewrites the entry, so calling it at start-up
// keeps the entry pointing at the current executable after the binary moved.
package autostart

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"
)

// Name is what the desktop shows for the entry.
const Name = "GXP Tray"

// ErrBadCommand: the executable path is not absolute, or the command holds
// characters that a login entry cannot carry (control characters).
var ErrBadCommand = errors.New("autostart: unusable command")

func checkCommand(exe string, args []string) error {
	if !filepath.IsAbs(exe) {
		return fmt.Errorf("%w: %q is not an absolute path", ErrBadCommand, exe)
	}
	for _, a := range append([]string{exe}, args...) {
		if strings.IndexFunc(a, unicode.IsControl) >= 0 {
			return fmt.Errorf("%w: %q contains a control character", ErrBadCommand, a)
		}
	}
	return nil
}
