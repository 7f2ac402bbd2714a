package atomicfile

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// WriteFile replaces path with data, mode perm. The folder must exist.
// Errors are the os package's (*fs.PathError, *os.LinkError), unwrapped,
// for the caller to prefix.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	return replace(path, perm, func(f *os.File) error {
		_, err := f.Write(data)
		return err
	})
}

// WriteFunc replaces path, mode perm, with what write writes to w, which is
// buffered: the file is never written to whole in memory. An error from
// write (returned as it is) or a panic in it leaves the old file.
func WriteFunc(path string, perm fs.FileMode, write func(w io.Writer) error) error {
	return replace(path, perm, func(f *os.File) error {
		bw := bufio.NewWriter(f)
		if err := write(bw); err != nil {
			return err
		}
		return bw.Flush()
	})
}

func replace(path string, perm fs.FileMode, fill func(*os.File) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	done := false
	// Deferred, not on each return, so that a panic in fill also removes it.
	defer func() {
		if !done {
			f.Close()
			os.Remove(tmp)
		}
	}()
	// CreateTemp made it 0600 whatever the umask; Chmod gives perm, also
	// over a umask, as the callers ask for exact modes.
	if err := f.Chmod(perm); err != nil && !chmodOptional(err) {
		return err
	}
	if err := fill(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := rename(tmp, path); err != nil {
		return err
	}
	done = true
	// The new file is in place: a folder that cannot be synced (some file
	// systems refuse) does not make the write a failure.
	_ = SyncDir(dir)
	return nil
}

// chmodOptional says a failed Chmod can be passed over: Windows has no
// such modes, and some systems have no Chmod.
func chmodOptional(err error) bool {
	return runtime.GOOS == "windows" || errors.Is(err, errors.ErrUnsupported)
}

// SyncDir makes a rename in dir durable. On Windows, which cannot open a
// folder for syncing, it does nothing and returns nil.
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	serr := d.Sync()
	if cerr := d.Close(); serr == nil {
		serr = cerr
	}
	return serr
}
