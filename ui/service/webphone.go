package service

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/problem"
	"github.com/gxptray/gxptray/ui/webphone"
)

// The phone's own settings through its web session (cti.Session): Action
// URL install, identity, Do Not Disturb. A web task logs in once, does its
// work and logs out; one runs at a time, with the live client's passcode and
// the process's record of rejected passwords (a rejected one is not sent
// again). The service owns what was learnt: the identity, DND as last
// known, and whether the phone's Action URL requests arrive.

// Values of State.PushCheck.
const (
	pushWaiting  = "waiting"
	pushArriving = "arriving"
	pushMissing  = "missing"
)

// defaultPushGrace is how long after the poll saw a call ring its Action URL
// request may still arrive (phones send within about a second).
const defaultPushGrace = 3 * time.Second

const webTaskTimeout = 2 * time.Minute

// webPhone is the service's web-session state. Its fields are guarded by
// Service.mu; task serializes the web tasks.
type webPhone struct {
	task      sync.Mutex
	identity  *cti.PhoneIdentity
	idPhone   string // the phone identity and dnd belong to
	dnd       *bool
	noDND     bool // the firmware has no DND (a read or switch said so)
	pushCheck string
	pushSince time.Time // when the install finished
	pushAt    time.Time // last push received
}

// webTask runs f with the live client, one task at a time.
func (s *Service) webTask(ctx context.Context, f func(ctx context.Context, c *cti.Client) error) error {
	s.web.task.Lock()
	defer s.web.task.Unlock()
	c, _, err := s.commandClient()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, webTaskTimeout)
	defer cancel()
	// A refused web login is not the CTI passcode refused (the phone may
	// take it for CTI and not for the admin's web page): the shared
	// rejections keep the web login from being tried again, and the
	// monitor goes on.
	return f(ctx, c)
}

// phoneFields are the Action URL values of the running listener.
func (s *Service) phoneFields() ([]cti.ActionURLField, string, error) {
	p := s.conn.Push()
	if p == nil {
		return nil, "", s.pushOff()
	}
	return cti.ActionURLFields(p.baseURL, p.token), p.token, nil
}

// withDNDFields adds the DND fields when the firmware has DND to show.
func (s *Service) withDNDFields(fields []cti.ActionURLField, token string) []cti.ActionURLField {
	p := s.conn.Push()
	s.mu.Lock()
	dnd := s.web.dnd
	s.mu.Unlock()
	if p == nil || dnd == nil {
		return fields
	}
	return append(fields, cti.ActionURLDNDFields(p.baseURL, token)...)
}

// PlanActionURLs reads the phone's fields and says what an install would do.
func (s *Service) PlanActionURLs(ctx context.Context, replace bool) localapi.ActionURLResult {
	return s.actionURLTask(ctx, func(ctx context.Context, sess *cti.Session, fields []cti.ActionURLField, token string) (cti.ActionURLReport, error) {
		s.readIdentity(ctx, sess)
		return sess.PlanActionURLs(ctx, s.withDNDFields(fields, token), token, replace)
	}, true)
}

// InstallActionURLs writes the fields (the person confirmed), reads them
// back, and starts checking that the phone's requests arrive.
func (s *Service) InstallActionURLs(ctx context.Context, replace bool) localapi.ActionURLResult {
	res := s.actionURLTask(ctx, func(ctx context.Context, sess *cti.Session, fields []cti.ActionURLField, token string) (cti.ActionURLReport, error) {
		s.readIdentity(ctx, sess)
		return sess.InstallActionURLs(ctx, s.withDNDFields(fields, token), token, replace)
	}, false)
	for _, sl := range res.Slots {
		if sl.PValue == "P8310" && (sl.State == cti.SlotInstalled || sl.State == cti.SlotUnchanged || sl.State == cti.SlotReplaced) {
			s.mu.Lock()
			s.web.pushCheck, s.web.pushSince = pushWaiting, time.Now()
			s.mu.Unlock()
			s.markDirty()
		}
	}
	return res
}

// UninstallActionURLs empties the fields that hold our URLs.
func (s *Service) UninstallActionURLs(ctx context.Context) localapi.ActionURLResult {
	res := s.actionURLTask(ctx, func(ctx context.Context, sess *cti.Session, _ []cti.ActionURLField, token string) (cti.ActionURLReport, error) {
		return sess.UninstallActionURLs(ctx, token)
	}, false)
	if res.OK {
		s.mu.Lock()
		s.web.pushCheck = ""
		s.mu.Unlock()
		s.markDirty()
	}
	return res
}

func (s *Service) actionURLTask(ctx context.Context, run func(context.Context, *cti.Session, []cti.ActionURLField, string) (cti.ActionURLReport, error), plan bool) localapi.ActionURLResult {
	fields, token, err := s.phoneFields()
	if err != nil {
		return localapi.ActionURLResult{Problem: err.Error()}
	}
	var rep cti.ActionURLReport
	err = s.webTask(ctx, func(ctx context.Context, c *cti.Client) error {
		return c.WithSession(ctx, cti.SessionOptions{}, func(sess *cti.Session) error {
			var err error
			rep, err = run(ctx, sess, fields, token)
			return err
		})
	})
	cat := s.Catalog()
	res := localapi.ActionURLResult{OK: err == nil}
	for _, sl := range rep.Slots {
		o := localapi.SlotOutcome{Label: sl.Label, PValue: sl.PValue, State: sl.State, Words: webphone.SlotWords(cat, sl.State, plan)}
		switch sl.State {
		case cti.SlotForeign, cti.SlotReplaced:
			o.Value = sl.Before
		case cti.SlotIgnored:
			o.Value = sl.After
		}
		res.Slots = append(res.Slots, o)
	}
	if err != nil {
		w := problem.Describe(cat, err)
		res.Problem, res.Hint = w.Text, w.Hint
		s.log.Warn("Action URL task", "err", err)
	}
	return res
}

// SetDND switches Do Not Disturb on the phone and remembers it.
func (s *Service) SetDND(ctx context.Context, on bool) localapi.DNDResult {
	err := s.webTask(ctx, func(ctx context.Context, c *cti.Client) error { return c.SetDND(ctx, cti.SessionOptions{}, on) })
	if err != nil {
		w := problem.Describe(s.Catalog(), err)
		if errors.Is(err, cti.ErrNotSupported) {
			s.setDND(nil, true)
		}
		return localapi.DNDResult{On: !on, Problem: w.Text, Hint: w.Hint}
	}
	s.setDND(&on, false)
	return localapi.DNDResult{OK: true, On: on}
}

func (s *Service) setDND(on *bool, none bool) {
	s.mu.Lock()
	s.web.dnd, s.web.noDND = on, none
	if s.web.idPhone != s.phone {
		// What was known belonged to another phone.
		s.web.identity, s.web.idPhone = nil, s.phone
	}
	s.mu.Unlock()
	s.markDirty()
	s.saveIdentity()
}

// readDND reads DND in an open session: on, off, or none on this firmware
// (other failures change nothing).
func readDND(ctx context.Context, sess *cti.Session) (on *bool, none bool) {
	v, err := sess.DND(ctx)
	switch {
	case err == nil:
		return &v, false
	case errors.Is(err, cti.ErrNotSupported):
		return nil, true
	}
	return nil, false
}

// readIdentity reads the identity (and DND where the firmware has it) in
// an open session and keeps it; failures only cost the information.
func (s *Service) readIdentity(ctx context.Context, sess *cti.Session) {
	id, err := sess.Identity(ctx)
	if err != nil {
		s.log.Info("phone identity not read", "err", err)
		return
	}
	dnd, none := readDND(ctx, sess)
	s.mu.Lock()
	s.web.identity, s.web.idPhone = &id, s.phone
	s.web.dnd, s.web.noDND = dnd, none
	s.mu.Unlock()
	s.markDirty()
	s.saveIdentity()
}

// noteIdentity keeps an identity (and DND) read elsewhere (the connection
// test) when it is the live phone's.
func (s *Service) noteIdentity(phone string, id cti.PhoneIdentity, dnd *bool, noDND bool) {
	s.mu.Lock()
	if cti.SameAddress(phone, s.phone) {
		s.web.identity, s.web.idPhone = &id, s.phone
		s.web.dnd, s.web.noDND = dnd, noDND
	}
	s.mu.Unlock()
	s.markDirty()
	s.saveIdentity()
}

// webStateLocked fills the State's web-session part. Caller holds s.mu.
func (s *Service) webStateLocked(st *localapi.State) {
	st.PushCheck = s.web.pushCheck
	if s.web.idPhone != s.phone {
		return
	}
	if id := s.web.identity; id != nil {
		cp := *id
		st.Identity = &cp
		for _, a := range id.Advisories() {
			st.Warnings = append(st.Warnings, webphone.AdvisoryWords(s.cat, *id, a))
		}
	}
	if s.web.dnd != nil {
		on := *s.web.dnd
		st.DND = &on
	}
	st.NoDND = s.web.noDND
}

// notePushArrived: an Action URL request came in.
func (s *Service) notePushArrived(ev cti.PushEvent) {
	s.mu.Lock()
	s.web.pushAt = time.Now()
	was := s.web.pushCheck
	if was == pushWaiting || was == pushMissing {
		s.web.pushCheck = pushArriving
	}
	switch ev.Event {
	case "dnd_on", "dnd_off":
		on := ev.Event == "dnd_on"
		s.web.dnd, s.web.idPhone = &on, s.phone
	}
	s.mu.Unlock()
	if was == pushWaiting || was == pushMissing {
		s.notifyInfo(s.t("webphone.push_arriving"))
	}
	s.markDirty()
}

// checkPushOnRing: the poll saw a call ring while the install waits for the
// phone's first request. If none arrives within the grace, say so.
func (s *Service) checkPushOnRing() {
	s.mu.Lock()
	waiting := s.web.pushCheck == pushWaiting
	grace := s.cfg.Tuning.PushGrace
	s.mu.Unlock()
	if !waiting {
		return
	}
	if grace <= 0 {
		grace = defaultPushGrace
	}
	rang := time.Now()
	s.goBG(func() {
		ctx, cancel := s.bgContext(grace)
		defer cancel()
		<-ctx.Done()
		s.mu.Lock()
		missing := s.web.pushCheck == pushWaiting && s.web.pushAt.Before(rang.Add(-grace))
		if missing {
			s.web.pushCheck = pushMissing
		}
		s.mu.Unlock()
		if missing {
			s.notifyInfo(s.t("webphone.push_missing"))
			s.markDirty()
		}
	})
}

// notifyInfo shows a short notification (no actions).
func (s *Service) notifyInfo(text string) {
	n := s.cfg.Notifier
	if n == nil {
		return
	}
	if _, err := n.Show(notify.Notification{Summary: "GXP Tray", Body: text, Timeout: 10 * time.Second}, nil); err != nil {
		s.log.Warn("notification not shown", "err", err)
	}
}
