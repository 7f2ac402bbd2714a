// Package filelock takes exclusive locks on files, held until released:
// the tray's single-instance lock (ui/localapi) and the lock around a
// settings file's load-modify-save (ui/settings). The system drops a lock
// when its process dies, so a lock never goes stale; the lock file stays in
// place (removing it would race with the next process taking it).
package filelock

import "errors"

// ErrLocked: TryLock found the lock held by another process (or by another
// open of the file in this one).
var ErrLocked = errors.New("the lock is held")
