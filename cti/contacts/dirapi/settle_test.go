package dirapi

import (
	"sync/atomic"
	"testing"
	"time"
)

// Loads in a row free the memory once, after the last; a later load frees
// it again.
func TestMemorySettlerFreesOnceAfterTheLoads(t *testing.T) {
	var freed atomic.Int32
	s := &MemorySettler{Delay: 50 * time.Millisecond, Free: func() { freed.Add(1) }}
	for range 5 {
		s.Loaded()
	}
	waitFreed(t, &freed, 1)
	s.Loaded()
	waitFreed(t, &freed, 2)
}

func waitFreed(t *testing.T, freed *atomic.Int32, want int32) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for freed.Load() < want {
		if time.Now().After(deadline) {
			t.Fatalf("memory freed %d times, want %d", freed.Load(), want)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got := freed.Load(); got != want {
		t.Fatalf("memory freed %d times, want %d", got, want)
	}
}
