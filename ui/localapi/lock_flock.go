//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package localapi

import (
	"errors"
	"os"
	"syscall"
)

// lockInstance takes an exclusive lock on path, held until release. The
// kernel drops it when the process dies, so it never goes stale; the file is
// left in place (removing a lock file races with the next process taking it).
func lockInstance(path string) (release func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, err
	}
	return func() { f.Close() }, nil
}
