package service

import (
	"context"
	"errors"
)

// ClearHistory forgets every call (the user asked, in the history window or
// with `gxptray history --clear`). The tray process owns the history file,
// so it is the one that empties it; the missed-call notifications go too.
// State.HistoryCleared changes, which tells the menu and the windows to
// read the (empty) history again.
func (s *Service) ClearHistory(ctx context.Context) error {
	s.mu.Lock()
	h := s.hist
	ids := s.missedIDs
	s.missedIDs = nil
	s.missedMem = 0
	s.mu.Unlock()
	for _, id := range ids {
		s.closeNotification(id)
	}
	if h == nil {
		return errors.New("the call history is not available")
	}
	err := h.Clear()
	if err == nil {
		s.mu.Lock()
		s.histCleared++
		s.mu.Unlock()
	}
	s.markDirty()
	return err
}
