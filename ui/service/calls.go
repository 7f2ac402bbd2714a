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

// ringCall is a call ringing on a line of a phone, with its notification.
// Like the map that holds it (phoneUnit.ringing), only the event loop
// touches it.
type ringCall struct {
	unit   *phoneUnit // the phone it rings on
	line   int
	number string
	name   string
	notif  notify.ID // 0 = none shown
	acted  bool      // an action was taken: one operation per call
}

// loopMsg is what reaches the event loop, in order on one channel: a
// monitor event (ev, of monitor generation gen), or, from another
// goroutine, an action of an incoming-call notification (action) or the
// order to forget every ringing call of a phone (drop). One channel keeps a drop sent
// when a monitor stops ahead of the events of the monitor started next.
type loopMsg struct {
	unit   *phoneUnit // the phone of ev, or whose ringing calls to drop
	ev     cti.Event
	gen    uint64
	action *ringAction
	drop   bool
	// handled, when set, is closed once the loop has handled the message
	// (and started in the background what it asks for).
	handled chan struct{}
}

// ringAction is Accept or Reject chosen on the notification of call rc.
type ringAction struct {
	rc  *ringCall
	key string
}

// eventLoop handles the monitor's events in order, away from the monitor's
// goroutine so a slow notification server never delays polling. It alone
// owns the ringing calls (no lock): other goroutines send it a loopMsg.
// When it stops, no call notification outlives it.
func (s *Service) eventLoop(ctx context.Context) {
	defer func() {
		for _, u := range s.phones.List() {
			s.dropRinging(u)
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case m := <-s.events:
			switch {
			case m.drop:
				s.dropRinging(m.unit)
			case m.action != nil:
				s.takeAction(m.action.rc, m.action.key)
			case !m.unit.conn.staleEvent(m.gen):
				s.handleEvent(m.unit, m.ev)
			}
			if m.handled != nil {
				close(m.handled)
			}
		}
	}
}

// toLoop sends m to the event loop and, when m.handled is set, waits until
// the loop has handled it. It reports false when the loop is not running or
// stopped first (it forgot the ringing calls when it stopped).
func (s *Service) toLoop(m loopMsg) bool {
	s.mu.Lock()
	ctx := s.runCtx
	s.mu.Unlock()
	if ctx == nil {
		return false
	}
	select {
	case s.events <- m:
	case <-ctx.Done():
		return false
	}
	if m.handled == nil {
		return true
	}
	select {
	case <-m.handled:
		return true
	case <-ctx.Done():
		return false
	}
}

func (s *Service) handleEvent(u *phoneUnit, e cti.Event) {
	e = s.withContact(e)
	// History first: whoever reacts to the event may read it.
	if e.Kind == cti.EventEnded {
		c := s.nameDialed(cti.CallFromEvent(e))
		if s.phones.Several() {
			c.Phone = u.Name()
		}
		s.record(c)
	}
	s.noteAnsweredAt(u, e)
	ev := e
	s.hub.send(localapi.Update{Phone: u.Name(), Event: &ev})
	s.followDialEvent(u, e)
	switch e.Kind {
	case cti.EventIncoming:
		s.onIncoming(u, e)
		s.checkPushOnRing(u)
	case cti.EventAnswered:
		s.onAnswered(u, e)
	case cti.EventEnded:
		s.onEnded(u, e)
	case cti.EventOffline, cti.EventUnauthorized:
		// Nothing can be answered now; the monitor ends these calls when the
		// phone answers again without them.
		s.dropRinging(u)
		if e.Kind == cti.EventUnauthorized {
			s.onUnauthorized(u)
		}
	case cti.EventOnline:
		s.closeAuthNotification(u)
	}
	s.markDirty()
}

// record appends a finished call to the history.
func (s *Service) record(c cti.Call) {
	if err := s.history.Record(c); err != nil {
		s.log.Warn("call history not written", "err", err)
	}
}

func (s *Service) onIncoming(u *phoneUnit, e cti.Event) {
	set := s.Settings()
	rc := &ringCall{unit: u, line: e.Line, number: e.Number, name: e.Name}
	if old := u.ringing[e.Line]; old != nil {
		s.closeNotification(old.notif)
	}
	u.ringing[e.Line] = rc

	n := s.cfg.Notifier
	if set.Notifications && n != nil {
		note := notify.Notification{
			Summary:  s.phoneLabel(u, s.t(msgIncomingCall)),
			Body:     s.callBody(e),
			Urgency:  notify.UrgencyCritical,
			Timeout:  -1, // we close it when the call stops ringing
			Category: "call.incoming",
		}
		if n.SupportsActions() {
			note.Actions = []notify.Action{{Key: "accept", Label: s.t(msgAccept)}, {Key: "reject", Label: s.t(msgReject)}}
		}
		id, err := n.Show(note, func(key string) {
			if key != "accept" && key != "reject" {
				return
			}
			// Not on the notifier's goroutine: the loop may be showing
			// a notification through it. The task lasts until the loop
			// has taken the action, so that Run (and a test) waiting for
			// the background work waits for the action too.
			s.goBG(func() {
				if !s.toLoop(loopMsg{action: &ringAction{rc, key}, handled: make(chan struct{})}) {
					s.log.Info("notification action ignored: the call no longer rings", "action", key, "line", rc.line)
				}
			})
		})
		if err != nil {
			s.log.Warn("incoming call notification not shown", "err", err)
		} else {
			// The loop handles the action after this: rc.notif is set by then.
			rc.notif = id
		}
	}

	if s.wantPopup(set.Popup) {
		args := []string{"--line", fmt.Sprint(e.Line)}
		if s.phones.Several() {
			args = append([]string{"--phone", u.Name()}, args...)
		}
		s.goBG(func() {
			if err := s.cfg.OpenWindow("popup", args...); err != nil {
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

func (s *Service) onAnswered(u *phoneUnit, e cti.Event) {
	s.closeNotification(s.forgetRinging(u, e.Line))
	if e.Direction == cti.Outgoing && s.lineConnected(u, e.Line) && s.dialedOn(u) {
		// Not for a call announced answered only at its end (a push, an
		// answer between two polls): nobody is there to hear the keys.
		if digits := s.takePendingDTMF(); digits != "" {
			s.goBG(func() { s.sendPendingDTMF(u, digits) })
		}
	}
	if e.Direction == cti.Incoming {
		if set := s.Settings(); set.ScreenPopOn == "answer" {
			s.screenPop(set.ScreenPopURL, e.Number, e.Name)
		}
	}
}

func (s *Service) onEnded(u *phoneUnit, e cti.Event) {
	s.closeNotification(s.forgetRinging(u, e.Line))
	if e.Direction == cti.Outgoing && s.dialedOn(u) {
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
		Summary:  s.phoneLabel(u, s.t(msgMissedCall)),
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
			s.dialInBackground(u, s.DialAnnounced, number, s.log.Warn, "call back failed")
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
func (s *Service) lineConnected(u *phoneUnit, line int) bool {
	m := u.conn.Monitor()
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

// takeAction runs on the event loop for Accept/Reject from the
// notification of rc: once per call, and only while it rings; the phone is
// asked in the background.
func (s *Service) takeAction(rc *ringCall, key string) {
	if rc.unit.ringing[rc.line] != rc || rc.acted {
		s.log.Info("notification action ignored: the call no longer rings", "action", key, "line", rc.line)
		return
	}
	rc.acted = true
	u, line, number, id := rc.unit, rc.line, rc.number, rc.notif
	s.goBG(func() { s.actOnRinging(u, line, number, key, id) })
}

// actOnRinging answers or rejects the call ringing on line from its
// notification id, and closes the notification once the phone took it.
func (s *Service) actOnRinging(u *phoneUnit, line int, number, key string, id notify.ID) {
	ctx, cancel := s.bgContext(operateTimeout)
	defer cancel()
	var err error
	if key == "accept" {
		err = s.answerLine(ctx, u, line, number)
	} else {
		err = s.rejectLine(ctx, u, line, number)
	}
	s.pokeUnit(u)
	switch {
	case errors.Is(err, errNotRinging):
		s.log.Info("notification action ignored: the call no longer rings", "action", key, "line", line)
	case err != nil:
		s.log.Warn("notification action failed", "action", key, "line", line, "err", err)
		msg := msgAnswerFailed
		if key == "reject" {
			msg = msgRejectFailed
		}
		s.notifyError(s.phoneLabel(u, s.t(msg, problem.Describe(s.Catalog(), err).Text)))
	default:
		s.closeNotification(id)
	}
}

// AnswerLine answers the call ringing on line, selecting that line first
// when several ring (see the package doc). For the popup window of line N,
// which otherwise can only send a plain acceptcall.
func (s *Service) AnswerLine(ctx context.Context, line int) error {
	return s.onLine(ctx, line, s.answerLine)
}

// RejectLine rejects the call ringing on line (recorded as rejected).
func (s *Service) RejectLine(ctx context.Context, line int) error {
	return s.onLine(ctx, line, s.rejectLine)
}

// onLine runs act for the call on line of the phone ctx names, then pokes
// its monitor so the change shows without waiting for the next poll.
func (s *Service) onLine(ctx context.Context, line int, act func(context.Context, *phoneUnit, int, string) error) error {
	u, err := s.unitFor(ctx)
	if err != nil {
		return err
	}
	err = act(ctx, u, line, "")
	s.pokeUnit(u)
	return err
}

// errNotRinging: the call an action was meant for is gone.
var errNotRinging = errors.New("the call no longer rings")

// answerLine answers the call ringing on line (see the package doc for why
// and how a line is selected first). Once the phone took the answer, the
// monitor is told, so that a call that ends before a poll sees it connected
// is still recorded as answered, not missed.
func (s *Service) answerLine(ctx context.Context, u *phoneUnit, line int, number string) error {
	target, err := s.sendAnswer(ctx, u, line, number)
	if err == nil {
		s.noteAnswered(u, line, target.RemoteNumber)
	}
	return err
}

// sendAnswer does answerLine's work on the phone and returns the call it
// answered, as the phone listed it before.
func (s *Service) sendAnswer(ctx context.Context, u *phoneUnit, line int, number string) (_ cti.Line, err error) {
	c, gen, err := s.commandClient(u)
	if err != nil {
		return cti.Line{}, err
	}
	defer func() { u.conn.NoteAuth(gen, err) }()
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
func (s *Service) noteAnswered(u *phoneUnit, line int, number string) {
	m := u.conn.Monitor()
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
func (s *Service) acceptTarget(u *phoneUnit) (line int, number string, ok bool) {
	m := u.conn.Monitor()
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
func (s *Service) rejectLine(ctx context.Context, u *phoneUnit, line int, number string) (err error) {
	c, gen, err := s.commandClient(u)
	if err != nil {
		return err
	}
	defer func() { u.conn.NoteAuth(gen, err) }()
	target, direct, err := s.ringingTarget(ctx, c, line, number)
	if err != nil {
		return err
	}
	if m := u.conn.Monitor(); m != nil {
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

// dropRinging forgets every ringing call of u and closes their
// notifications. Event loop only; another goroutine sends it
// loopMsg{unit: u, drop: true}.
func (s *Service) dropRinging(u *phoneUnit) {
	if u == nil {
		return
	}
	for line, rc := range u.ringing {
		s.closeNotification(rc.notif)
		delete(u.ringing, line)
	}
}

// forgetRinging removes the ringing call of u's line and returns its
// notification (0 if none). Event loop only.
func (s *Service) forgetRinging(u *phoneUnit, line int) notify.ID {
	rc := u.ringing[line]
	if rc == nil {
		return 0
	}
	delete(u.ringing, line)
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
	return problem.Caller(clip(cti.CleanText(name)), clip(cti.CleanText(number)), func(name, number string) string {
		return name + "\n" + number
	})
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
