package service

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
)

// dialState is the dial in progress (at most one).
type dialState struct {
	busy     bool
	progress string
}

// pendingDTMF is an extension to type once the dialed call is answered.
type pendingDTMF struct {
	digits string
	until  time.Time
}

// pendingDTMFLife bounds how long an extension waits for the answer.
const pendingDTMFLife = 2 * time.Minute

// takePendingDTMF returns the extension waiting for an answer, once.
func (s *Service) takePendingDTMF() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pendingDTMF
	s.pendingDTMF = pendingDTMF{}
	if p.digits == "" || time.Now().After(p.until) {
		return ""
	}
	return p.digits
}

// sendPendingDTMF types the extension of the call just answered.
func (s *Service) sendPendingDTMF(digits string) {
	keys, err := cti.DigitKeys(strings.ReplaceAll(digits, ",", ""))
	if err != nil {
		s.log.Warn("extension not typed", "err", err)
		return
	}
	ctx, cancel := s.bgContext(time.Duration(len(keys)+1)*s.keyInterval() + operateTimeout)
	defer cancel()
	if err := s.SendKeys(ctx, keys); err != nil {
		s.log.Warn("extension not typed", "err", err)
		s.notifyError(s.t(msgDialFailed, err.Error()))
	}
}

// numberRules are the dialing rules of the current settings.
func (s *Service) numberRules() cti.NumberRules {
	set := s.settingsCopy()
	return cti.NumberRules{Prefix: set.DialPrefix, PlusReplacement: set.PlusReplacement}
}

// Preview shows how text would be dialed with the current number rules.
func (s *Service) Preview(ctx context.Context, text string) (string, error) {
	return s.numberRules().Normalize(text)
}

// Dial normalizes text and dials it. Only one dial runs at a time: a second
// one while the phone is still pressing the keys of the first gets
// localapi.ErrBusy (the phone cannot interleave two key sequences).
func (s *Service) Dial(ctx context.Context, text string) (localapi.Dialed, error) {
	number, err := s.numberRules().Normalize(text)
	if err != nil {
		return localapi.Dialed{}, err
	}
	c, gen, err := s.commandClient()
	if err != nil {
		return localapi.Dialed{}, err
	}
	s.mu.Lock()
	if s.dial.busy {
		s.mu.Unlock()
		return localapi.Dialed{}, localapi.ErrBusy
	}
	s.dial = dialState{busy: true, progress: translate(s.cat, msgDialing, number)}
	s.mu.Unlock()
	s.markDirty()

	res, err := c.Dial(ctx, number)
	s.noteAuth(gen, err)
	if err != nil {
		s.endDial()
		if errors.Is(err, cti.ErrNotSupported) && s.Catalog().Lang() != "en" {
			// The client's message carries the hint in English only.
			err = fmt.Errorf("%w. %s", err, s.t(msgHintClickDial))
		}
		return localapi.Dialed{}, err
	}
	s.poke()
	if res.Pending != "" {
		// Keys cannot wait for the answer: the extension is typed when the
		// far end picks up (see onAnswered).
		s.mu.Lock()
		s.pendingDTMF = pendingDTMF{digits: res.Pending, until: time.Now().Add(pendingDTMFLife)}
		s.mu.Unlock()
	}
	if res.Method == cti.DialKeys && len(res.Keys) > 0 {
		// The phone presses the keys about one KeyInterval apart after
		// answering: the dial is busy until it is through.
		s.goBG(func() { s.followKeys(number, len(res.Keys)) })
	} else {
		s.endDial()
	}
	return localapi.Dialed{Number: number, Method: string(res.Method)}, nil
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
		s.mu.Lock()
		s.dial.progress = translate(s.cat, msgDialingKeys, number, k, n)
		s.mu.Unlock()
		s.markDirty()
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func (s *Service) endDial() {
	s.mu.Lock()
	s.dial = dialState{}
	s.mu.Unlock()
	s.markDirty()
}

// DialClipboard dials the text of the clipboard (hotkey, tray menu). With no
// window to show an error in, problems are told in a notification.
func (s *Service) DialClipboard(ctx context.Context, text string) error {
	if _, err := s.numberRules().Normalize(text); err != nil {
		reason := strings.TrimPrefix(err.Error(), cti.ErrInvalidNumber.Error()+": ")
		s.notifyError(s.t(msgClipboardBad, reason))
		return err
	}
	_, err := s.Dial(ctx, text)
	if err != nil {
		s.notifyError(s.t(msgDialFailed, err.Error()))
	}
	return err
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
	c, gen, err := s.commandClient()
	if err != nil {
		return err
	}
	if op == cti.OpReject || op == cti.OpCancel {
		s.noteRejectedRinging()
	}
	acceptLine, acceptNumber, acceptKnown := 0, "", false
	if op == cti.OpAccept {
		acceptLine, acceptNumber, acceptKnown = s.acceptTarget()
	}
	err = c.Operate(ctx, op)
	if err == nil && acceptKnown {
		s.noteAnswered(acceptLine, acceptNumber)
	}
	s.noteAuth(gen, err)
	s.poke()
	return err
}

func (s *Service) noteRejectedRinging() {
	m := s.monitor()
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

// SendKeys presses keys on the phone (DTMF during a call, navigation).
func (s *Service) SendKeys(ctx context.Context, keys []string) error {
	c, gen, err := s.commandClient()
	if err != nil {
		return err
	}
	err = c.SendKeys(ctx, keys...)
	s.noteAuth(gen, err)
	s.poke()
	return err
}

// System reboots ("REBOOT") or factory-resets ("RESET") the phone; the local
// API has already made the user confirm.
func (s *Service) System(ctx context.Context, request string) error {
	c, gen, err := s.commandClient()
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
	s.noteAuth(gen, err)
	s.poke()
	return err
}

// History returns the n most recent calls, newest first.
func (s *Service) History(ctx context.Context, n int) ([]cti.Call, error) {
	s.mu.Lock()
	h := s.hist
	s.mu.Unlock()
	if h == nil {
		return nil, errors.New("the call history is not available")
	}
	return s.withCallContacts(h.Recent(n)), nil
}

// MarkMissedSeen resets the unseen missed-call count and closes the missed
// call notifications.
func (s *Service) MarkMissedSeen(ctx context.Context) error {
	s.mu.Lock()
	h := s.hist
	ids := s.missedIDs
	s.missedIDs = nil
	s.missedMem = 0
	s.seenEpoch++
	s.mu.Unlock()
	for _, id := range ids {
		s.closeNotification(id)
	}
	var err error
	if h != nil {
		err = h.MarkSeen()
	}
	s.markDirty()
	return err
}
