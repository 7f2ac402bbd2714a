package service

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

func TestAcceptFromNotification(t *testing.T) {
	h := newHarness(t, hopts{actions: true})
	h.online()
	line := h.ring("203", "Виталик")

	n := h.waitShown("incoming call notification", isIncoming)
	got := n.Notification
	if got.Summary != "Incoming call" || got.Body != "Виталик\n203" {
		t.Errorf("notification %q / %q, want \"Incoming call\" / \"Виталик\\n203\"", got.Summary, got.Body)
	}
	if got.Urgency != notify.UrgencyCritical || got.Timeout >= 0 {
		t.Errorf("urgency %v timeout %v, want critical and never expiring", got.Urgency, got.Timeout)
	}
	if want := []string{"accept=Accept", "reject=Reject"}; !slices.Equal(actionKeys(got), want) {
		t.Errorf("actions %v, want %v", actionKeys(got), want)
	}

	if !h.rec.Invoke(n.ID, "accept") {
		t.Fatal("the notification took no action")
	}
	h.waitLine(line, cti.StateConnected)
	h.waitClosed(n.ID)
	if c := h.phone.RequestCount("api-phone_operation"); c != 1 {
		t.Errorf("phone got %d phone_operation requests, want 1", c)
	}
	h.waitStateLine(line, cti.StateConnected)
	if n := count(h.rec.Shown(), isMissed); n != 0 {
		t.Errorf("%d missed-call notifications for an answered call", n)
	}
}

// twiceNotifier delivers an action as often as the test asks, like a desktop
// that sends ActionInvoked twice to a notifier that fails to dedupe.
type twiceNotifier struct {
	*notify.Recorder
	mu   sync.Mutex
	acts map[notify.ID]func(string)
}

// newTwiceHarness is an online harness whose notifications go through a
// twiceNotifier (its recorder is the harness's).
func newTwiceHarness(t *testing.T) (*harness, *twiceNotifier) {
	t.Helper()
	tn := &twiceNotifier{Recorder: notify.NewRecorder(true), acts: map[notify.ID]func(string){}}
	h := newHarness(t, hopts{notifier: tn})
	h.rec = tn.Recorder
	h.online()
	return h, tn
}

func (n *twiceNotifier) Show(note notify.Notification, onAction func(string)) (notify.ID, error) {
	n.mu.Lock() // held across Show: invoke waits until the action is known
	defer n.mu.Unlock()
	id, err := n.Recorder.Show(note, nil)
	n.acts[id] = onAction
	return id, err
}

func (n *twiceNotifier) invoke(id notify.ID, key string) {
	n.mu.Lock()
	f := n.acts[id]
	n.mu.Unlock()
	if f != nil {
		f(key)
	}
}

func TestDuplicateAcceptSendsOneOperation(t *testing.T) {
	h, tn := newTwiceHarness(t)
	line, n := h.ringShown("100", "Reception")

	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() { defer wg.Done(); tn.invoke(n.ID, "accept") }()
	}
	wg.Wait()
	h.waitLine(line, cti.StateConnected)
	h.waitClosed(n.ID)
	h.svc.bg.Wait() // every action handler has finished
	if c := h.phone.RequestCount("api-phone_operation"); c != 1 {
		t.Errorf("phone got %d phone_operation requests for one call, want 1", c)
	}
	// A late click on the answered call's notification does nothing either.
	tn.invoke(n.ID, "reject")
	h.svc.bg.Wait()
	if c := h.phone.RequestCount("api-phone_operation"); c != 1 {
		t.Errorf("a late action reached the phone: %d operations", c)
	}
	if st := h.phone.Line(line).State; st != cti.StateConnected {
		t.Errorf("line %d is %s after a late reject, want connected", line, st)
	}
}

func TestAnsweredOnPhoneClosesNotification(t *testing.T) {
	h := newHarness(t, hopts{actions: true})
	h.online()
	line, n := h.ringShown("+74951234567", "Анна Смирнова")
	if n.Notification.Body != "Анна Смирнова\n+74951234567" {
		t.Errorf("body %q", n.Notification.Body)
	}
	// The user picks up the handset: the app sends nothing.
	h.phoneGet("api-phone_operation", url.Values{"cmd": {"acceptcall"}})
	h.waitLine(line, cti.StateConnected)
	h.waitClosed(n.ID)
	if c := h.phone.RequestCount("api-phone_operation"); c != 1 {
		t.Errorf("phone_operation requests %d, want only the user's 1", c)
	}
}

func TestRejectFromNotification(t *testing.T) {
	h := newHarness(t, hopts{actions: true})
	h.online()
	line, n := h.ringShown("+15555550100", "Acme Corp")
	h.rec.Invoke(n.ID, "reject")
	h.waitLine(line, cti.StateIdle)
	h.waitClosed(n.ID)
	c := h.waitHistory("rejected call", func(c cti.Call) bool { return c.Number == "+15555550100" })
	if c.Outcome != cti.Rejected || c.Direction != cti.Incoming || c.Name != "Acme Corp" || c.Line != line {
		t.Errorf("history entry %+v, want a rejected incoming call from Acme Corp on line %d", c, line)
	}
	if n := count(h.rec.Shown(), isMissed); n != 0 {
		t.Errorf("%d missed-call notifications after a reject", n)
	}
	if st := h.svc.State(h.ctx()); st.UnseenMissed != 0 {
		t.Errorf("UnseenMissed %d after a reject", st.UnseenMissed)
	}
}

func TestMissedCall(t *testing.T) {
	h := newHarness(t, hopts{actions: true})
	h.online()
	line, in := h.ringShown("203", "Виталик")
	h.remoteHangup(line)
	m := h.waitShown("missed call notification", isMissed)
	h.waitClosed(in.ID)
	if m.Notification.Summary != "Missed call" || !strings.HasPrefix(m.Notification.Body, "Виталик\n203\n") {
		t.Errorf("missed notification %q / %q", m.Notification.Summary, m.Notification.Body)
	}
	if want := []string{"callback=Call back"}; !slices.Equal(actionKeys(m.Notification), want) {
		t.Errorf("missed call actions %v, want %v", actionKeys(m.Notification), want)
	}
	c := h.waitHistory("missed call", func(c cti.Call) bool { return c.Number == "203" })
	if c.Outcome != cti.Missed || c.Name != "Виталик" {
		t.Errorf("history entry %+v, want missed from Виталик", c)
	}
	h.waitState("one unseen missed call", func(s localapi.State) bool { return s.UnseenMissed == 1 })

	if err := h.svc.MarkMissedSeen(h.ctx()); err != nil {
		t.Fatal(err)
	}
	h.waitClosed(m.ID)
	h.waitState("no unseen missed call", func(s localapi.State) bool { return s.UnseenMissed == 0 })

	// "Call back" dials the number.
	line2 := h.ringSeen("100", "")
	h.remoteHangup(line2)
	m2 := h.waitShown("second missed call", func(s notify.Shown) bool {
		return isMissed(s) && strings.HasPrefix(s.Notification.Body, "100\n")
	})
	h.rec.Invoke(m2.ID, "callback")
	h.svc.bg.Wait()
	if d := h.phone.Dialed(); !slices.Equal(d, []string{"100"}) {
		t.Errorf("call back dialed %v, want [100]", d)
	}
}

func TestPopupWhenNotificationsHaveNoButtons(t *testing.T) {
	h := newHarness(t, hopts{actions: false, edit: func(s *settings.Settings) { s.Popup = "auto" }})
	h.online()
	line, n := h.ringShown("203", "Виталик")
	if len(n.Notification.Actions) != 0 {
		t.Errorf("actions %v on a notifier without buttons", n.Notification.Actions)
	}
	select {
	case <-h.windows.ch:
	case <-h.ctx().Done():
		t.Fatal("no window opened")
	}
	want := []string{"popup", "--line", strconv.Itoa(line)}
	if got := h.windows.get(); len(got) != 1 || !slices.Equal(got[0], want) {
		t.Errorf("OpenWindow calls %v, want [%v]", got, want)
	}
}

func TestNoPopupWhenNotificationsHaveButtons(t *testing.T) {
	h := newHarness(t, hopts{actions: true, edit: func(s *settings.Settings) {
		s.Popup = "auto"
		s.Beep = true
		s.ScreenPopOn = "ring"
		s.ScreenPopURL = "https://crm.example/find?q={number}&n={name}"
	}})
	h.online()
	h.ringShown("+74951234567", "Анна Смирнова")
	select {
	case <-h.urls.ch:
	case <-h.ctx().Done():
		t.Fatal("no screen pop")
	}
	want := "https://crm.example/find?q=%2B74951234567&n=%D0%90%D0%BD%D0%BD%D0%B0%20%D0%A1%D0%BC%D0%B8%D1%80%D0%BD%D0%BE%D0%B2%D0%B0"
	if got := h.urls.get(); len(got) != 1 || got[0][0] != want {
		t.Errorf("screen pop %v, want %s", got, want)
	}
	h.svc.bg.Wait()
	if got := h.windows.get(); len(got) != 0 {
		t.Errorf("popup opened although the notification has buttons: %v", got)
	}
	if got := h.beeps.get(); len(got) != 1 {
		t.Errorf("%d beeps for one ring with the beep on", len(got))
	}
}

func TestNotificationsOff(t *testing.T) {
	h := newHarness(t, hopts{actions: true, edit: func(s *settings.Settings) { s.Notifications = false }})
	h.online()
	line := h.ringSeen("203", "")
	h.remoteHangup(line)
	h.waitHistory("missed call", func(c cti.Call) bool { return c.Outcome == cti.Missed })
	if all := h.rec.Shown(); len(all) != 0 {
		t.Errorf("notifications shown although switched off: %+v", all)
	}
	if got := h.beeps.get(); len(got) != 0 {
		t.Errorf("%d beeps with the beep off", len(got))
	}
}

func TestLanguageFollowsSettings(t *testing.T) {
	h := newHarness(t, hopts{actions: true, edit: func(s *settings.Settings) { s.Language = "ru" }})
	h.online()
	_, n := h.ringShown("203", "Виталик")
	if n.Notification.Summary != "Входящий вызов" {
		t.Errorf("summary %q in Russian mode", n.Notification.Summary)
	}
	if want := []string{"accept=Принять", "reject=Отклонить"}; !slices.Equal(actionKeys(n.Notification), want) {
		t.Errorf("actions %v, want %v", actionKeys(n.Notification), want)
	}
	if st := h.svc.State(h.ctx()); st.Language != "ru" {
		t.Errorf("State.Language %q", st.Language)
	}
}

func TestCallerText(t *testing.T) {
	for _, c := range []struct{ name, number, want string }{
		{"Виталик", "203", "Виталик\n203"},
		{"", "203", "203"},
		{"203", "203", "203"},
		{"  Reception ", " 100 ", "Reception\n100"},
		{"Anonymous", "", "Anonymous"},
		{"", "", ""},
		{strings.Repeat("Я", 300), "1", strings.Repeat("Я", maxBodyRunes) + "…\n1"},
	} {
		if got := callerText(c.name, c.number); got != c.want {
			t.Errorf("callerText(%q, %q) = %q, want %q", c.name, c.number, got, c.want)
		}
	}
}

func TestAcceptSecondRingingLineSelectsItFirst(t *testing.T) {
	h := newHarness(t, hopts{actions: true})
	h.online()
	first := h.ringSeen("100", "Reception")
	second := h.ringSeen("203", "Виталик")
	if !h.phone.Line(first).Active || h.phone.Line(second).Active {
		t.Fatalf("setup: line %d should have the focus: %+v", first, h.phone.Lines()[:2])
	}
	n2 := h.waitShown("second call notification", func(s notify.Shown) bool {
		return isIncoming(s) && strings.HasPrefix(s.Notification.Body, "Виталик")
	})
	h.rec.Invoke(n2.ID, "accept")
	h.waitLine(second, cti.StateConnected)
	h.waitClosed(n2.ID)
	if st := h.phone.Line(first).State; st != cti.StateRinging {
		t.Errorf("the other call is %s, want still ringing", st)
	}
	if keys := h.phone.KeysReceived(); !slices.Equal(keys, []string{"LINE" + strconv.Itoa(second)}) {
		t.Errorf("keys %v, want the line key of line %d", keys, second)
	}
}

func TestRejectSecondRingingLine(t *testing.T) {
	h := newHarness(t, hopts{actions: true})
	h.online()
	first := h.ringSeen("100", "Reception")
	second := h.ringSeen("203", "")
	n2 := h.waitShown("second call notification", func(s notify.Shown) bool {
		return isIncoming(s) && s.Notification.Body == "203"
	})
	h.rec.Invoke(n2.ID, "reject")
	h.waitLine(second, cti.StateIdle)
	h.wantRejected("203")
	if st := h.phone.Line(first).State; st != cti.StateRinging {
		t.Errorf("the other call is %s, want still ringing", st)
	}
}

func TestActionForCallThatStoppedRingingIsIgnored(t *testing.T) {
	h := newHarness(t, hopts{actions: true})
	h.online()
	line := h.ringSeen("203", "Виталик")
	n := h.waitShown("incoming call notification", isIncoming)
	// The caller gives up; the click arrives before the service noticed.
	h.remoteHangup(line)
	h.rec.Invoke(n.ID, "accept")
	h.svc.bg.Wait()
	if c := h.phone.RequestCount("api-phone_operation") + h.phone.RequestCount("api-send_key"); c != 0 {
		t.Errorf("%d commands sent for a call that no longer rings", c)
	}
	h.waitShown("missed call notification", isMissed)
}

func TestDialClipboard(t *testing.T) {
	h := newHarness(t, hopts{})
	h.online()
	err := h.svc.DialClipboard(h.ctx(), "Meeting notes: call me")
	if !errors.Is(err, cti.ErrInvalidNumber) {
		t.Fatalf("DialClipboard = %v, want ErrInvalidNumber", err)
	}
	last, ok := h.rec.Last()
	if !ok || last.Notification.Body != "No phone number in “Meeting notes: call me”." {
		t.Errorf("notification %+v", last)
	}
	if err := h.svc.DialClipboard(h.ctx(), " tel:+1-555-0100 "); err != nil {
		t.Fatal(err)
	}
	if got := h.phone.Dialed(); !slices.Equal(got, []string{"+15550100"}) {
		t.Errorf("dialed %v", got)
	}
}

func TestAnswerLine(t *testing.T) {
	h := newHarness(t, hopts{actions: true})
	h.online()
	first := h.ringSeen("100", "Reception")
	second := h.ringSeen("203", "Виталик")
	if err := h.svc.AnswerLine(h.ctx(), 5); !errors.Is(err, errNotRinging) {
		t.Errorf("AnswerLine on an idle line = %v", err)
	}
	if err := h.svc.RejectLine(h.ctx(), first); err != nil {
		t.Fatal(err)
	}
	h.waitLine(first, cti.StateIdle)
	if err := h.svc.AnswerLine(h.ctx(), second); err != nil {
		t.Fatal(err)
	}
	h.waitLine(second, cti.StateConnected)
	h.wantRejected("100")
}

// The ringing calls belong to the event loop. A move to another phone
// stops the monitor, which sends the loop the order to forget them: the
// notification closes. An Accept clicked on it afterwards reaches the loop,
// which no longer knows the call: nothing goes to the old phone, whose call
// still rings, and the State shows the new phone.
func TestPhoneChangeDropsRingingCallsThroughTheLoop(t *testing.T) {
	h, tn := newTwiceHarness(t)
	line := h.ringSeen("203", "Виталик")
	n := h.waitShown("incoming call notification", isIncoming)

	other, otherSrv := h.moveToAnotherPhone()
	h.waitClosed(n.ID)
	h.waitState("the other phone", func(s localapi.State) bool { return s.Phone == otherSrv.URL && len(s.Lines) == 0 })

	tn.invoke(n.ID, "accept")
	h.svc.bg.Wait() // the loop has taken the action, and anything it started has ended
	if c := h.phone.RequestCount("api-phone_operation"); c != 0 {
		t.Errorf("the old phone got %d phone_operation requests after the move", c)
	}
	if st := h.phone.Line(line).State; st != cti.StateRinging {
		t.Errorf("the old phone's call is %s, want still ringing", st)
	}
	if c := len(other.Requests()); c != 0 {
		t.Errorf("the other phone got %d requests before its passcode was typed", c)
	}
	if !strings.Contains(h.logs.String(), "notification action ignored") {
		t.Error("the late Accept was not told apart in the log")
	}
}

// An Accept that reaches the loop while the call rings is taken, the
// background work waited for covers it, and what it did shows in the State:
// the line connected with its answer time, the notification closed.
func TestAcceptThroughTheLoopShowsInState(t *testing.T) {
	h, tn := newTwiceHarness(t)
	line := h.ringSeen("100", "Reception")
	n := h.waitShown("incoming call notification", isIncoming)

	tn.invoke(n.ID, "accept")
	h.svc.bg.Wait() // the loop took it and the answer went to the phone
	if c := h.phone.RequestCount("api-phone_operation"); c != 1 {
		t.Fatalf("phone got %d phone_operation requests, want 1", c)
	}
	h.waitClosed(n.ID)
	h.waitState("line shown connected", func(s localapi.State) bool {
		return lineIs(s, line, cti.StateConnected) && !s.AnsweredAt[line].IsZero()
	})
}
