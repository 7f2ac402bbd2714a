package testkit

import (
	"net"
	"sync"
	"testing"
)

// SilentAddr is the address of a loopback server that accepts connections
// and never answers, until the test ends.
func SilentAddr(t testing.TB) string {
	t.Helper()
	ln := Listen(t)
	HoldSilently(t, ln)
	return ln.Addr().String()
}

// HoldSilently accepts every connection to ln and never answers, until the
// test ends: a server that hangs, for the timeouts of a client.
func HoldSilently(t testing.TB, ln net.Listener) {
	var mu sync.Mutex
	var held []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			c.Close()
		}
	})
}
