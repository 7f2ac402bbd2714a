package notify

import "sync"

// actionTable is the bookkeeping behind the "at most once, never after
// Close" promise: desktops may emit ActionInvoked twice for one click and
// signals may race with Close, so every path goes through one lock.
type actionTable struct {
	mu   sync.Mutex
	open map[ID]*pending
}

type pending struct {
	onAction func(key string) // nil once fired, or when there is nothing to call
	offered  []Action
}

// add records a shown notification, replacing what was known for id
// (a replaced notification is a new one: its buttons may fire again).
func (t *actionTable) add(id ID, onAction func(string), offered []Action) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.open == nil {
		t.open = make(map[ID]*pending)
	}
	t.open[id] = &pending{onAction: onAction, offered: offered}
}

// take returns the callback for a click on key of id, at most once; nil if
// the id is unknown, closed or has already fired, or key is not one of its
// buttons. Desktops send keys nobody offered ("default" when the body is
// clicked); letting those use up the one call would swallow the real Accept.
func (t *actionTable) take(id ID, key string) func(string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p, ok := t.open[id]
	if !ok || !offers(p.offered, key) {
		return nil
	}
	fn := p.onAction
	p.onAction = nil
	return fn
}

func offers(actions []Action, key string) bool {
	for _, a := range actions {
		if a.Key == key {
			return true
		}
	}
	return false
}

// forget drops id; it reports whether id was open.
func (t *actionTable) forget(id ID) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ok := t.open[id]
	delete(t.open, id)
	return ok
}

func (t *actionTable) isOpen(id ID) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ok := t.open[id]
	return ok
}

// reset forgets everything: ids from a lost connection mean nothing to the
// next server, which restarts numbering.
func (t *actionTable) reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.open = nil
}
