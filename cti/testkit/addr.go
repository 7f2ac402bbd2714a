package testkit

import (
	"net"
	"testing"
)

// Listen is a TCP listener on a free loopback port, closed when the test
// ends (closing it earlier is fine).
func Listen(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

// FreeAddr returns a loopback TCP address ("127.0.0.1:port") that was free
// a moment ago, for a server the test has started by its address, or as an
// address where nothing listens (connections refused).
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln := Listen(t)
	defer ln.Close()
	return ln.Addr().String()
}
