//go:build unix

package localapi

import (
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// fakeTray listens on path like an impostor would and counts the requests
// that reach it.
func fakeTray(t *testing.T, path string) *atomic.Int32 {
	t.Helper()
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	var hits atomic.Int32
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`{"pid":1,"version":"fake"}`))
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return &hits
}

func TestClientRefusesSocketsThatAreNotTheUsers(t *testing.T) {
	base := t.TempDir()

	open := filepath.Join(base, "open")
	os.Mkdir(open, 0o700)
	os.Chmod(open, 0o777) // a /tmp/gxptray-UID anyone may write in
	hitsOpen := fakeTray(t, filepath.Join(open, "gxptray.sock"))

	real := filepath.Join(base, "real")
	os.Mkdir(real, 0o700)
	hitsLinked := fakeTray(t, filepath.Join(real, "gxptray.sock"))
	link := filepath.Join(base, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct{ path, reason string }{
		{filepath.Join(open, "gxptray.sock"), "mode 0777"},
		{filepath.Join(link, "gxptray.sock"), "symbolic link"},
	} {
		_, err := Dial(tc.path)
		var nt *NotTrustedError
		if !errors.Is(err, ErrNotTrusted) || !errors.As(err, &nt) || !strings.Contains(err.Error(), tc.reason) {
			t.Errorf("Dial(%s) = %v, want a refusal saying %q", tc.path, err, tc.reason)
		}
		if errors.Is(err, ErrNotRunning) {
			t.Errorf("Dial(%s): an untrusted socket reported as not running", tc.path)
		}
	}
	if hitsOpen.Load()+hitsLinked.Load() != 0 {
		t.Fatalf("an impostor received %d requests", hitsOpen.Load()+hitsLinked.Load())
	}
	// The same socket in a private directory is talked to.
	c, err := Dial(filepath.Join(real, "gxptray.sock"))
	if err != nil {
		t.Fatalf("private directory: %v", err)
	}
	c.Close()
}

// The directory belongs to the user, but the process behind the socket does
// not: refused on its peer credentials (SO_PEERCRED), before any request.
func TestClientChecksTheServersPeerCredentials(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("SO_PEERCRED is Linux's")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the directory to the posed-as user")
	}
	const posedUID = 54321
	dir := filepath.Join(t.TempDir(), "run")
	os.Mkdir(dir, 0o700)
	path := filepath.Join(dir, "gxptray.sock")
	hits := fakeTray(t, path) // runs as root: "another user" for the posed one
	if err := os.Chown(dir, posedUID, posedUID); err != nil {
		t.Fatal(err)
	}
	old := currentUID
	currentUID = func() int { return posedUID }
	defer func() { currentUID = old }()

	_, err := Dial(path)
	if !errors.Is(err, ErrNotTrusted) || !strings.Contains(err.Error(), "runs as another user (uid 0)") {
		t.Fatalf("Dial = %v, want a refusal naming the server's uid", err)
	}
	if hits.Load() != 0 {
		t.Fatalf("the server of another user received %d requests", hits.Load())
	}
}
