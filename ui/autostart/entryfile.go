//go:build !windows

package autostart

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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
	return writeAtomic(path, data)
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

// writeAtomic replaces path with data through a synced temporary file in
// the same folder, so a crash leaves the old entry or the new one.
func writeAtomic(path string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	return nil
}
