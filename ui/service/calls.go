package service

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/problem"
)

// ringCall is a call ringing on a line, with its notification.
type ringCall struct {
	line   int
	number string
	name   string
	notif  notify.ID // 0 = none shown; guarded by Service.mu
	acted  bool      // an action was taken: one operation per call; guarded by Service.mu
}

// eventLoop handles the monitor's events in order, away from the monitor's
// goroutine so a slow notification server never delays polling.
func (s *Service) eventLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case ge := <-s.events:
			if s.conn.staleEvent(ge.gen) {
				continue
			}
			s.handleEvent(ge.ev)
		}
	}
}

func (s *Service) handleEvent(e cti.Event) {
	e = s.withContact(e)
	// History first: whoever reacts to the event may read it.
	if e.Kind == cti.EventEnded {
		s.record(s.nameDialed(cti.CallFromEvent(e)))
	}
	s.noteAnsweredAt(e)
	ev := e
	s.hub.send(localapi.Update{Event: &ev})
	s.followDialEvent(e)
	switch e.Kind {
	case cti.EventIncoming:
		s.onIncoming(e)
		s.checkPushOnRing()
	case cti.EventAnswered:
		s.onAnswered(e)
	case cti.EventEnded:
		s.onEnded(e)
	case cti.EventOffline, cti.EventUnauthorized:
		// Nothing can be answered now; the monitor ends these calls when the
		// phone answers again without them.
		s.dropRinging()
		if e.Kind == cti.EventUnauthorized {
			s.onUnauthorized()
		}
	case cti.EventOnline:
		s.closeAuthNotification()
	}
	s.markDirty()
}

// record appends a finished call to the history.
func (s *Service) record(c cti.Call) {
	if err := s.history.Record(c); err != nil {
		s.log.Warn("call history not written", "err", err)
	}
}

func (s *Service) onIncoming(e cti.Event) {
	set := s.Settings()
	rc := &ringCall{line: e.Line, number: e.Number, name: e.Name}
	s.mu.Lock()
	var oldID notify.ID
	if old := s.ringing[e.Line]; old != nil {
		oldID = old.notif
	}
	s.ringing[e.Line] = rc
	s.mu.Unlock()
	s.closeNotification(oldID)

	n := s.cfg.Notifier
	if set.Notifications && n != nil {
		note := notify.Notification{
			Summary:  s.t(msgIncomingCall),
			Body:     s.callBody(e),
			Urgency:  notify.UrgencyCritical,
			Timeout:  -1, // we close it when the call stops ringing
			Category: "call.incoming",
		}
		if n.SupportsActions() {
			note.Actions = []notify.Action{{Key: "accept", Label: s.t(msgAccept)}, {Key: "reject", Label: s.t(msgReject)}}
		}
		id, err := n.Show(note, func(key string) {
			s.goBG(func() { s.onIncomingAction(rc, key) })
		})
		if err != nil {
			s.log.Warn("incoming call notification not shown", "err", err)
		} else {
			s.mu.Lock()
			rc.notif = id
			gone := s.ringing[e.Line] != rc // dropped meanwhile (phone changed, service stopping)
			s.mu.Unlock()
			if gone {
				s.closeNotification(id)
			}
		}
	}

	if s.wantPopup(set.Popup) {
		line := e.Line
		s.goBG(func() {
			if err := s.cfg.OpenWindow("popup", "--line", fmt.Sprint(line)); err != nil {
				s.log.Warn("incoming call window not opened", "err", err)
			}
		})
	}
	if set.Beep && s.cfg.Beep != nil {
		s.goBG(s.cfg.Beep)
	}
	if set.ScreenPopOn == "ring" {
		s.screenPop(set.ScreenPopURL, e.Number, e.Name)
	}
}

// wantPopup: "on", or "auto" where notifications cannot carry Accept/Reject.
func (s *Service) wantPopup(mode string) bool {
	if s.cfg.OpenWindow == nil {
		return false
	}
	switch mode {
	case "on":
		return true
	case "auto":
		return s.cfg.Notifier == nil || !s.cfg.Notifier.SupportsActions()
	}
	return false
}

func (s *Service) onAnswered(e cti.Event) {
	s.closeNotification(s.forgetRinging(e.Line))
	if e.Direction == cti.Outgoing && s.lineConnected(e.Line) {
		// Not for a call announced answered only at its end (a push, an
		// answer between two polls): nobody is there to hear the keys.
		if digits := s.takePendingDTMF(); digits != "" {
			s.goBG(func() { s.sendPendingDTMF(digits) })
		}
	}
	if e.Direction == cti.Incoming {
		if set := s.Settings(); set.ScreenPopOn == "answer" {
			s.screenPop(set.ScreenPopURL, e.Number, e.Name)
		}
	}
}

func (s *Service) onEnded(e cti.Event) {
	s.closeNotification(s.forgetRinging(e.Line))
	if e.Direction == cti.Outgoing {
		s.takePendingDTMF() // that call will not need its extension any more
	}
	if e.Outcome != cti.Missed || e.Direction != cti.Incoming {
		return
	}
	set := s.Settings()
	n := s.cfg.Notifier
	if !set.Notifications || n == nil {
		return
	}
	body := s.callBody(e)
	when := e.Time
	if when.IsZero() {
		when = time.Now()
	}
	body += "\n" + when.Local().Format("15:04")
	note := notify.Notification{
		Summary:  s.t(msgMissedCall),
		Body:     body,
		Urgency:  notify.UrgencyNormal,
		Category: "call.unanswered",
	}
	number := e.Number
	var onAction func(string)
	if n.SupportsActions() && number != "" {
		note.Actions = []notify.Action{{Key: "callback", Label: s.t(msgCallBack)}}
		onAction = func(key string) {
			if key != "callback" {
				return
			}
			s.goBG(func() {
				ctx, cancel := s.bgContext(dialTimeout)
				defer cancel()
				if _, err := s.DialAnnounced(ctx, number); err != nil {
					s.log.Warn("call back failed", "err", err)
				}
			})
		}
	}
	epoch := s.history.SeenEpoch()
	id, err := n.Show(note, onAction)
	if err != nil {
		s.log.Warn("missed call notification not shown", "err", err)
		return
	}
	if !s.history.KeepShown(id, epoch) {
		s.closeNotification(id) // the user looked at the calls meanwhile
	}
}

// lineConnected: the monitor's last look shows line connected.
func (s *Service) lineConnected(line int) bool {
	m := s.monitor()
	if m == nil {
		return false
	}
	for _, l := range m.Snapshot().Lines {
		if l.Line == line {
			return l.State == cti.StateConnected
		}
	}
	return false
}

// onIncomingAction handles Accept/Reject from the incoming call notification.
func (s *Service) onIncomingAction(rc *ringCall, key string) {
	if key != "accept" && key != "reject" {
		return
	}
	s.mu.Lock()
	current := s.ringing[rc.line] == rc
	acted := rc.acted
	if current {
		rc.acted = true
	}
	s.mu.Unlock()
	if !current || acted {
		s.log.Info("notification action ignored: the call no longer rings", "action", key, "line", rc.line)
		return
	}
	ctx, cancel := s.bgContext(operateTimeout)
	defer cancel()
	var err error
	if key == "accept" {
		err = s.answerLine(ctx, rc.line, rc.number)
	} else {
		err = s.rejectLine(ctx, rc.line, rc.number)
	}
	s.poke()
	switch {
	case errors.Is(err, errNotRinging):
		s.log.Info("notification action ignored: the call no longer rings", "action", key, "line", rc.line)
	case err != nil:
		s.log.Warn("notification action failed", "action", key, "line", rc.line, "err", err)
		msg := msgAnswerFailed
		if key == "reject" {
			msg = msgRejectFailed
		}
		s.notifyError(s.t(msg, problem.Describe(s.Catalog(), err).Text))
	default:
		s.mu.Lock()
		id := rc.notif // set by the event loop once Show returned
		s.mu.Unlock()
		s.closeNotification(id)
	}
}

// AnswerLine answers the call ringing on line, selecting that line first
// when several ring (see the package doc). For the popup window of line N,
// which otherwise can only send a plain acceptcall.
func (s *Service) AnswerLine(ctx context.Context, line int) error {
	err := s.answerLine(ctx, line, "")
	s.poke()
	return err
}

// RejectLine rejects the call ringing on line (recorded as rejected).
func (s *Service) RejectLine(ctx context.Context, line int) error {
	err := s.rejectLine(ctx, line, "")
	s.poke()
	return err
}

// errNotRinging: the call an action was meant for is gone.
var errNotRinging = errors.New("the call no longer rings")

// answerLine answers the call ringing on line (see the package doc for why
// and how a line is selected first). Once the phone took the answer, the
// monitor is told, so that a call that ends before a poll sees it connected
// is still recorded as answered, not missed.
func (s *Service) answerLine(ctx context.Context, line int, number string) error {
	target, err := s.sendAnswer(ctx, line, number)
	if err == nil {
		s.noteAnswered(line, target.RemoteNumber)
	}
	return err
}

// sendAnswer does answerLine's work on the phone and returns the call it
// answered, as the phone listed it before.
func (s *Service) sendAnswer(ctx context.Context, line int, number string) (_ cti.Line, err error) {
	c, gen, err := s.commandClient()
	if err != nil {
		return cti.Line{}, err
	}
	defer func() { s.noteAuth(gen, err) }()
	target, direct, err := s.ringingTarget(ctx, c, line, number)
	if err != nil {
		return cti.Line{}, err
	}
	if direct {
		return target, c.Operate(ctx, cti.OpAccept)
	}
	after, err := s.pressLineKey(ctx, c, target.Line)
	if err != nil {
		return cti.Line{}, err
	}
	switch {
	case after.State == cti.StateConnected:
		return target, nil // the line key answered it
	case after.State == cti.StateRinging && after.Active:
		return target, c.Operate(ctx, cti.OpAccept)
	case after.State == cti.StateRinging:
		return cti.Line{}, fmt.Errorf("line %d could not be selected on the phone", line)
	}
	return cti.Line{}, errNotRinging
}

// noteAnswered tells the monitor that the app answered the call ringing on
// line, if the monitor's last look shows that same call ringing there: the
// note must not land on a call the monitor has not seen yet (number "" =
// not known, any caller).
func (s *Service) noteAnswered(line int, number string) {
	m := s.monitor()
	if m == nil {
		return
	}
	for _, l := range m.Snapshot().Lines {
		if l.Line != line {
			continue
		}
		if l.State == cti.StateRinging && (number == "" || l.RemoteNumber == "" || l.RemoteNumber == number) {
			m.NoteAnswered(line)
		}
		return
	}
}

// acceptTarget is the call a plain acceptcall answers, as the monitor last
// saw the lines: the only ringing line, or the selected one of several.
// ok is false when that cannot be told.
func (s *Service) acceptTarget() (line int, number string, ok bool) {
	m := s.monitor()
	if m == nil {
		return 0, "", false
	}
	var ringing, active []cti.Line
	for _, l := range m.Snapshot().Lines {
		if l.State != cti.StateRinging {
			continue
		}
		ringing = append(ringing, l)
		if l.Active {
			active = append(active, l)
		}
	}
	switch {
	case len(ringing) == 1:
		return ringing[0].Line, ringing[0].RemoteNumber, true
	case len(active) == 1:
		return active[0].Line, active[0].RemoteNumber, true
	}
	return 0, "", false
}

// rejectLine rejects the call ringing on line; the monitor is told first so
// the call ends as Rejected, not Missed.
func (s *Service) rejectLine(ctx context.Context, line int, number string) (err error) {
	c, gen, err := s.commandClient()
	if err != nil {
		return err
	}
	defer func() { s.noteAuth(gen, err) }()
	target, direct, err := s.ringingTarget(ctx, c, line, number)
	if err != nil {
		return err
	}
	if m := s.monitor(); m != nil {
		m.NoteRejected(line)
	}
	if direct {
		return c.Operate(ctx, cti.OpReject)
	}
	after, err := s.pressLineKey(ctx, c, target.Line)
	if err != nil {
		return err
	}
	switch {
	case after.State == cti.StateConnected:
		// The line key answered it: hang up at once; it stays a rejection.
		return c.Operate(ctx, cti.OpEnd)
	case after.State == cti.StateRinging && after.Active:
		return c.Operate(ctx, cti.OpReject)
	case after.State == cti.StateRinging:
		return fmt.Errorf("line %d could not be selected on the phone", line)
	}
	return errNotRinging
}

// ringingTarget reads the line status right now and reports whether the call
// on line still rings (same caller) and whether a plain phone_operation
// reaches it (the only ringing line, or the selected one).
func (s *Service) ringingTarget(ctx context.Context, c *cti.Client, line int, number string) (cti.Line, bool, error) {
	lines, err := c.LineStatus(ctx)
	if err != nil {
		return cti.Line{}, false, err
	}
	var target cti.Line
	found, ringing := false, 0
	for _, l := range lines {
		if l.State == cti.StateRinging {
			ringing++
		}
		if l.Line == line {
			target, found = l, true
		}
	}
	if !found || target.State != cti.StateRinging || (number != "" && target.RemoteNumber != number) {
		return cti.Line{}, false, errNotRinging
	}
	return target, ringing == 1 || target.Active, nil
}

// pressLineKey presses LINEn, waits for the phone to process it and returns
// the line's state afterwards.
func (s *Service) pressLineKey(ctx context.Context, c *cti.Client, line int) (cti.Line, error) {
	if err := c.SendKeys(ctx, fmt.Sprintf("LINE%d", line)); err != nil {
		return cti.Line{}, err
	}
	select {
	case <-ctx.Done():
		return cti.Line{}, ctx.Err()
	case <-time.After(s.keyInterval()):
	}
	lines, err := c.LineStatus(ctx)
	if err != nil {
		return cti.Line{}, err
	}
	for _, l := range lines {
		if l.Line == line {
			return l, nil
		}
	}
	return cti.Line{}, errNotRinging
}

// dropRinging forgets every ringing call and closes their notifications.
func (s *Service) dropRinging() {
	s.mu.Lock()
	var ids []notify.ID
	for _, rc := range s.ringing {
		ids = append(ids, rc.notif)
	}
	s.ringing = map[int]*ringCall{}
	s.mu.Unlock()
	for _, id := range ids {
		s.closeNotification(id)
	}
}

// forgetRinging removes the ringing call of line and returns its
// notification (0 if none).
func (s *Service) forgetRinging(line int) notify.ID {
	s.mu.Lock()
	defer s.mu.Unlock()
	rc := s.ringing[line]
	if rc == nil {
		return 0
	}
	delete(s.ringing, line)
	return rc.notif
}

func (s *Service) closeNotification(id notify.ID) {
	if id == 0 || s.cfg.Notifier == nil {
		return
	}
	if err := s.cfg.Notifier.Close(id); err != nil {
		s.log.Debug("notification not closed", "err", err)
	}
}

// closeAllNotifications runs when the service stops: no call notification
// may outlive the process that can act on it.
func (s *Service) closeAllNotifications() {
	s.dropRinging()
}

// notifyError tells the user about a failure of something started without a
// window (hotkey, notification action).
func (s *Service) notifyError(text string) {
	n := s.cfg.Notifier
	if n == nil {
		return
	}
	if _, err := n.Show(notify.Notification{Summary: "GXP Tray", Body: clip(text), Urgency: notify.UrgencyNormal}, nil); err != nil {
		s.log.Warn("notification not shown", "err", err)
	}
}

// callerText is the notification body: "Name\nNumber", or just the number
// ("" when the phone gave neither).
//
// Both are cti.CleanText'ed: a caller ID with bidi overrides cannot reorder
// the notification, nor newlines forge lines of it.
func callerText(name, number string) string {
	name, number = clip(cti.CleanText(name)), clip(cti.CleanText(number))
	switch {
	case name == "" || name == number:
		return number
	case number == "":
		return name
	}
	return name + "\n" + number
}

func (s *Service) callerBody(name, number string) string {
	if t := callerText(name, number); t != "" {
		return t
	}
	return s.t(msgUnknownCaller)
}

// clip bounds text that came from outside (caller names, clipboard).
func clip(s string) string {
	if utf8.RuneCountInString(s) <= maxBodyRunes {
		return s
	}
	r := []rune(s)
	return string(r[:maxBodyRunes]) + "…"
}
