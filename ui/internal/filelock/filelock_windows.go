package filelock

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// Lock waits for an exclusive lock on path (created if missing), held
// until unlock is called.
func Lock(path string) (unlock func(), err error) {
	return lockFileEx(path, windows.LOCKFILE_EXCLUSIVE_LOCK)
}

// TryLock takes the lock on path if nobody holds it, and fails with
// ErrLocked at once if somebody does.
func TryLock(path string) (unlock func(), err error) {
	return lockFileEx(path, windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY)
}

func lockFileEx(path string, flags uint32) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	ol := new(windows.Overlapped)
	if err := windows.LockFileEx(windows.Handle(f.Fd()), flags, 0, 1, 0, ol); err != nil {
		f.Close()
		if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
			return nil, ErrLocked
		}
		return nil, err
	}
	return func() {
		windows.UnlockFileEx(windows.Handle(f.Fd()), 0, 1, 0, ol)
		f.Close()
	}, nil
}
