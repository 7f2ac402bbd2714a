package service

import (
	"strings"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/problem"
)

// A dial from the hotkey, a tel: link or the tray menu has no window to
// show what happens: an announcement does. It is one notification,
// "Calling Ирина Соколова +7 495 765-43-21" with a Hang up button, replaced
// in place as the call goes on (ringing, talking, failed, not answered) and
// closed when a call that was answered ends. The dial pad and the command
// line in a terminal report for themselves and are not announced.

// dialStage is how far an announced call got. Stages only move forward, so
// an update that arrives late never brings back an older text.
type dialStage int

const (
	stageCalling dialStage = iota // asked the phone to dial
	stageRinging                  // the phone shows the call ringing at the far end
	stageTalking                  // answered
	stageDone                     // failed, not answered, or ended
)

// Timeouts of the announcement: it stays while something happens, then
// lets the server take it away.
const (
	announceSetupTimeout = 90 * time.Second
	announceTalkTimeout  = 10 * time.Second
	announceEndTimeout   = 8 * time.Second
)

// announcement is the notification of the dial in progress. Guarded by
// Service.annMu, which also serializes its notification calls.
type announcement struct {
	unit   *phoneUnit // the phone that dials
	id     notify.ID
	number string // the main number as dialed, after the rules
	who    string // what the texts name: "Ирина Соколова +7 495 765-43-21"
	line   int    // the call's line, 0 until seen
	stage  dialStage
	failed bool // the phone showed the call as failed
}

// announceStart shows "Calling <who>"; the returned announcement is the
// current one until the next dial.
func (s *Service) announceStart(u *phoneUnit, number, who string) *announcement {
	a := &announcement{unit: u, number: number, who: who}
	s.annMu.Lock()
	defer s.annMu.Unlock()
	old := s.ann
	s.ann = a
	if old != nil && old.stage < stageDone {
		a.id = old.id // the new dial replaces the old one's notification
	}
	s.showAnnouncementLocked(a, s.t(msgCalling, who), "", true, announceSetupTimeout)
	return a
}

// announceFailed replaces the announcement with why the dial failed.
func (s *Service) announceFailed(a *announcement, err error) {
	s.annMu.Lock()
	defer s.annMu.Unlock()
	if s.ann != a {
		return
	}
	a.stage = stageDone
	words := problem.Describe(s.Catalog(), err)
	s.showAnnouncementLocked(a, s.t(msgCallFailedTo, a.who), words.String(), false, 0)
	s.ann = nil
}

// showAnnouncementLocked shows or replaces a's notification. Callers hold annMu.
func (s *Service) showAnnouncementLocked(a *announcement, summary, body string, hangup bool, timeout time.Duration) {
	n := s.cfg.Notifier
	if n == nil || !s.Settings().Notifications {
		return
	}
	note := notify.Notification{
		Summary:  clip(s.phoneLabel(a.unit, summary)),
		Body:     clip(body),
		Urgency:  notify.UrgencyNormal,
		Timeout:  timeout,
		Category: "call",
		Replaces: a.id,
	}
	var onAction func(string)
	if hangup && n.SupportsActions() {
		note.Actions = []notify.Action{{Key: "hangup", Label: s.t(msgHangUp)}}
		onAction = func(key string) {
			if key == "hangup" {
				s.goBG(func() { s.announcedHangUp(a) })
			}
		}
	}
	id, err := n.Show(note, onAction)
	if err != nil {
		s.log.Warn("dial notification not shown", "err", err)
		return
	}
	a.id = id
}

// announcedHangUp is the Hang up button: it ends the announced call.
func (s *Service) announcedHangUp(a *announcement) {
	ctx, cancel := s.bgContext(operateTimeout)
	defer cancel()
	err := s.operate(ctx, a.unit, cti.OpEnd)
	if err == nil {
		return
	}
	s.log.Warn("hang up from the notification failed", "err", err)
	s.notifyError(problem.Describe(s.Catalog(), err).String())
}

// followDialLines moves the announcement on from a fresh line status of
// the dialing phone: ringing at the far end, answered, failed. Called for
// every new State, with the lines of each phone.
func (s *Service) followDialLines(st []localapi.PhoneState) {
	s.annMu.Lock()
	defer s.annMu.Unlock()
	a := s.ann
	if a == nil || a.stage == stageDone {
		return
	}
	var lines []cti.Line
	for _, p := range st {
		if a.unit == nil || p.Name == a.unit.Name() {
			lines = p.Lines
			break
		}
	}
	l, ok := announcedLine(a, lines)
	if !ok {
		return
	}
	a.line = l.Line
	switch l.State {
	case cti.StateCalling:
		s.advanceLocked(a, stageRinging)
	case cti.StateConnected, cti.StateOnHold:
		s.advanceLocked(a, stageTalking)
	case cti.StateFailed:
		a.failed = true
		s.advanceLocked(a, stageDone)
	}
}

// announcedLine finds the announced call among lines: its line once known,
// else an outgoing call to the same number.
func announcedLine(a *announcement, lines []cti.Line) (cti.Line, bool) {
	want := cti.DialDigits(a.number)
	for _, l := range lines {
		if a.line != 0 {
			if l.Line == a.line {
				return l, l.State.Busy()
			}
			continue
		}
		switch l.State {
		case cti.StateDialing, cti.StateCalling, cti.StateFailed, cti.StateConnected:
			if want != "" && cti.DialDigits(l.RemoteNumber) == want {
				return l, true
			}
		}
	}
	return cti.Line{}, false
}

// followDialEvent moves the announcement on from a monitor event: the
// call's line, its answer (also one the phone pushed), its end.
func (s *Service) followDialEvent(u *phoneUnit, e cti.Event) {
	s.annMu.Lock()
	defer s.annMu.Unlock()
	a := s.ann
	if a == nil || e.Direction == cti.Incoming || a.unit != nil && a.unit != u {
		return
	}
	mine := a.line != 0 && e.Line == a.line || a.line == 0 && cti.DialDigits(e.Number) == cti.DialDigits(a.number) && a.number != ""
	if !mine {
		return
	}
	a.line = e.Line
	switch e.Kind {
	case cti.EventAnswered:
		s.advanceLocked(a, stageTalking)
	case cti.EventEnded:
		if e.Outcome == cti.Answered && a.stage < stageTalking {
			s.advanceLocked(a, stageTalking)
		}
		s.finishLocked(a)
	}
}

// advanceLocked shows the text of stage st if the call got further.
func (s *Service) advanceLocked(a *announcement, st dialStage) {
	if st <= a.stage {
		return
	}
	a.stage = st
	switch {
	case st == stageRinging:
		s.showAnnouncementLocked(a, s.t(msgRingingAt, a.who), "", true, announceSetupTimeout)
	case st == stageTalking:
		s.showAnnouncementLocked(a, s.t(msgTalkingTo, a.who), "", true, announceTalkTimeout)
	case a.failed:
		s.showAnnouncementLocked(a, s.t(msgCallFailedTo, a.who), s.t(msgCallFailedWhy), false, announceEndTimeout)
	}
}

// finishLocked ends the announcement with the call: an answered call's
// notification goes, one never answered says so.
func (s *Service) finishLocked(a *announcement) {
	switch {
	case a.stage == stageTalking:
		s.closeNotification(a.id)
	case a.stage < stageDone:
		a.stage = stageDone
		s.showAnnouncementLocked(a, s.t(msgNoAnswer, a.who), "", false, announceEndTimeout)
	}
	a.stage = stageDone
	s.ann = nil
}

// dropAnnouncement forgets the announcement (the service stops or moves to
// another phone); its notification is closed.
func (s *Service) dropAnnouncement() {
	s.annMu.Lock()
	defer s.annMu.Unlock()
	if a := s.ann; a != nil && a.stage < stageDone {
		s.closeNotification(a.id)
	}
	s.ann = nil
}

// whoText is how a dial names the far end: "Name number", or the number.
func whoText(name, number string) string {
	name, number = strings.TrimSpace(name), strings.TrimSpace(number)
	if name == "" || name == number {
		return number
	}
	return name + " " + number
}
