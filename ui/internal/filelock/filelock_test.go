//go:build unix || windows

package filelock

import (
	"errors"
	"path/filepath"
	"testing"
)

// A held lock refuses TryLock and makes Lock wait until it is released.
func TestLockIsExclusiveUntilReleased(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.lock")
	unlock, err := TryLock(path)
	if err != nil {
		t.Fatal(err)
	}
	if u, err := TryLock(path); !errors.Is(err, ErrLocked) {
		if u != nil {
			u()
		}
		t.Fatalf("second TryLock: %v, want ErrLocked", err)
	}
	got := make(chan error, 1)
	go func() {
		u, err := Lock(path)
		if err == nil {
			u()
		}
		got <- err
	}()
	unlock()
	if err := <-got; err != nil {
		t.Fatalf("Lock after the release: %v", err)
	}
	u, err := TryLock(path)
	if err != nil {
		t.Fatalf("TryLock once free: %v", err)
	}
	u()
}

// A lock in a folder that does not exist fails with the system's error.
func TestLockInAMissingFolderFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "x.lock")
	for _, lock := range []func(string) (func(), error){Lock, TryLock} {
		if u, err := lock(path); err == nil || errors.Is(err, ErrLocked) {
			if u != nil {
				u()
			}
			t.Errorf("lock in a missing folder: %v", err)
		}
	}
}
