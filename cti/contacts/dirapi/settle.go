package dirapi

import (
	"runtime/debug"
	"sync"
	"time"
)

// settleDelay is how long after the last book replaced its garbage is
// handed back to the system.
const settleDelay = 2 * time.Second

// MemorySettler hands the garbage of book loads back to the system once the
// loads settle. Reading a book makes several times its size in garbage
// (100,000 contacts: about 20 MiB above the 7 MiB the book keeps), which the
// Go runtime would keep resident for minutes, in a process that runs all
// day. Whichever process loads the books (the address-book process, or a
// build that loads them itself) calls Loaded each time a book was replaced.
// The zero value is ready to use.
type MemorySettler struct {
	// Delay and Free are for tests; zero means settleDelay and
	// debug.FreeOSMemory.
	Delay time.Duration
	Free  func()

	mu sync.Mutex
	t  *time.Timer
}

// Loaded says a book was just replaced: the memory goes back Delay after
// the last call.
func (s *MemorySettler) Loaded() {
	s.mu.Lock()
	defer s.mu.Unlock()
	delay, free := s.Delay, s.Free
	if delay == 0 {
		delay = settleDelay
	}
	if free == nil {
		free = debug.FreeOSMemory
	}
	if s.t == nil {
		s.t = time.AfterFunc(delay, free)
		return
	}
	s.t.Reset(delay)
}
