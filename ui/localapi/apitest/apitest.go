// Package apitest serves a localapi.Backend on a real unix socket for the
// tests of the packages that talk to the tray process (windows, CLI), and
// stops it when the test ends.
package apitest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/gxptray/gxptray/cti/testkit"
	"github.com/gxptray/gxptray/ui/localapi"
)

// Serve serves b on the socket sock until the test ends.
func Serve(t testing.TB, sock string, b localapi.Backend, o localapi.Options) {
	t.Helper()
	s, err := localapi.Listen(sock, b, o)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Serve(ctx) }()
	t.Cleanup(func() { cancel(); s.Close(); <-done })
}

// Client serves b on a socket of its own and returns a client of it; both
// end with the test.
func Client(t testing.TB, b localapi.Backend, o localapi.Options) *localapi.Client {
	t.Helper()
	sock := filepath.Join(testkit.SocketDir(t), "s.sock")
	Serve(t, sock, b, o)
	c, err := localapi.Dial(sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}
