//go:build unix

package filelock

import (
	"errors"
	"os"
	"syscall"
)

// lockOpen flocks f; closing f releases it.
func lockOpen(f *os.File, wait bool) (release func(), err error) {
	how := syscall.LOCK_EX
	if !wait {
		how |= syscall.LOCK_NB
	}
	for {
		err = syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			break
		}
	}
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return nil, ErrLocked
	}
	if err != nil {
		return nil, err
	}
	return func() {}, nil
}
