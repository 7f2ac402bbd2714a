package atomicfile

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// errSharingViolation is ERROR_SHARING_VIOLATION (golang.org/x/sys/windows
// has it; this package keeps to the standard library).
const errSharingViolation syscall.Errno = 32

// renameRetryFor bounds how long rename waits for the target to be free.
const renameRetryFor = 500 * time.Millisecond

// rename is os.Rename (MoveFileEx with MOVEFILE_REPLACE_EXISTING), retried
// for a moment while Windows refuses to replace a file that another handle
// holds open without FILE_SHARE_DELETE: another writer's rename, a reader,
// a virus scanner or the search indexer looking at the file just written.
// Go's own tools do the same (cmd/internal/robustio).
func rename(oldpath, newpath string) error {
	deadline := time.Now().Add(renameRetryFor)
	sleep := time.Millisecond
	for {
		err := os.Rename(oldpath, newpath)
		if err == nil || !transient(err) || time.Now().Add(sleep).After(deadline) {
			return err
		}
		time.Sleep(sleep)
		sleep = min(2*sleep, 50*time.Millisecond)
	}
}

func transient(err error) bool {
	var errno syscall.Errno
	return errors.As(err, &errno) && (errno == syscall.ERROR_ACCESS_DENIED || errno == errSharingViolation)
}
