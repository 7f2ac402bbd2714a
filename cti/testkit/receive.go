package testkit

import (
	"testing"
	"time"
)

// Receive returns the next value from ch (the zero value once ch is
// closed). It fails the test when none comes within 10 s, naming what it
// waited for.
func Receive[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		var zero T
		return zero
	}
}
