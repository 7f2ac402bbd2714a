package service

import (
	"context"
	"maps"
	"reflect"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/problem"
)

// State is the current picture for the tray menu, windows and CLI: what
// the phones share, and each phone's own part (Phones; the default phone's
// also inline, for one-phone clients).
func (s *Service) State(ctx context.Context) localapi.State {
	unseen := s.unseenMissed()
	s.conf.mu.Lock()
	set, cat := s.conf.set, s.conf.cat
	st := localapi.State{
		Version:        s.cfg.Version,
		Demo:           s.cfg.Demo,
		DialMethod:     set.DialMethod,
		Hotkey:         s.conf.hotkey,
		HotkeyErr:      s.conf.hotkeyErr,
		UnseenMissed:   unseen,
		Language:       cat.Lang(),
		KeyringErr:     s.conf.keyringErr,
		HistoryCleared: s.history.Cleared(),
	}
	s.conf.mu.Unlock()
	st.DialBusy, st.DialProgress = s.dials.Status()
	st.DialChoices, st.DialChoicesPhone = s.dials.Choices(time.Now())
	if st.Hotkey == "" {
		st.Hotkey = set.Hotkey
	}
	units := s.phones.List()
	for _, u := range units {
		st.Phones = append(st.Phones, s.phoneState(u, cat))
	}
	if len(st.Phones) > 0 {
		st.PhoneState = st.Phones[0]
	}
	if len(units) > 0 {
		if c, _ := units[0].conn.Current(); c != nil {
			if m := c.DialMethodInUse(); m != "" && m != cti.DialAuto {
				st.DialMethod = string(m)
			}
		}
		if r := s.push.Current(); r != nil {
			st.PushURL = r.baseURL(units[0].Addr())
		}
	}
	if p := s.dials.Phone(); st.DialBusy && p != nil && len(units) > 1 {
		st.DialPhone = p.Name()
	}
	return st
}

// phoneState is u's part of the State.
func (s *Service) phoneState(u *phoneUnit, cat *i18n.Catalog) localapi.PhoneState {
	mon := u.conn.Monitor()
	var snap cti.MonitorState
	if mon != nil {
		snap = mon.Snapshot()
	}
	pushErr := s.pushErr(u)
	u.mu.Lock()
	defer u.mu.Unlock()
	ps := localapi.PhoneState{
		Name:         u.name,
		Phone:        u.phone,
		Conn:         cti.ConnUnknown,
		NeedPasscode: u.needPass,
		AnsweredAt:   maps.Clone(u.answeredAt),
	}
	if pushErr != nil {
		ps.PushErr = translate(cat, msgPushFailed, pushErr)
	}
	s.webStateLocked(u, &ps, cat)
	switch {
	case u.confErr != "":
		ps.ConnErr = u.confErr
	case mon != nil:
		ps.Conn = snap.Conn
		switch snap.Conn {
		case cti.ConnUnauthorized:
			ps.ConnErr = translate(cat, msgConnUnauth)
			if n := s.rejections.TriesLeft(u.phone); n >= 0 {
				ps.ConnErr += " " + translate(cat, msgTriesLeft, n)
			}
		case cti.ConnOffline:
			ps.ConnErr = problem.Offline(cat, snap)
		}
		ps.Lines = snap.Lines // a copy already
		ps.LineContacts = s.withLineContacts(ps.Lines)
	}
	return ps
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
		s.followDialLines(st.Phones)
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

// noteAnsweredAt keeps when each line's call of u was answered, for the
// call timers of the windows: the monitor's event time, kept until the call
// ends or the phone cannot be seen.
func (s *Service) noteAnsweredAt(u *phoneUnit, e cti.Event) {
	u.mu.Lock()
	defer u.mu.Unlock()
	switch e.Kind {
	case cti.EventAnswered:
		if u.answeredAt == nil {
			u.answeredAt = map[int]time.Time{}
		}
		if _, ok := u.answeredAt[e.Line]; !ok {
			u.answeredAt[e.Line] = e.Time
		}
	case cti.EventEnded:
		delete(u.answeredAt, e.Line)
	case cti.EventOffline, cti.EventUnauthorized:
		u.answeredAt = nil
	}
	if len(u.answeredAt) == 0 {
		u.answeredAt = nil
	}
}
