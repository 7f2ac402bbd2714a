package service

import (
	"context"
	"errors"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/i18n"
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

// webPhone is what one phone's web session read. Its fields are guarded by
// its phoneUnit's mu; phoneUnit.web serializes the phone's web tasks.
type webPhone struct {
	identity  *cti.PhoneIdentity
	idPhone   string // the phone identity and dnd belong to
	dnd       *bool
	noDND     bool // the firmware has no DND (a read or switch said so)
	pushCheck string
	pushSince time.Time // when the install finished
	pushAt    time.Time // last push received
}

// webTask runs f with u's live client, one task at a time per phone.
func (s *Service) webTask(ctx context.Context, u *phoneUnit, f func(ctx context.Context, c *cti.Client) error) error {
	u.web.mu.Lock()
	defer u.web.mu.Unlock()
	c, _, err := s.commandClient(u)
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

// withDNDFields adds the DND fields when u's firmware has DND to show.
func (s *Service) withDNDFields(u *phoneUnit, fields []cti.ActionURLField, token string) []cti.ActionURLField {
	p := s.push.Current()
	u.mu.Lock()
	dnd, phone := u.webState.dnd, u.phone
	u.mu.Unlock()
	if p == nil || dnd == nil {
		return fields
	}
	return append(fields, cti.ActionURLDNDFields(p.baseURL(phone), token)...)
}

// PlanActionURLs reads the phone's fields and says what an install would do.
func (s *Service) PlanActionURLs(ctx context.Context, replace bool) localapi.ActionURLResult {
	u, err := s.unitFor(ctx)
	if err != nil {
		return actionURLRefused(err)
	}
	return s.actionURLTask(ctx, u, func(ctx context.Context, sess *cti.Session, fields []cti.ActionURLField, token string) (cti.ActionURLReport, error) {
		s.readIdentity(ctx, u, sess)
		return sess.PlanActionURLs(ctx, s.withDNDFields(u, fields, token), token, replace)
	}, true)
}

// InstallActionURLs writes the fields (the person confirmed), reads them
// back, and starts checking that the phone's requests arrive.
func (s *Service) InstallActionURLs(ctx context.Context, replace bool) localapi.ActionURLResult {
	u, err := s.unitFor(ctx)
	if err != nil {
		return actionURLRefused(err)
	}
	res := s.actionURLTask(ctx, u, func(ctx context.Context, sess *cti.Session, fields []cti.ActionURLField, token string) (cti.ActionURLReport, error) {
		s.readIdentity(ctx, u, sess)
		return sess.InstallActionURLs(ctx, s.withDNDFields(u, fields, token), token, replace)
	}, false)
	for _, sl := range res.Slots {
		if sl.PValue == "P8310" && (sl.State == cti.SlotInstalled || sl.State == cti.SlotUnchanged || sl.State == cti.SlotReplaced) {
			u.mu.Lock()
			u.webState.pushCheck, u.webState.pushSince = pushWaiting, time.Now()
			u.mu.Unlock()
			s.markDirty()
		}
	}
	return res
}

// UninstallActionURLs empties the fields that hold our URLs.
func (s *Service) UninstallActionURLs(ctx context.Context) localapi.ActionURLResult {
	u, err := s.unitFor(ctx)
	if err != nil {
		return actionURLRefused(err)
	}
	res := s.actionURLTask(ctx, u, func(ctx context.Context, sess *cti.Session, _ []cti.ActionURLField, token string) (cti.ActionURLReport, error) {
		return sess.UninstallActionURLs(ctx, token)
	}, false)
	if res.OK {
		u.mu.Lock()
		u.webState.pushCheck = ""
		u.mu.Unlock()
		s.markDirty()
	}
	return res
}

// actionURLRefused is the result of an Action URL task that could not
// start (no such phone, no Action URL listener or token): the error as it stands.
func actionURLRefused(err error) localapi.ActionURLResult {
	return localapi.ActionURLResult{Problem: err.Error(), Kind: localapi.KindOf(err)}
}

func (s *Service) actionURLTask(ctx context.Context, u *phoneUnit, run func(context.Context, *cti.Session, []cti.ActionURLField, string) (cti.ActionURLReport, error), plan bool) localapi.ActionURLResult {
	fields, token, err := s.phoneFields(u)
	if err != nil {
		return actionURLRefused(err)
	}
	var rep cti.ActionURLReport
	err = s.webTask(ctx, u, func(ctx context.Context, c *cti.Client) error {
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
		res.Problem, res.Hint, res.Kind = w.Text, w.Hint, localapi.KindOf(err)
		s.log.Warn("Action URL task", "err", err)
	}
	return res
}

// SetDND switches Do Not Disturb on the phone and remembers it.
func (s *Service) SetDND(ctx context.Context, on bool) localapi.DNDResult {
	u, err := s.unitFor(ctx)
	if err != nil {
		return s.dndFailed(on, err)
	}
	err = s.webTask(ctx, u, func(ctx context.Context, c *cti.Client) error { return c.SetDND(ctx, cti.SessionOptions{}, on) })
	if err != nil {
		if errors.Is(err, cti.ErrNotSupported) {
			s.setDND(u, nil, true)
		}
		return s.dndFailed(on, err)
	}
	s.setDND(u, &on, false)
	return localapi.DNDResult{OK: true, On: on}
}

// dndFailed is the result of a switch to on that failed with err: DND
// stays as it was, the problem in the person's words.
func (s *Service) dndFailed(on bool, err error) localapi.DNDResult {
	w := problem.Describe(s.Catalog(), err)
	return localapi.DNDResult{On: !on, Problem: w.Text, Hint: w.Hint, Kind: localapi.KindOf(err)}
}

func (s *Service) setDND(u *phoneUnit, on *bool, none bool) {
	u.mu.Lock()
	u.webState.dnd, u.webState.noDND = on, none
	if u.webState.idPhone != u.phone {
		// What was known belonged to another phone.
		u.webState.identity, u.webState.idPhone = nil, u.phone
	}
	u.mu.Unlock()
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
func (s *Service) readIdentity(ctx context.Context, u *phoneUnit, sess *cti.Session) {
	id, err := sess.Identity(ctx)
	if err != nil {
		s.log.Info("phone identity not read", "err", err)
		return
	}
	dnd, none := readDND(ctx, sess)
	s.keepIdentity(u, id, dnd, none)
}

// noteIdentity keeps an identity (and DND) read elsewhere (the connection
// test) when it is one of the phones'.
func (s *Service) noteIdentity(phone string, id cti.PhoneIdentity, dnd *bool, noDND bool) {
	u := s.phones.find(canonicalOr(phone))
	if u == nil {
		return
	}
	s.keepIdentity(u, id, dnd, noDND)
}

// keepIdentity records id and DND as u's phone's and saves them.
func (s *Service) keepIdentity(u *phoneUnit, id cti.PhoneIdentity, dnd *bool, noDND bool) {
	u.mu.Lock()
	u.webState.identity, u.webState.idPhone = &id, u.phone
	u.webState.dnd, u.webState.noDND = dnd, noDND
	u.mu.Unlock()
	s.markDirty()
	s.saveIdentity()
}

// webStateLocked fills u's State with the web-session part. Caller holds
// u.mu.
func (s *Service) webStateLocked(u *phoneUnit, st *localapi.PhoneState, cat *i18n.Catalog) {
	w := &u.webState
	st.PushCheck = w.pushCheck
	if w.idPhone != u.phone {
		return
	}
	if id := w.identity; id != nil {
		cp := *id
		st.Identity = &cp
		for _, a := range id.Advisories() {
			st.Warnings = append(st.Warnings, webphone.AdvisoryWords(cat, *id, a))
		}
	}
	if w.dnd != nil {
		on := *w.dnd
		st.DND = &on
	}
	st.NoDND = w.noDND
}

// notePushArrived: an Action URL request of u came in.
func (s *Service) notePushArrived(u *phoneUnit, ev cti.PushEvent) {
	u.mu.Lock()
	u.webState.pushAt = time.Now()
	was := u.webState.pushCheck
	if was == pushWaiting || was == pushMissing {
		u.webState.pushCheck = pushArriving
	}
	switch ev.Event {
	case "dnd_on", "dnd_off":
		on := ev.Event == "dnd_on"
		u.webState.dnd, u.webState.idPhone = &on, u.phone
	}
	u.mu.Unlock()
	if was == pushWaiting || was == pushMissing {
		s.notifyInfo(s.phoneLabel(u, s.t("webphone.push_arriving")))
	}
	s.markDirty()
}

// checkPushOnRing: the poll saw a call ring on u while the install waits
// for the phone's first request. If none arrives within the grace, say so.
func (s *Service) checkPushOnRing(u *phoneUnit) {
	u.mu.Lock()
	waiting := u.webState.pushCheck == pushWaiting
	grace := s.cfg.Tuning.PushGrace
	u.mu.Unlock()
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
		u.mu.Lock()
		missing := u.webState.pushCheck == pushWaiting && u.webState.pushAt.Before(rang.Add(-grace))
		if missing {
			u.webState.pushCheck = pushMissing
		}
		u.mu.Unlock()
		if missing {
			s.notifyInfo(s.phoneLabel(u, s.t("webphone.push_missing")))
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
