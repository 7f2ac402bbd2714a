package service

import (
	"context"
	"maps"
	"reflect"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
)

// State is the current picture for the tray menu, windows and CLI.
func (s *Service) State(ctx context.Context) localapi.State {
	mon := s.monitor()
	var snap cti.MonitorState
	if mon != nil {
		snap = mon.Snapshot()
	}
	unseen := s.unseenMissed()

	s.mu.Lock()
	defer s.mu.Unlock()
	st := localapi.State{
		PhoneState: localapi.PhoneState{
			Phone:        s.phone,
			Conn:         cti.ConnUnknown,
			NeedPasscode: s.needPass,
			AnsweredAt:   maps.Clone(s.answeredAt),
		},
		Version:        s.cfg.Version,
		Demo:           s.cfg.Demo,
		DialMethod:     s.set.DialMethod,
		Hotkey:         s.hotkey,
		HotkeyErr:      s.hotkeyErr,
		UnseenMissed:   unseen,
		Language:       s.cat.Lang(),
		KeyringErr:     s.keyringErr,
		HistoryCleared: s.history.Cleared(),
	}
	st.DialBusy, st.DialProgress = s.dials.Status()
	st.DialChoices = s.dials.Choices(time.Now())
	if st.Hotkey == "" {
		st.Hotkey = s.set.Hotkey
	}
	if c, _ := s.conn.Current(); c != nil {
		if m := c.DialMethodInUse(); m != "" && m != cti.DialAuto {
			st.DialMethod = string(m)
		}
	}
	if p := s.conn.Push(); p != nil {
		st.PushURL = p.baseURL
	}
	s.webStateLocked(&st)
	switch {
	case s.confErr != "":
		st.ConnErr = s.confErr
	case mon != nil:
		st.Conn = snap.Conn
		switch snap.Conn {
		case cti.ConnUnauthorized:
			st.ConnErr = translate(s.cat, msgConnUnauth)
			if n := s.rejections.TriesLeft(s.phone); n >= 0 {
				st.ConnErr += " " + translate(s.cat, msgTriesLeft, n)
			}
		case cti.ConnOffline:
			st.ConnErr = offlineText(s.cat, snap)
		}
		st.Lines = snap.Lines // a copy already
		st.LineContacts = s.withLineContacts(st.Lines)
	}
	st.Phones = []localapi.PhoneState{st.PhoneState}
	return st
}

// markDirty asks the publisher to compare the State with the last one sent.
func (s *Service) markDirty() {
	select {
	case s.dirty <- struct{}{}:
	default:
	}
}

// publishLoop sends a State update when, and only when, the State changed:
// many polls in a row produce the same State and the tray menu must not be
// rebuilt for nothing.
func (s *Service) publishLoop(ctx context.Context) {
	var last *localapi.State
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.dirty:
		}
		st := s.State(ctx)
		s.followDialLines(st.Lines)
		if last != nil && reflect.DeepEqual(*last, st) {
			continue
		}
		last = &st
		cp := st
		s.hub.send(localapi.Update{State: &cp})
	}
}

func (s *Service) unseenMissed() int {
	return s.history.Unseen()
}

// offlineText says in plain words why the phone cannot be used; the technical
// detail is in the log and in `gxptray status`.
func offlineText(cat *i18n.Catalog, snap cti.MonitorState) string {
	switch snap.ErrClass {
	case cti.ErrUnreachable:
		return translate(cat, msgConnUnreachable)
	case cti.ErrBadReply:
		return translate(cat, msgConnBadReply)
	case cti.ErrCertChanged:
		return translate(cat, msgConnCertChanged)
	}
	return translate(cat, msgConnOffline, snap.LastErr)
}

// noteAnsweredAt keeps when each line's call was answered, for the call
// timers of the windows: the monitor's event time, kept until the call ends
// or the phone cannot be seen.
func (s *Service) noteAnsweredAt(e cti.Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch e.Kind {
	case cti.EventAnswered:
		if s.answeredAt == nil {
			s.answeredAt = map[int]time.Time{}
		}
		if _, ok := s.answeredAt[e.Line]; !ok {
			s.answeredAt[e.Line] = e.Time
		}
	case cti.EventEnded:
		delete(s.answeredAt, e.Line)
	case cti.EventOffline, cti.EventUnauthorized:
		s.answeredAt = nil
	}
	if len(s.answeredAt) == 0 {
		s.answeredAt = nil
	}
}
