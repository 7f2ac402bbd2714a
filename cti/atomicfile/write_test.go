package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// entries lists the names in dir: what a user would find there.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteReplacesContent(t *testing.T) {
	big := strings.Repeat("a line of the call history\n", 10000) // > bufio's buffer
	cases := []struct {
		name  string
		write func(path string) error
		want  string
	}{
		{"WriteFile", func(p string) error { return WriteFile(p, []byte("new\n"), 0o600) }, "new\n"},
		{"WriteFile empty", func(p string) error { return WriteFile(p, nil, 0o600) }, ""},
		{"WriteFunc", func(p string) error {
			return WriteFunc(p, 0o600, func(w io.Writer) error {
				for i := 0; i < 3; i++ {
					if _, err := fmt.Fprintf(w, "%d\n", i); err != nil {
						return err
					}
				}
				return nil
			})
		}, "0\n1\n2\n"},
		{"WriteFunc large", func(p string) error {
			return WriteFunc(p, 0o600, func(w io.Writer) error {
				_, err := io.WriteString(w, big)
				return err
			})
		}, big},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "file.json")
			if err := os.WriteFile(path, []byte("old content, longer than the new\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := c.write(path); err != nil {
				t.Fatal(err)
			}
			if got := readString(t, path); got != c.want {
				t.Errorf("content %.40q (%d bytes), want %.40q (%d bytes)", got, len(got), c.want, len(c.want))
			}
			if got := entries(t, dir); len(got) != 1 || got[0] != "file.json" {
				t.Errorf("folder holds %q, want only file.json", got)
			}
		})
	}
}

func TestWriteInCurrentFolder(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := WriteFile("plain.txt", []byte("here"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := readString(t, filepath.Join(dir, "plain.txt")); got != "here" {
		t.Errorf("content %q", got)
	}
}

// A failed write leaves the old file as it was and no temporary beside it.
func TestFailedWriteKeepsOldFile(t *testing.T) {
	errDiskFull := errors.New("no space left on device")
	partial := func(w io.Writer) {
		// More than bufio's buffer, so part of it reached the temporary.
		_, _ = io.WriteString(w, strings.Repeat("half a file ", 2000))
	}
	cases := []struct {
		name    string
		setup   func(t *testing.T, dir string) string // returns the path to write
		write   func(path string) error
		wantErr func(error) bool
	}{
		{
			name: "writer fails mid-way",
			write: func(p string) error {
				return WriteFunc(p, 0o600, func(w io.Writer) error {
					partial(w)
					return errDiskFull
				})
			},
			wantErr: func(err error) bool { return errors.Is(err, errDiskFull) },
		},
		{
			name: "writer crashes mid-way",
			write: func(p string) (err error) {
				defer func() {
					if r := recover(); r != nil {
						err = fmt.Errorf("panic: %v", r)
					}
				}()
				return WriteFunc(p, 0o600, func(w io.Writer) error {
					partial(w)
					panic("encoder crashed")
				})
			},
			wantErr: func(err error) bool { return err != nil && strings.Contains(err.Error(), "encoder crashed") },
		},
		{
			name: "rename refused: the target is a folder with files",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "taken")
				if err := os.MkdirAll(filepath.Join(p, "inside"), 0o700); err != nil {
					t.Fatal(err)
				}
				return p
			},
			write: func(p string) error { return WriteFile(p, []byte("new"), 0o600) },
			wantErr: func(err error) bool {
				var le *os.LinkError
				return errors.As(err, &le) && le.Op == "rename"
			},
		},
		{
			name: "folder missing",
			setup: func(t *testing.T, dir string) string {
				return filepath.Join(dir, "gone", "file.json")
			},
			write:   func(p string) error { return WriteFile(p, []byte("new"), 0o600) },
			wantErr: func(err error) bool { return errors.Is(err, fs.ErrNotExist) },
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			// Without a setup of its own, a case writes over an old file.
			path := filepath.Join(dir, "file.json")
			const old = "old content\n"
			if c.setup != nil {
				path = c.setup(t, dir)
			} else if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
				t.Fatal(err)
			}
			before := entries(t, dir)
			err := c.write(path)
			if !c.wantErr(err) {
				t.Fatalf("error %v (%T), not the one expected", err, err)
			}
			if got := entries(t, dir); strings.Join(got, ",") != strings.Join(before, ",") {
				t.Errorf("folder holds %q after the failure, had %q", got, before)
			}
			if c.setup == nil {
				if got := readString(t, path); got != old {
					t.Errorf("old file now %.40q, want it kept", got)
				}
			}
		})
	}
}

func TestWriteMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix file modes")
	}
	cases := []struct {
		name     string
		existing fs.FileMode // 0: no file before
		perm     fs.FileMode
	}{
		{"new private", 0, 0o600},
		{"new readable", 0, 0o644},
		{"new, beyond the umask", 0, 0o666},
		{"world-readable made private", 0o644, 0o600},
		{"private made readable", 0o600, 0o644},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "file")
			if c.existing != 0 {
				if err := os.WriteFile(path, []byte("old"), c.existing); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, c.existing); err != nil {
					t.Fatal(err)
				}
			}
			if err := WriteFile(path, []byte("new"), c.perm); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != c.perm {
				t.Errorf("mode %v, want %v", fi.Mode().Perm(), c.perm)
			}
		})
	}
}

// Writers racing on one file each leave it whole: one content or the other,
// never a mix, and no temporary.
func TestConcurrentWritersLeaveOneWholeFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "file")
	contents := [][]byte{bytes.Repeat([]byte("a"), 100000), bytes.Repeat([]byte("b"), 50000)}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(data []byte) {
			defer wg.Done()
			if err := WriteFile(path, data, 0o600); err != nil {
				t.Error(err)
			}
		}(contents[i%2])
	}
	wg.Wait()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, contents[0]) && !bytes.Equal(got, contents[1]) {
		t.Errorf("file of %d bytes is neither content", len(got))
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("folder holds %q", names)
	}
}

// Syncing the folder never fails on Windows, which cannot do it; elsewhere
// it reports a folder that is not there.
func TestSyncDir(t *testing.T) {
	if err := SyncDir(t.TempDir()); err != nil {
		t.Errorf("SyncDir of a folder: %v", err)
	}
	err := SyncDir(filepath.Join(t.TempDir(), "missing"))
	if runtime.GOOS == "windows" {
		if err != nil {
			t.Errorf("SyncDir on Windows: %v, want nil", err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("SyncDir of a missing folder: %v, want not-exist", err)
	}
}

// A reader holding the file open: elsewhere the rename replaces it under
// the reader; Windows refuses to replace a file open without
// FILE_SHARE_DELETE (as os.Open opens it), and once the retries give up the
// old file is kept and no temporary is left.
func TestTargetHeldOpen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "file")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	err = WriteFile(path, []byte("new"), 0o600)
	r.Close()
	want := "new"
	if runtime.GOOS == "windows" {
		want = "old"
		var le *os.LinkError
		if !errors.As(err, &le) || !errors.Is(err, fs.ErrPermission) {
			t.Errorf("WriteFile over an open file: %v, want the rename refused", err)
		}
	} else if err != nil {
		t.Errorf("WriteFile over an open file: %v", err)
	}
	if got := readString(t, path); got != want {
		t.Errorf("content %q, want %q", got, want)
	}
	if names := entries(t, dir); len(names) != 1 {
		t.Errorf("folder holds %q", names)
	}
}
