//go:build unix

package localapi

import (
	"path/filepath"
	"syscall"
	"testing"
)

func TestSocketAndDirectoryModes(t *testing.T) {
	old := syscall.Umask(0) // the most permissive umask a user can have
	defer syscall.Umask(old)
	path := socketPath(t)
	serveAt(t, path, newFake(), Options{})
	checkMode(t, filepath.Dir(path), 0o700)
	checkMode(t, path, 0o600)
}
