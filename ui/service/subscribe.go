package service

import (
	"context"
	"reflect"
	"sync"

	"github.com/gxptray/gxptray/ui/localapi"
)

// maxQueued bounds what a slow subscriber may leave undelivered. A subscriber
// that falls that far behind is dropped (its stream ends and the client
// reconnects) rather than making the service hold an unbounded backlog.
const maxQueued = 512

// hub fans updates out to the subscribers, each with its own queue so a slow
// reader never blocks the monitor or the other readers.
type hub struct {
	mu     sync.Mutex
	subs   map[*subscriber]struct{}
	closed bool
}

type subscriber struct {
	mu      sync.Mutex
	queue   []localapi.Update
	wake    chan struct{}
	dropped bool
}

// Subscribe streams updates: first the current State, then every event and
// every State change. The channel is closed when ctx is done.
func (s *Service) Subscribe(ctx context.Context) <-chan localapi.Update {
	out := make(chan localapi.Update)
	st := s.State(ctx)
	sub := &subscriber{wake: make(chan struct{}, 1), queue: []localapi.Update{{State: &st}}}
	sub.wake <- struct{}{}
	if !s.hub.add(sub) {
		sub.dropped = true // the service stopped: deliver the state, then end
	}
	go func() {
		defer close(out)
		defer s.hub.remove(sub)
		var last *localapi.State // what this reader saw last: never the same State twice
		for {
			select {
			case <-ctx.Done():
				return
			case <-sub.wake:
			}
			sub.mu.Lock()
			items := sub.queue
			sub.queue = nil
			dropped := sub.dropped
			sub.mu.Unlock()
			for _, u := range items {
				if u.State != nil {
					if last != nil && reflect.DeepEqual(*last, *u.State) {
						continue
					}
					last = u.State
				}
				select {
				case out <- u:
				case <-ctx.Done():
					return
				}
			}
			if dropped {
				return
			}
		}
	}()
	return out
}

func (h *hub) add(sub *subscriber) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	if h.subs == nil {
		h.subs = map[*subscriber]struct{}{}
	}
	h.subs[sub] = struct{}{}
	return true
}

func (h *hub) remove(sub *subscriber) {
	h.mu.Lock()
	delete(h.subs, sub)
	h.mu.Unlock()
}

// send queues u for every subscriber.
func (h *hub) send(u localapi.Update) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for sub := range h.subs {
		sub.mu.Lock()
		if !sub.dropped {
			if len(sub.queue) >= maxQueued {
				sub.dropped = true
			} else {
				sub.queue = append(sub.queue, u)
			}
		}
		sub.mu.Unlock()
		select {
		case sub.wake <- struct{}{}:
		default:
		}
	}
}

// closeAll ends every stream (after what was queued) and refuses new ones.
func (h *hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for sub := range h.subs {
		sub.mu.Lock()
		sub.dropped = true
		sub.mu.Unlock()
		select {
		case sub.wake <- struct{}{}:
		default:
		}
	}
}
