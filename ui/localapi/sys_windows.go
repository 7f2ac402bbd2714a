//go:build windows

package localapi

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// prepareDir creates the socket's directory. Windows has no mode bits to
// tighten; the directory lives in the user's own profile.
func prepareDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating the socket directory: %w", err)
	}
	return nil
}

// secureSocket has nothing to do: Chmod on Windows only toggles read-only.
func secureSocket(string) error { return nil }

// isSocket: AF_UNIX socket files are reparse points, reported as sockets or
// as irregular files depending on the Go version; a regular file or a
// directory is never ours.
func isSocket(fi fs.FileInfo) bool {
	return fi.Mode()&fs.ModeSocket != 0 || (!fi.Mode().IsRegular() && !fi.IsDir())
}

const wsaeconnrefused = syscall.Errno(10061)

func isRefused(err error) bool {
	return errors.Is(err, wsaeconnrefused) || errors.Is(err, syscall.ECONNREFUSED)
}

func isMissing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ERROR_PATH_NOT_FOUND)
}
