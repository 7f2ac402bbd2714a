package windows

import (
	"slices"
	"sync"
	"testing"
)

// While one value is being handled, later values replace each other: the
// first and the last are handled, in that order, one at a time.
func TestLatestHandlesTheNewestValue(t *testing.T) {
	var (
		l       latest[int]
		mu      sync.Mutex
		got     []int
		started = make(chan struct{})
		release = make(chan struct{})
		done    sync.WaitGroup
	)
	done.Add(2)
	handle := func(v int) {
		mu.Lock()
		got = append(got, v)
		mu.Unlock()
		if v == 1 {
			close(started)
			<-release
		}
		done.Done()
	}
	l.submit(1, handle)
	<-started
	for v := 2; v <= 5; v++ {
		l.submit(v, handle)
	}
	close(release)
	done.Wait()
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(got, []int{1, 5}) {
		t.Fatalf("handled %v, want [1 5]", got)
	}
}

// Jobs run one after another in the order they were submitted.
func TestSerialKeepsTheOrder(t *testing.T) {
	var (
		s    serial
		mu   sync.Mutex
		got  []int
		done sync.WaitGroup
	)
	for i := range 50 {
		done.Add(1)
		s.submit(func() {
			mu.Lock()
			got = append(got, i)
			mu.Unlock()
			done.Done()
		})
	}
	done.Wait()
	mu.Lock()
	defer mu.Unlock()
	for i, v := range got {
		if v != i {
			t.Fatalf("ran %v, want 0..49 in order", got)
		}
	}
}
