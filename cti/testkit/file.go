package testkit

import (
	"os"
	"path/filepath"
	"testing"
)

// WriteTemp writes body to a file called name in a fresh temporary folder
// (mode 0600) and returns its path.
func WriteTemp(t testing.TB, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// SocketDir is a fresh temporary folder, removed when the test ends, whose
// path is short enough for unix sockets in it: a socket's path may have
// about 100 bytes, and t.TempDir's, named after the test, can be longer.
func SocketDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "gxp")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
