package localapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestSecondListenFindsTheRunningServer(t *testing.T) {
	path := socketPath(t)
	serveAt(t, path, newFake(), Options{})
	_, err := Listen(path, newFake(), Options{})
	if !errors.Is(err, ErrAlreadyRunning) {
		t.Fatalf("second Listen: %v, want ErrAlreadyRunning", err)
	}
	if want := fmt.Sprintf("GXP Tray is already running (pid %d)", os.Getpid()); err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	// The first server is unharmed.
	c := dialT(t, path)
	if _, err := c.State(ctxT(t)); err != nil {
		t.Errorf("first server after the second Listen: %v", err)
	}
}

func TestSecondListenWithoutLockStillRefused(t *testing.T) {
	// A live server whose lock file is gone (for example removed by hand):
	// the probe alone must keep a second instance from taking the socket.
	path := socketPath(t)
	serveAt(t, path, newFake(), Options{})
	if err := os.Remove(path + ".lock"); err != nil && runtime.GOOS != "windows" {
		t.Fatal(err)
	}
	if _, err := Listen(path, newFake(), Options{}); !errors.Is(err, ErrAlreadyRunning) {
		t.Fatalf("Listen next to a live server without lock file: %v", err)
	}
}

// staleSocket leaves a socket file nobody listens on, as a crashed tray
// process does.
func staleSocket(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
	if _, err := os.Lstat(path); err != nil {
		t.Fatalf("stale socket not left behind: %v", err)
	}
}

func TestStaleSocketIsReplaced(t *testing.T) {
	path := socketPath(t)
	staleSocket(t, path)
	if _, err := Dial(path); !errors.Is(err, ErrNotRunning) {
		t.Errorf("Dial on a stale socket: %v, want ErrNotRunning", err)
	}
	f := newFake()
	_, c := serveAt(t, path, f, Options{})
	if err := c.Quit(ctxT(t)); err != nil {
		t.Errorf("request to the new server: %v", err)
	}
}

func TestNonSocketFileIsLeftAlone(t *testing.T) {
	path := socketPath(t)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Listen(path, newFake(), Options{})
	if err == nil {
		s.Close()
		t.Fatal("Listen replaced a regular file")
	}
	if b, _ := os.ReadFile(path); string(b) != "precious" {
		t.Errorf("the file was changed: %q", b)
	}
}

func TestLooseExistingDirectoryIsTightened(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no mode bits on Windows")
	}
	path := socketPath(t)
	if err := os.Mkdir(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Dir(path), 0o777); err != nil {
		t.Fatal(err)
	}
	serveAt(t, path, newFake(), Options{})
	checkMode(t, filepath.Dir(path), 0o700)
}

func TestSymlinkedDirectoryRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	path := socketPath(t)
	elsewhere := filepath.Join(filepath.Dir(filepath.Dir(path)), "elsewhere")
	if err := os.Mkdir(elsewhere, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Dir(path)); err != nil {
		t.Fatal(err)
	}
	if s, err := Listen(path, newFake(), Options{}); err == nil {
		s.Close()
		t.Fatal("Listen accepted a symlinked socket directory")
	}
}

func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s has mode %v, want %v", filepath.Base(path), got, want)
	}
}

func TestCloseRemovesSocketAndAllowsRestart(t *testing.T) {
	path := socketPath(t)
	s := listenT(t, path, newFake(), Options{})
	returned := serving(t, s, context.Background())
	dialT(t, path)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	returned("after Close")
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Errorf("socket still there after Close: %v", err)
	}
	if _, err := Dial(path); !errors.Is(err, ErrNotRunning) {
		t.Errorf("Dial after Close: %v, want ErrNotRunning", err)
	}
	serveAt(t, path, newFake(), Options{}) // the lock was released
}

func TestServeStopsWithContext(t *testing.T) {
	path := socketPath(t)
	s := listenT(t, path, newFake(), Options{})
	ctx, cancel := context.WithCancel(context.Background())
	returned := serving(t, s, ctx)
	c := dialT(t, path)
	if _, err := c.State(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	cancel()
	returned("after its context ended")
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Errorf("socket still there: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close after Serve: %v", err)
	}
}

func TestCloseWithoutServe(t *testing.T) {
	path := socketPath(t)
	s := listenT(t, path, newFake(), Options{})
	s.Close()
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Errorf("socket still there: %v", err)
	}
	if err := s.Serve(context.Background()); err != nil {
		t.Errorf("Serve after Close: %v", err)
	}
}

func TestDialWhenNothingListens(t *testing.T) {
	path := socketPath(t)
	_, err := Dial(path)
	if !errors.Is(err, ErrNotRunning) {
		t.Fatalf("Dial: %v, want ErrNotRunning", err)
	}
	if !strings.Contains(err.Error(), "GXP Tray is not running") {
		t.Errorf("message %q", err)
	}
}

func TestClientAfterServerStopped(t *testing.T) {
	path := socketPath(t)
	s := listenT(t, path, newFake(), Options{})
	go s.Serve(context.Background())
	c := dialT(t, path)
	s.Close()
	if _, err := c.State(ctxT(t)); !errors.Is(err, ErrNotRunning) {
		t.Errorf("State after the server stopped: %v, want ErrNotRunning", err)
	}
}

func TestPeerOfAnotherUserRefused(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("peer credentials are checked on Linux only")
	}
	f := newFake()
	asked := make(chan int, 16)
	opts := Options{AllowUID: func(uid int) bool { asked <- uid; return false }}
	path := socketPath(t)
	s := listenT(t, path, f, opts)
	go s.Serve(context.Background())
	defer s.Close()
	c := newClient(path)
	defer c.Close()
	ctx := ctxT(t)
	if _, err := c.State(ctx); err == nil {
		t.Error("State succeeded for a refused peer")
	}
	if err := c.Quit(ctx); err == nil {
		t.Error("Quit succeeded for a refused peer")
	}
	if calls := f.Calls(); len(calls) != 0 {
		t.Errorf("the backend was called for a refused peer: %q", calls)
	}
	select {
	case uid := <-asked:
		if uid != os.Getuid() {
			t.Errorf("AllowUID got uid %d, want %d", uid, os.Getuid())
		}
	default:
		t.Error("AllowUID was never asked")
	}
}

func TestDefaultAllowsOwnUser(t *testing.T) {
	// Without AllowUID the server accepts this process's own user (the
	// other tests rely on it); the check itself ran if peerCred works.
	path := socketPath(t)
	serveAt(t, path, newFake(), Options{})
	if runtime.GOOS == "linux" {
		c, err := net.Dial("unix", path)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		uid, pid, known, err := peerCred(c)
		if err != nil || !known || uid != os.Getuid() || pid != os.Getpid() {
			t.Errorf("peerCred = uid %d pid %d known %v err %v", uid, pid, known, err)
		}
	}
}
