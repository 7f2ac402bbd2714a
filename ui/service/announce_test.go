package service

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/problem"
	"github.com/gxptray/gxptray/ui/settings"
)

func summaryIs(want string) func(notify.Shown) bool {
	return func(s notify.Shown) bool { return s.Notification.Summary == want }
}

// The hotkey with a mail signature on the clipboard: the number in it is
// dialed, announced with a Hang up button, and the extension is pressed once
// the far end answers, not before.
func TestDialClipboardTextAnnouncedExtensionAfterAnswer(t *testing.T) {
	h := newHarness(t, hopts{actions: true})
	h.online()
	// A caller the history knows by name.
	if err := h.svc.history.Record(cti.Call{Direction: cti.Incoming, Number: "+15550100199", Name: "Ирина Соколова",
		Line: 1, Start: time.Now().Add(-time.Hour), Outcome: cti.Missed}); err != nil {
		t.Fatal(err)
	}
	if err := h.svc.DialClipboard(h.ctx(), "Best regards,\nIrina\nPhone: +1 (555) 010-0199, ext 12\nwww.example.com"); err != nil {
		t.Fatal(err)
	}
	if got := h.phone.Dialed(); !slices.Equal(got, []string{"+15550100199"}) {
		t.Fatalf("the phone dialed %v, want the number without its extension", got)
	}
	calling := h.waitShown("the Calling notification", summaryIs("Calling Ирина Соколова +1 (555) 010-0199, ext 12"))
	if got := actionKeys(calling.Notification); !slices.Equal(got, []string{"hangup=Hang up"}) {
		t.Errorf("actions %v, want Hang up", got)
	}
	h.waitShown("ringing", summaryIs("Ringing: Ирина Соколова +1 (555) 010-0199, ext 12"))
	if d := h.phone.DTMF(); d != "" {
		t.Errorf("keys pressed before the answer: %q", d)
	}
	h.remoteAnswer(1)
	talking := h.waitShown("talking", summaryIs("Talking to Ирина Соколова +1 (555) 010-0199, ext 12"))
	if talking.ID != calling.ID {
		t.Errorf("the outcome is notification %d, not a replacement of %d", talking.ID, calling.ID)
	}
	if err := h.phone.Wait(h.ctx(), func() bool { return h.phone.DTMF() == "12" }); err != nil {
		t.Errorf("extension not pressed after the answer: DTMF %q, keys %v", h.phone.DTMF(), h.phone.KeysReceived())
	}
	// Hang up from the notification ends the call; its history keeps the name.
	if !h.rec.Invoke(talking.ID, "hangup") {
		t.Fatal("no Hang up action")
	}
	h.waitLine(1, cti.StateIdle)
	c := h.waitHistory("the outgoing call", func(c cti.Call) bool { return c.Direction == cti.Outgoing })
	if c.Name != "Ирина Соколова" || c.Outcome != cti.Answered {
		t.Errorf("history %+v, want an answered call to Ирина Соколова", c)
	}
	h.waitClosed(talking.ID)
}

// A far end that never answers: the notification says so.
func TestAnnouncedDialNotAnswered(t *testing.T) {
	h := newHarness(t, hopts{actions: true})
	h.online()
	if _, err := h.svc.DialAnnounced(h.ctx(), "tel:+1-555-0100"); err != nil {
		t.Fatal(err)
	}
	h.waitShown("ringing", summaryIs("Ringing: tel:+1-555-0100"))
	h.remoteHangup(1)
	h.waitShown("no answer", summaryIs("No answer: tel:+1-555-0100"))
}

// A failed dial says why, in plain words, in the same notification.
func TestAnnouncedDialFailureSaysWhy(t *testing.T) {
	h := newHarness(t, hopts{actions: true, simOpts: phonesim.Options{DisableMakeCall: true},
		edit: func(s *settings.Settings) { s.DialMethod = "make_call" }})
	h.online()
	_, err := h.svc.DialAnnounced(h.ctx(), "+1 555 0100")
	if err == nil {
		t.Fatal("dial with Click-To-Dial off succeeded")
	}
	failed := h.waitShown("the failure", summaryIs("Could not call +1 555 0100"))
	body := failed.Notification.Body
	if !strings.HasPrefix(body, "The phone does not offer this function.\n") || !strings.Contains(body, "Click-To-Dial") ||
		strings.Contains(body, "api-") || strings.Contains(body, "make_call") {
		t.Errorf("failure body %q", body)
	}
	if len(failed.Notification.Actions) != 0 {
		t.Errorf("a failed dial offers %v", actionKeys(failed.Notification))
	}
	if !slices.ContainsFunc(h.rec.Shown(), func(s notify.Shown) bool {
		return s.ID == failed.ID && s.Notification.Summary == "Calling +1 555 0100"
	}) {
		t.Errorf("the failure did not replace the Calling notification: %+v", h.rec.Shown())
	}
}

// Two numbers in the text: the user chooses, by a notification button or
// (without buttons) in the tray menu; nothing is dialed until then.
func TestDialClipboardTwoNumbersAsks(t *testing.T) {
	text := "Office +1 555 0100, mobile +1 555 0199"
	t.Run("buttons", func(t *testing.T) {
		h := newHarness(t, hopts{actions: true})
		h.online()
		if err := h.svc.DialClipboard(h.ctx(), text); err == nil {
			t.Fatal("no error for two numbers")
		}
		ask := h.waitShown("the question", summaryIs("Which number?"))
		if got := actionKeys(ask.Notification); !slices.Equal(got, []string{"dial.0=+1 555 0100", "dial.1=+1 555 0199"}) {
			t.Errorf("actions %v", got)
		}
		if d := h.phone.Dialed(); len(d) != 0 {
			t.Fatalf("dialed %v before the choice", d)
		}
		if st := h.svc.State(h.ctx()); !slices.Equal(st.DialChoices, []string{"+1 555 0100", "+1 555 0199"}) {
			t.Errorf("DialChoices %v", st.DialChoices)
		}
		h.rec.Invoke(ask.ID, "dial.1")
		h.svc.bg.Wait()
		if d := h.phone.Dialed(); !slices.Equal(d, []string{"+15550199"}) {
			t.Errorf("dialed %v, want the second number", d)
		}
		if st := h.svc.State(h.ctx()); len(st.DialChoices) != 0 {
			t.Errorf("DialChoices %v after the choice", st.DialChoices)
		}
	})
	t.Run("menu", func(t *testing.T) {
		h := newHarness(t, hopts{actions: false})
		h.online()
		h.svc.DialClipboard(h.ctx(), text)
		ask := h.waitShown("the question", summaryIs("Which number?"))
		if !strings.Contains(ask.Notification.Body, "tray menu") {
			t.Errorf("body %q does not point at the tray menu", ask.Notification.Body)
		}
		st := h.waitState("choices", func(s localapi.State) bool { return len(s.DialChoices) == 2 })
		if _, err := h.svc.DialChoice(h.ctx(), st.DialChoices[0]); err != nil {
			t.Fatal(err)
		}
		if d := h.phone.Dialed(); !slices.Equal(d, []string{"+15550100"}) {
			t.Errorf("dialed %v", d)
		}
	})
}

// A call back from the history dials the number as the phone dialed it:
// the prefix is not doubled, and the name stays.
func TestCallBackKeepsPrefixAndName(t *testing.T) {
	h := newHarness(t, hopts{actions: true, edit: func(s *settings.Settings) { s.DialPrefix = "9" }})
	h.online()
	if _, err := h.svc.Dial(h.ctx(), "555 0100"); err != nil {
		t.Fatal(err)
	}
	h.waitStateLine(1, cti.StateCalling)
	h.remoteHangup(1)
	first := h.waitHistory("the first call", func(c cti.Call) bool { return c.Direction == cti.Outgoing })
	if first.Number != "95550100" {
		t.Fatalf("history number %q, want the prefixed one the phone dialed", first.Number)
	}
	// Someone gave the number a name (an incoming call from it).
	h.svc.history.Record(cti.Call{Direction: cti.Incoming, Number: "95550100", Name: "Alice", Line: 1, Start: time.Now(), Outcome: cti.Missed})
	if _, err := h.svc.DialAnnounced(h.ctx(), first.Number); err != nil {
		t.Fatal(err)
	}
	if d := h.phone.Dialed(); !slices.Equal(d, []string{"95550100", "95550100"}) {
		t.Errorf("dialed %v: the call back doubled the prefix", d)
	}
	h.waitShown("calling Alice", summaryIs("Calling Alice 95550100"))
	h.waitShown("ringing Alice", summaryIs("Ringing: Alice 95550100"))
	h.remoteHangup(1)
	c := h.waitHistory("the call back", func(c cti.Call) bool { return c.Direction == cti.Outgoing && c.Name == "Alice" })
	if c.Number != "95550100" || c.Outcome != cti.NoAnswer {
		t.Errorf("call back %+v", c)
	}
}

// An outgoing call that the far end answers and ends between two polls is
// answered, thanks to the phone's "established" push.
func TestOutgoingAnsweredBetweenPollsByPush(t *testing.T) {
	h, gate := gatedHarness(t, hopts{push: true})
	st := h.waitState("push on", func(s localapi.State) bool { return s.PushURL != "" })
	tok := h.secrets.m[secretPushToken]

	if _, err := h.svc.Dial(h.ctx(), "+1 555 0100"); err != nil {
		t.Fatal(err)
	}
	h.waitMonitorLine(1, cti.StateCalling)
	h.svc.monitor().SetInterval(cti.MaxPollInterval)
	gate.arm(func() bool { return true })
	h.remoteAnswer(1)
	getOK(t, "the established push", st.PushURL+"/"+tok+"/established?remote=%2B15550100")
	select {
	case <-gate.held: // the push asked for a poll: the note is made
	case <-h.ctx().Done():
		t.Fatal("no poll after the push")
	}
	h.remoteHangup(1)
	close(gate.release)
	c := h.waitHistory("the outgoing call", func(c cti.Call) bool { return c.Direction == cti.Outgoing })
	if c.Outcome != cti.Answered {
		t.Errorf("history %+v, want answered", c)
	}
}

// Going off hook with `gxptray keys OFFHOOK` while a call rings answers it:
// ended before the next poll, it is answered, not missed.
func TestOffhookKeyCountsAsAnswer(t *testing.T) {
	h, gate := gatedHarness(t, hopts{})
	line := h.ringSeen("203", "Виталик")
	h.svc.monitor().SetInterval(cti.MaxPollInterval)
	gate.arm(func() bool { return h.phone.Line(line).State == cti.StateConnected })
	if err := h.svc.SendKeys(h.ctx(), []string{"OFFHOOK"}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-gate.held:
	case <-h.ctx().Done():
		t.Fatal("the app never looked at the lines after the key")
	}
	h.remoteHangup(line)
	close(gate.release)
	c := h.waitHistory("the call", func(c cti.Call) bool { return c.Number == "203" })
	if c.Outcome != cti.Answered {
		t.Errorf("history %+v, want answered", c)
	}
}

// Through the local API, as the command line and tel: links use it: a link
// is announced by the tray process, a plain dial is not; an answer with
// nothing ringing comes back as "no call", in words.
func TestLocalAPIDialNotifyAndNoCall(t *testing.T) {
	h := newHarness(t, hopts{actions: true})
	api := serveLocalAPI(t, h)
	h.online()
	ctx := h.ctx()
	if _, err := api.Dial(ctx, "203"); err != nil {
		t.Fatal(err)
	}
	h.waitStateLine(1, cti.StateCalling)
	if n := len(h.rec.Shown()); n != 0 {
		t.Errorf("a plain dial showed %d notifications", n)
	}
	if err := api.Operate(ctx, cti.OpEnd); err != nil {
		t.Fatal(err)
	}
	h.waitStateLine(1, cti.StateIdle)
	d, err := api.DialNotify(ctx, "Phone: +1 (555) 010-0199, ext 12")
	if err != nil || d.Number != "+15550100199" || d.Ext != "12" {
		t.Fatalf("DialNotify = %+v, %v", d, err)
	}
	h.waitShown("the announcement", summaryIs("Calling +1 (555) 010-0199, ext 12"))
	api.Operate(ctx, cti.OpEnd)
	h.waitStateLine(1, cti.StateIdle)

	err = api.Operate(ctx, cti.OpAccept)
	if !errors.Is(err, cti.ErrNoCall) || problem.Describe(nil, err).Text != "No call is ringing." {
		t.Errorf("accept with nothing ringing: %v (%q)", err, problem.Describe(nil, err).Text)
	}
	_, err = api.Dial(ctx, "+1 555 0100 or +1 555 0199")
	if !errors.Is(err, cti.ErrSeveralNumbers) {
		t.Errorf("two numbers over the socket: %v", err)
	}
}
