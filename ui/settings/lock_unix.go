//go:build unix

package settings

import (
	"os"
	"syscall"
)

// lockFile waits for an exclusive lock on path (created if missing), held
// until unlock. The kernel drops it when the process dies, so it never goes
// stale; the file stays (removing it would race with the next taker).
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}
