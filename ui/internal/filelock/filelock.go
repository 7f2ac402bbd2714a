// Package filelock takes exclusive locks on files, held until released:
// the tray's single-instance lock (ui/localapi) and the lock around a
// settings file's load-modify-save (ui/settings). The system drops a lock
// when its process dies, so a lock never goes stale; the lock file stays in
// place (removing it would race with the next process taking it).
package filelock

import (
	"errors"
	"os"
)

// ErrLocked: TryLock found the lock held by another process (or by another
// open of the file in this one).
var ErrLocked = errors.New("the lock is held")

// Lock waits for an exclusive lock on path (created if missing), held
// until unlock is called.
func Lock(path string) (unlock func(), err error) { return lock(path, true) }

// TryLock takes the lock on path if nobody holds it, and fails with
// ErrLocked at once if somebody does.
func TryLock(path string) (unlock func(), err error) { return lock(path, false) }

func lock(path string, wait bool) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	release, err := lockOpen(f, wait)
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		release()
		f.Close()
	}, nil
}
