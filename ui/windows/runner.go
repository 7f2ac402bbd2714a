package windows

import "sync"

// latest runs fn for the newest submitted value only: one call in flight at
// a time, and values submitted meanwhile replace each other. Typing a
// number asks for a preview per keystroke; only the last one matters. It
// is a serial queue that holds one waiting job at most, which takes the
// newest value when it runs.
type latest[T any] struct {
	mu   sync.Mutex
	has  bool // a job is waiting for next
	next T
	jobs serial
}

func (l *latest[T]) submit(v T, fn func(T)) {
	l.mu.Lock()
	waiting := l.has
	l.next, l.has = v, true
	l.mu.Unlock()
	if waiting {
		return
	}
	l.jobs.submit(func() {
		l.mu.Lock()
		v := l.next
		var zero T
		l.next, l.has = zero, false
		l.mu.Unlock()
		fn(v)
	})
}

// serial runs jobs one after another in the order they were submitted,
// without a resident goroutine. DTMF digits must reach the phone in the
// order they were pressed.
type serial struct {
	mu      sync.Mutex
	running bool
	queue   []func()
}

func (s *serial) submit(job func()) {
	s.mu.Lock()
	s.queue = append(s.queue, job)
	if s.running {
		s.mu.Unlock()
		return
	}
	s.running = true
	s.mu.Unlock()
	go func() {
		for {
			s.mu.Lock()
			if len(s.queue) == 0 {
				s.running = false
				s.mu.Unlock()
				return
			}
			job := s.queue[0]
			s.queue = s.queue[1:]
			s.mu.Unlock()
			job()
		}
	}()
}
