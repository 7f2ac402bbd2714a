package service

import "sync"

// tasks counts short background work (pin saves, notification actions, dial
// progress) so that Run can wait for it. Unlike sync.WaitGroup it allows new
// work to start while someone waits: notification clicks arrive whenever the
// user makes them.
type tasks struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed while n == 0; nil means closed
}

// Go runs f in a new goroutine.
func (t *tasks) Go(f func()) {
	t.mu.Lock()
	if t.n == 0 {
		t.idle = make(chan struct{})
	}
	t.n++
	t.mu.Unlock()
	go func() {
		defer t.done()
		f()
	}()
}

func (t *tasks) done() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n--
	if t.n == 0 {
		close(t.idle)
	}
}

// Wait returns once no work is running.
func (t *tasks) Wait() {
	for {
		t.mu.Lock()
		idle := t.idle
		n := t.n
		t.mu.Unlock()
		if n == 0 {
			return
		}
		<-idle
	}
}
