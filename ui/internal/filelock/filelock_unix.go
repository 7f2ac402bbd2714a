//go:build unix

package filelock

import (
	"errors"
	"os"
	"syscall"
)

// Lock waits for an exclusive lock on path (created if missing), held
// until unlock is called.
func Lock(path string) (unlock func(), err error) {
	return flock(path, syscall.LOCK_EX)
}

// TryLock takes the lock on path if nobody holds it, and fails with
// ErrLocked at once if somebody does.
func TryLock(path string) (unlock func(), err error) {
	return flock(path, syscall.LOCK_EX|syscall.LOCK_NB)
}

func flock(path string, how int) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrLocked
		}
		return nil, err
	}
	return func() { f.Close() }, nil
}
