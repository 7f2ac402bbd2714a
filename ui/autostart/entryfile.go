//go:build !windows

package autostart

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// On Linux, the BSDs and macOS the login entry is one file, at entryPath
// (xdg.go, autostart_darwin.go): written whole or not at all, removed to
// disable.

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
