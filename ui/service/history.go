package service

import (
	"context"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/notify"
)

// History returns the n most recent calls, newest first.
func (s *Service) History(ctx context.Context, n int) ([]cti.Call, error) {
	calls, err := s.history.Recent(n)
	if err != nil {
		return nil, err
	}
	return s.withCallContacts(calls), nil
}

// MarkMissedSeen resets the unseen missed-call count and closes the missed
// call notifications.
func (s *Service) MarkMissedSeen(ctx context.Context) error {
	return s.closeLookedAt(s.history.MarkSeen())
}

// ClearHistory forgets every call (the user asked, in the history window or
// with `gxptray history --clear`). The tray process owns the history file,
// so it is the one that empties it; the missed-call notifications go too.
// State.HistoryCleared changes, which tells the menu and the windows to
// read the (empty) history again.
func (s *Service) ClearHistory(ctx context.Context) error {
	return s.closeLookedAt(s.history.Clear())
}

// closeLookedAt follows a look at the calls (MarkSeen, Clear): it closes the
// missed-call notifications ids it made obsolete, publishes the new state
// and returns the look's err.
func (s *Service) closeLookedAt(ids []notify.ID, err error) error {
	for _, id := range ids {
		s.closeNotification(id)
	}
	s.markDirty()
	return err
}
