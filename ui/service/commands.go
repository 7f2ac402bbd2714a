package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/problem"
)

// pendingDTMFLife bounds how long an extension waits for the answer.
const pendingDTMFLife = 2 * time.Minute

// takePendingDTMF returns the extension waiting for an answer, once.
func (s *Service) takePendingDTMF() string { return s.dials.TakeExt(time.Now()) }

// dialedOn reports whether the last dial went to u (a dial that named no
// phone went to the default phone).
func (s *Service) dialedOn(u *phoneUnit) bool {
	p := s.dials.Phone()
	return p == u || p == nil && u == s.def()
}

// sendPendingDTMF types the extension of the call just answered on u.
func (s *Service) sendPendingDTMF(u *phoneUnit, digits string) {
	keys, err := cti.DigitKeys(strings.ReplaceAll(digits, ",", ""))
	if err != nil {
		s.log.Warn("extension not typed", "err", err)
		return
	}
	ctx, cancel := s.bgContext(time.Duration(len(keys)+1)*s.keyInterval() + operateTimeout)
	defer cancel()
	if err := s.sendKeys(ctx, u, keys); err != nil {
		s.log.Warn("extension not typed", "err", err)
		s.notifyError(s.t(msgDialFailed, problem.Describe(s.Catalog(), err).Text))
	}
}

// numberRules are the dialing rules of the current settings.
func (s *Service) numberRules() cti.NumberRules {
	set := s.Settings()
	return cti.NumberRules{Prefix: set.DialPrefix, PlusReplacement: set.PlusReplacement}
}

// Preview shows how text would be dialed with the current number rules:
// the one number it holds (see cti.NumberRules.FindNumbers).
func (s *Service) Preview(ctx context.Context, text string) (string, error) {
	f, err := s.numberRules().FindOne(text)
	if err != nil {
		return "", err
	}
	return f.Dialable(), nil
}

// Dial finds the number in text (the text itself, or the one number it
// holds: "Phone: +1 (555) 010-0199, ext 12") and dials it; an extension is
// pressed once the far end answers. Text with several numbers gives a
// *cti.SeveralNumbersError, text with none a *cti.NumberError. Only one dial
// runs at a time: a second one while the phone is still pressing the keys
// of the first gets localapi.ErrBusy (the phone cannot interleave two key
// sequences).
func (s *Service) Dial(ctx context.Context, text string) (localapi.Dialed, error) {
	u, err := s.unitFor(ctx)
	if err != nil {
		return localapi.Dialed{}, err
	}
	f, err := s.numberRules().FindOne(text)
	if err != nil {
		return localapi.Dialed{}, err
	}
	return s.dialFound(ctx, u, f, nil)
}

// DialAnnounced is Dial that says what it does in a notification: "Calling
// Ирина Соколова +7 495 765-43-21" with a Hang up button, replaced by the
// outcome (see announce.go). For the tray menu, tel: links and the hotkey.
func (s *Service) DialAnnounced(ctx context.Context, text string) (localapi.Dialed, error) {
	u, err := s.unitFor(ctx)
	if err != nil {
		s.notifyError(problem.Describe(s.Catalog(), err).String())
		return localapi.Dialed{}, err
	}
	f, err := s.numberRules().FindOne(text)
	if err != nil {
		s.notifyError(problem.Describe(s.Catalog(), err).String())
		return localapi.Dialed{}, err
	}
	return s.dialFound(ctx, u, f, func(who string) *announcement { return s.announceStart(u, f.Number.String(), who) })
}

// dialFound dials a number found in a text. announce, when set, starts the
// announcement once the far end's name is known.
func (s *Service) dialFound(ctx context.Context, u *phoneUnit, f cti.FoundNumber, announce func(who string) *announcement) (localapi.Dialed, error) {
	c, gen, err := s.commandClient(u)
	name := s.nameOf(f.Number)
	if s.dials.Busy() {
		// The dial under way keeps its announcement.
		if announce != nil {
			s.notifyError(problem.Describe(s.Catalog(), localapi.ErrBusy).Text)
		}
		return localapi.Dialed{}, localapi.ErrBusy
	}
	var a *announcement
	if announce != nil {
		a = announce(whoText(name, f.Text))
	}
	fail := func(err error) (localapi.Dialed, error) {
		if a != nil {
			s.announceFailed(a, err)
		}
		return localapi.Dialed{}, err
	}
	if err != nil {
		return fail(err)
	}
	if !s.dials.BeginOn(u, f.Number, name, s.t(msgDialing, f.Number.String())) {
		return fail(localapi.ErrBusy)
	}
	s.markDirty()

	res, err := c.Dial(ctx, f.Number)
	u.conn.NoteAuth(gen, err)
	if err != nil {
		s.endDial()
		return fail(err)
	}
	s.pokeUnit(u)
	if f.Ext != "" {
		// Pressed when the far end picks up (see onAnswered), whatever the
		// dial method: a pause in a make_call number is timed by the
		// phone, not by the answer.
		s.dials.AwaitAnswer(f.Ext, time.Now().Add(pendingDTMFLife))
	}
	if res.Method == cti.DialKeys && len(res.Keys) > 0 {
		// The phone presses the keys about one KeyInterval apart after
		// answering: the dial is busy until it is through.
		s.goBG(func() { s.followKeys(f.Number.String(), len(res.Keys)) })
	} else {
		s.endDial()
	}
	return localapi.Dialed{Number: f.Number.String(), Method: string(res.Method), Ext: f.Ext}, nil
}

// nameOf is the name the history knows for number (as dialed), "".
func (s *Service) nameOf(number cti.Dialable) string {
	calls, err := s.history.Recent(0)
	if err != nil || number.IsZero() {
		return ""
	}
	rules := s.numberRules()
	for _, c := range calls {
		if c.Name == "" || c.Number == "" {
			continue
		}
		if n, err := rules.Normalize(c.Number); err == nil && n == number {
			return c.Name
		}
	}
	return ""
}

// nameDialed fills in the name of an outgoing call the phone did not name,
// when it is the number last dialed from here.
func (s *Service) nameDialed(c cti.Call) cti.Call {
	if c.Direction != cti.Outgoing || c.Name != "" || c.Number == "" {
		return c
	}
	d := s.dials.Last()
	if d.name == "" {
		return c
	}
	if n, err := s.numberRules().Normalize(c.Number); err == nil && n == d.number {
		c.Name = d.name
	}
	return c
}

// followKeys shows "Dialing N (k/n keys)" while the phone works through the
// key sequence, then clears the busy flag.
func (s *Service) followKeys(number string, n int) {
	ctx, cancel := s.bgContext(time.Duration(n+1) * s.keyInterval())
	defer cancel()
	defer s.endDial()
	tick := time.NewTicker(s.keyInterval())
	defer tick.Stop()
	for k := 1; k <= n; k++ {
		s.dials.SetProgress(s.t(msgDialingKeys, number, k, n))
		s.markDirty()
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (s *Service) endDial() {
	s.dials.End()
	s.markDirty()
}

// DialClipboard dials the number in the clipboard's text (hotkey, tray
// menu), announced (see DialAnnounced). With no window to show a problem
// in, it is told in a notification: no number in the text, or several, in
// which case the user picks one, from the notification's buttons where the
// desktop has them, else from the tray menu (State.DialChoices).
func (s *Service) DialClipboard(ctx context.Context, text string) error {
	u, err := s.unitFor(ctx)
	if err != nil {
		s.notifyError(problem.Describe(s.Catalog(), err).String())
		return err
	}
	found, err := s.numberRules().FindNumbers(text)
	if err != nil {
		s.notifyError(problem.Describe(s.Catalog(), err).String())
		return err
	}
	if len(found) > 1 {
		s.askWhichNumber(u, found)
		return &cti.SeveralNumbersError{Found: found}
	}
	s.setDialChoices("", nil)
	f := found[0]
	_, err = s.dialFound(ctx, u, f, func(who string) *announcement { return s.announceStart(u, f.Number.String(), who) })
	return err
}

// maxChoiceButtons: notification servers show few buttons.
const maxChoiceButtons = 3

// dialChoicesLife is how long the numbers of a text stay on offer in the
// tray menu: the question belongs to the key press that asked it.
const dialChoicesLife = 2 * time.Minute

// askWhichNumber offers the numbers of a text: a button each on the
// notification where the server shows buttons, and always in the tray
// menu, until one is dialed, another dial starts, or dialChoicesLife ends.
func (s *Service) askWhichNumber(u *phoneUnit, found []cti.FoundNumber) {
	texts := make([]string, len(found))
	for i, f := range found {
		texts[i] = f.Text
	}
	s.setDialChoices(u.Name(), texts)
	n := s.cfg.Notifier
	if n == nil {
		return
	}
	note := notify.Notification{Summary: s.t(msgWhichNumber), Urgency: notify.UrgencyNormal, Category: "call"}
	var onAction func(string)
	if n.SupportsActions() && len(found) <= maxChoiceButtons {
		for i, f := range found {
			note.Actions = append(note.Actions, notify.Action{Key: fmt.Sprintf("dial.%d", i), Label: clip(f.Text)})
		}
		note.Body = s.t(msgWhichNumberBody, len(found))
		onAction = func(key string) {
			var i int
			if _, err := fmt.Sscanf(key, "dial.%d", &i); err != nil || i < 0 || i >= len(found) {
				return
			}
			text := found[i].Text
			s.dialInBackground(u, s.DialChoice, text, s.log.Info, "dial of a chosen number failed")
		}
	} else {
		note.Body = s.t(msgWhichNumberMenu, len(found), strings.Join(texts, ", "))
	}
	if _, err := n.Show(note, onAction); err != nil {
		s.log.Warn("notification not shown", "err", err)
	}
}

// dialInBackground dials text on u's phone with dial, for a notification's
// button (the click returns at once); a failure is logged as msg with logf.
func (s *Service) dialInBackground(u *phoneUnit, dial func(context.Context, string) (localapi.Dialed, error), text string, logf func(string, ...any), msg string) {
	s.goBG(func() {
		ctx, cancel := s.bgContext(dialTimeout)
		defer cancel()
		if _, err := dial(localapi.WithPhone(ctx, u.Name()), text); err != nil {
			logf(msg, "err", err)
		}
	})
}

// DialChoice dials one of the numbers offered by askWhichNumber (a
// notification button, the tray menu), announced, and withdraws the offer.
func (s *Service) DialChoice(ctx context.Context, text string) (localapi.Dialed, error) {
	s.setDialChoices("", nil)
	return s.DialAnnounced(ctx, text)
}

func (s *Service) setDialChoices(phone string, texts []string) {
	s.dials.Offer(phone, texts, time.Now().Add(dialChoicesLife))
	s.markDirty()
}

// Operate sends a call operation. A reject or cancel while exactly one line
// rings tells the monitor first, so the call is recorded as rejected and no
// missed-call notification follows; an accept that the phone took tells it
// afterwards, so the call is recorded as answered even if it ends before the
// next poll.
func (s *Service) Operate(ctx context.Context, op cti.Operation) error {
	switch op {
	case cti.OpAccept, cti.OpReject, cti.OpHold, cti.OpEnd, cti.OpCancel:
	default:
		return fmt.Errorf("unknown operation %q", string(op))
	}
	u, err := s.unitFor(ctx)
	if err != nil {
		return err
	}
	return s.operate(ctx, u, op)
}

// operate is Operate on phone u.
func (s *Service) operate(ctx context.Context, u *phoneUnit, op cti.Operation) error {
	c, gen, err := s.commandClient(u)
	if err != nil {
		return err
	}
	if op == cti.OpReject || op == cti.OpCancel {
		s.noteRejectedRinging(u)
	}
	acceptLine, acceptNumber, acceptKnown := 0, "", false
	if op == cti.OpAccept {
		acceptLine, acceptNumber, acceptKnown = s.acceptTarget(u)
	}
	err = c.Operate(ctx, op)
	if err == nil && acceptKnown {
		s.noteAnswered(u, acceptLine, acceptNumber)
	}
	u.conn.NoteAuth(gen, err)
	s.pokeUnit(u)
	return err
}

func (s *Service) noteRejectedRinging(u *phoneUnit) {
	m := u.conn.Monitor()
	if m == nil {
		return
	}
	ringing := 0
	line := 0
	for _, l := range m.Snapshot().Lines {
		if l.State == cti.StateRinging {
			ringing++
			line = l.Line
		}
	}
	if ringing == 1 {
		m.NoteRejected(line)
	}
}

// SendKeys presses keys on the phone (DTMF during a call, navigation). Keys
// that answer a ringing call (OFFHOOK, or the ringing line's LINEn key) tell
// the monitor once the phone took them, as the Answer command does.
func (s *Service) SendKeys(ctx context.Context, keys []string) error {
	u, err := s.unitFor(ctx)
	if err != nil {
		return err
	}
	return s.sendKeys(ctx, u, keys)
}

// sendKeys is SendKeys on phone u.
func (s *Service) sendKeys(ctx context.Context, u *phoneUnit, keys []string) error {
	c, gen, err := s.commandClient(u)
	if err != nil {
		return err
	}
	line, number, answers := s.keysAnswer(u, keys)
	err = c.SendKeys(ctx, keys...)
	if err == nil && answers {
		s.noteAnswered(u, line, number)
	}
	u.conn.NoteAuth(gen, err)
	s.pokeUnit(u)
	return err
}

// keysAnswer reports whether keys answer a call ringing now, and which:
// the line of a LINEn key if that line rings, else for OFFHOOK the call a
// plain acceptcall would answer.
func (s *Service) keysAnswer(u *phoneUnit, keys []string) (line int, number string, ok bool) {
	m := u.conn.Monitor()
	if m == nil {
		return 0, "", false
	}
	lines := m.Snapshot().Lines
	offhook := false
	for _, k := range strings.Split(strings.ToUpper(strings.Join(keys, ":")), ":") {
		if n, err := strconv.Atoi(strings.TrimPrefix(k, "LINE")); err == nil && strings.HasPrefix(k, "LINE") {
			for _, l := range lines {
				if l.Line == n && l.State == cti.StateRinging {
					return n, l.RemoteNumber, true
				}
			}
		}
		offhook = offhook || k == "OFFHOOK"
	}
	if !offhook {
		return 0, "", false
	}
	return s.acceptTarget(u)
}

// System reboots ("REBOOT") or factory-resets ("RESET") the phone; the local
// API has already made the user confirm.
func (s *Service) System(ctx context.Context, request string) error {
	u, err := s.unitFor(ctx)
	if err != nil {
		return err
	}
	c, gen, err := s.commandClient(u)
	if err != nil {
		return err
	}
	switch request {
	case "REBOOT":
		err = c.Reboot(ctx)
	case "RESET":
		err = c.FactoryReset(ctx)
	default:
		return fmt.Errorf("unknown system request %q", request)
	}
	u.conn.NoteAuth(gen, err)
	s.pokeUnit(u)
	return err
}
