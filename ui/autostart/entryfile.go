//go:build !windows

package autostart

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gxptray/gxptray/cti/atomicfile"
)

// On Linux, the BSDs and macOS the login entry is one file: entryPath,
// entry and entryDirPerm (xdg.go, autostart_darwin.go) say where it is and
// what it holds. It is written whole or not at all, and removed to disable.

// Enable writes the entry that runs exe with args at login.
func Enable(exe string, args ...string) error {
	if err := checkCommand(exe, args); err != nil {
		return err
	}
	path, err := entryPath()
	if err != nil {
		return err
	}
	data, err := entry(exe, args)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), entryDirPerm); err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	if err := atomicfile.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	return nil
}

// Disable removes the entry; no entry is not an error.
func Disable() error {
	path, err := entryPath()
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("autostart: %w", err)
	}
	return nil
}
