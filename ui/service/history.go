package service

import (
	"context"
)

// ClearHistory forgets every call (the user asked, in the history window or
// with `gxptray history --clear`). The tray process owns the history file,
// so it is the one that empties it; the missed-call notifications go too.
// State.HistoryCleared changes, which tells the menu and the windows to
// read the (empty) history again.
func (s *Service) ClearHistory(ctx context.Context) error {
	ids, err := s.history.Clear()
	for _, id := range ids {
		s.closeNotification(id)
	}
	s.markDirty()
	return err
}
