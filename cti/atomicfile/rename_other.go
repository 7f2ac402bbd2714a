//go:build !windows

package atomicfile

import "os"

// rename is os.Rename: a rename over a file replaces it even while the file
// is open elsewhere.
func rename(oldpath, newpath string) error { return os.Rename(oldpath, newpath) }
