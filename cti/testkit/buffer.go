// Package testkit holds the small pieces that the tests of several
// packages share: a buffer one goroutine writes while another reads it,
// and a clock that tests move by hand instead of sleeping.
package testkit

import (
	"bytes"
	"sync"
)

// Buffer is what tests give a logger, a child process or a command as its
// output and look into while it runs: a bytes.Buffer behind a mutex. The zero value is empty and
// ready to use.
type Buffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
