package service

import (
	"errors"
	"sync"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/notify"
)

// errNoHistory: the history file could not be opened at start.
var errNoHistory = errors.New("the call history is not available")

// callLog owns the call history and what the person has seen of it: the
// history file (nil when it could not be opened), the missed calls counted
// in memory instead, the missed-call notifications still on screen, and the
// counters the State reports. It has a lock of its own and never calls out
// while holding it; closing notifications is the caller's business.
type callLog struct {
	mu        sync.Mutex
	hist      *cti.History // nil: no usable history file
	missedMem int          // unseen missed calls when hist is nil
	shown     []notify.ID  // missed-call notifications to close once seen
	seen      uint64       // MarkSeen and Clear calls so far
	cleared   uint64       // successful Clear calls so far (State.HistoryCleared)
}

func newCallLog(h *cti.History) *callLog { return &callLog{hist: h} }

// Record appends a finished call.
func (l *callLog) Record(c cti.Call) error {
	l.mu.Lock()
	h := l.hist
	if h == nil && c.Outcome == cti.Missed {
		l.missedMem++
	}
	l.mu.Unlock()
	if h == nil {
		return nil
	}
	return h.Append(c)
}

// Recent returns the n most recent calls, newest first (0: all).
func (l *callLog) Recent(n int) ([]cti.Call, error) {
	l.mu.Lock()
	h := l.hist
	l.mu.Unlock()
	if h == nil {
		return nil, errNoHistory
	}
	return h.Recent(n), nil
}

// Unseen is the number of missed calls the person has not looked at.
func (l *callLog) Unseen() int {
	l.mu.Lock()
	h, mem := l.hist, l.missedMem
	l.mu.Unlock()
	if h == nil {
		return mem
	}
	return h.UnseenMissed()
}

// Cleared counts the times the history was cleared.
func (l *callLog) Cleared() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cleared
}

// SeenEpoch counts the looks at the calls (MarkSeen, Clear): take it
// before showing a missed-call notification, give it to KeepShown after.
func (l *callLog) SeenEpoch() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seen
}

// KeepShown remembers a missed-call notification shown since epoch, to
// close when the calls are seen. It reports false when they were seen
// meanwhile: the caller closes the notification at once.
func (l *callLog) KeepShown(id notify.ID, epoch uint64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen != epoch {
		return false
	}
	l.shown = append(l.shown, id)
	return true
}

// lookedAt records a look at the calls: the missed ones are no longer
// new, and the notifications shown for them (returned) are to close.
func (l *callLog) lookedAt() (*cti.History, []notify.ID) {
	l.mu.Lock()
	defer l.mu.Unlock()
	h, ids := l.hist, l.shown
	l.shown, l.missedMem = nil, 0
	l.seen++
	return h, ids
}

// MarkSeen: the person looked at the calls. It returns the notifications
// to close.
func (l *callLog) MarkSeen() ([]notify.ID, error) {
	h, ids := l.lookedAt()
	if h == nil {
		return ids, nil
	}
	return ids, h.MarkSeen()
}

// Clear forgets every call. It returns the notifications to close. It
// counts as a look at the calls: a missed-call notification still being
// shown is closed too (KeepShown refuses it), not kept for a call gone.
func (l *callLog) Clear() ([]notify.ID, error) {
	h, ids := l.lookedAt()
	if h == nil {
		return ids, errNoHistory
	}
	if err := h.Clear(); err != nil {
		return ids, err
	}
	l.mu.Lock()
	l.cleared++
	l.mu.Unlock()
	return ids, nil
}
