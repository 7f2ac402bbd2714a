//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package localapi

import (
	"errors"

	"github.com/gxptray/gxptray/ui/internal/filelock"
)

// lockInstance takes the instance lock at path, held until release;
// errLocked when another process holds it.
func lockInstance(path string) (release func(), err error) {
	release, err = filelock.TryLock(path)
	if errors.Is(err, filelock.ErrLocked) {
		return nil, errLocked
	}
	return release, err
}
