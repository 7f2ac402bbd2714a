package service

import (
	"errors"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

const labPass = "lab-Admin-2"

// twoPhones is a harness whose settings list two phones: "Office" (the
// harness's phone, the default) and "Lab", a second simulated phone with a
// passcode of its own (stored under labStored).
type twoPhones struct {
	*harness
	lab    *phonesim.Phone
	labSrv *httptest.Server
}

func newTwoPhones(t *testing.T, o hopts, labStored string) *twoPhones {
	t.Helper()
	lab, labSrv := servePhone(t, phonesim.Options{Passcode: labPass, KeyInterval: testKeyTime})
	o.editFirst(func(s *settings.Settings) {
		s.PhoneName = "Office"
		s.OtherPhones = []settings.Phone{{Name: "Lab", Address: labSrv.URL}}
	})
	run := !o.noRun
	o.noRun = true
	h := newHarness(t, o)
	if err := settings.SavePasscodeFor(h.secrets, labSrv.URL, labStored); err != nil {
		t.Fatal(err)
	}
	if err := h.svc.ReloadSettings(h.ctx()); err != nil {
		t.Fatal(err)
	}
	if run {
		h.start()
	}
	return &twoPhones{harness: h, lab: lab, labSrv: labSrv}
}

// phoneOf is the state of the phone called name.
func phoneOf(st localapi.State, name string) localapi.PhoneState {
	p, _ := st.PhoneNamed(name)
	return p
}

func (h *twoPhones) bothOnline() {
	h.t.Helper()
	h.waitState("both phones online", func(s localapi.State) bool {
		return len(s.Phones) == 2 && s.Phones[0].Conn == cti.ConnOnline && s.Phones[1].Conn == cti.ConnOnline
	})
	h.pushApplied()
}

func TestTwoPhonesInOneState(t *testing.T) {
	h := newTwoPhones(t, hopts{}, labPass)
	h.bothOnline()
	st := h.svc.State(h.ctx())
	if st.Phones[0].Name != "Office" || st.Phones[1].Name != "Lab" || st.Phones[1].Phone != h.labSrv.URL {
		t.Fatalf("phones %+v", st.Phones)
	}
	// The default phone is inline too, for one-phone clients.
	if st.Name != "Office" || st.Phone != h.srv.URL || st.Conn != cti.ConnOnline {
		t.Errorf("inline phone %q %q %s", st.Name, st.Phone, st.Conn)
	}
	line := h.lab.Lines()
	if len(phoneOf(st, "Lab").Lines) != len(line) {
		t.Errorf("Lab shows %d lines, the phone has %d", len(phoneOf(st, "Lab").Lines), len(line))
	}
}

func TestEachPhoneRingsWithItsName(t *testing.T) {
	h := newTwoPhones(t, hopts{actions: true}, labPass)
	h.bothOnline()

	labLine, err := h.lab.Ring("204", "Лаборант")
	if err != nil {
		t.Fatal(err)
	}
	labNote := h.waitShown("the lab's ring", func(s notify.Shown) bool { return isIncoming(s) && strings.Contains(s.Notification.Body, "204") })
	if got := labNote.Notification.Summary; got != "Lab: Incoming call" {
		t.Errorf("the lab's notification says %q, want %q", got, "Lab: Incoming call")
	}
	h.ring("203", "Виталик")
	officeNote := h.waitShown("the office's ring", func(s notify.Shown) bool { return isIncoming(s) && strings.Contains(s.Notification.Body, "203") })
	if got := officeNote.Notification.Summary; got != "Office: Incoming call" {
		t.Errorf("the office's notification says %q", got)
	}

	// Accept on the lab's notification answers the lab's call, and only it.
	if !h.rec.Invoke(labNote.ID, "accept") {
		t.Fatal("the notification took no action")
	}
	if err := h.lab.WaitState(h.ctx(), labLine, cti.StateConnected); err != nil {
		t.Fatalf("the lab's call was not answered: %v", err)
	}
	h.waitClosed(labNote.ID)
	h.svc.bg.Wait()
	if n := h.phone.RequestCount("api-phone_operation") + h.phone.RequestCount("api-send_key"); n != 0 {
		t.Errorf("the office got %d operations for the lab's Accept", n)
	}
	if st := h.phone.Line(1).State; st != cti.StateRinging {
		t.Errorf("the office's call is %s, want still ringing", st)
	}

	// The history says which phone each call was on.
	if err := h.lab.RemoteHangup(labLine); err != nil {
		t.Fatal(err)
	}
	c := h.waitHistory("the lab's call", func(c cti.Call) bool { return c.Number == "204" })
	if c.Phone != "Lab" || c.Outcome != cti.Answered {
		t.Errorf("history has %+v, want the lab's answered call", c)
	}
}

func TestRequestsGoToTheirPhone(t *testing.T) {
	h := newTwoPhones(t, hopts{}, labPass)
	h.bothOnline()
	if _, err := h.svc.Dial(localapi.WithPhone(h.ctx(), "lab"), "555"); err != nil {
		t.Fatalf("dial on the lab: %v", err)
	}
	if _, err := h.svc.Dial(h.ctx(), "556"); err != nil {
		t.Fatalf("dial on the default phone: %v", err)
	}
	if got := h.lab.Dialed(); !slices.Equal(got, []string{"555"}) {
		t.Errorf("the lab dialed %v, want [555]", got)
	}
	if got := h.phone.Dialed(); !slices.Equal(got, []string{"556"}) {
		t.Errorf("the office dialed %v, want [556]", got)
	}
	_, err := h.svc.Dial(localapi.WithPhone(h.ctx(), "Store"), "557")
	var unknown *localapi.UnknownPhoneError
	if !errors.As(err, &unknown) || !slices.Equal(unknown.Known, []string{"Office", "Lab"}) {
		t.Errorf("dial on an unknown phone: %v", err)
	}
	if err := h.svc.SendKeys(localapi.WithPhone(h.ctx(), "Store"), []string{"1"}); !errors.Is(err, localapi.ErrUnknownPhone) {
		t.Errorf("keys on an unknown phone: %v", err)
	}
}

// A wrong password of one phone costs exactly one login there; the other
// phone keeps working.
func TestRejectedPasswordStopsThatPhoneOnly(t *testing.T) {
	h := newTwoPhones(t, hopts{actions: true}, "not-the-lab-password")
	h.waitState("the lab refuses, the office works", func(s localapi.State) bool {
		return len(s.Phones) == 2 && s.Phones[0].Conn == cti.ConnOnline && s.Phones[1].Conn == cti.ConnUnauthorized
	})
	h.waitShown("the lab's password notification", func(s notify.Shown) bool {
		return s.Notification.Summary == "Lab: "+h.svc.t(msgAuthSummary)
	})
	// The office polls on, many times over; the lab hears nothing more.
	before := h.phone.RequestCount("api-get_line_status")
	if err := h.phone.Wait(h.ctx(), func() bool { return h.phone.RequestCount("api-get_line_status") >= before+20 }); err != nil {
		t.Fatal(err)
	}
	if n := len(h.lab.Requests()); n != 1 {
		t.Errorf("the lab got %d requests, want the one login", n)
	}
	h.ring("203", "")
	n := h.waitShown("the office still rings", isIncoming)
	if n.Notification.Summary != "Office: Incoming call" {
		t.Errorf("summary %q", n.Notification.Summary)
	}
	if _, err := h.svc.Dial(localapi.WithPhone(h.ctx(), "Lab"), "555"); !errors.Is(err, cti.ErrUnauthorized) {
		t.Errorf("a dial on the lab after its password was refused: %v", err)
	}
	if n := len(h.lab.Requests()); n != 1 {
		t.Errorf("the lab got %d requests after the dial, want still 1", n)
	}
}

// One listener for both phones: each phone has its own token and URLs,
// and a push carrying one phone's token is taken for that phone only.
func TestPushGoesToThePhoneOfItsToken(t *testing.T) {
	h := newTwoPhones(t, hopts{push: true}, labPass)
	h.bothOnline()
	listen := h.svc.Settings().PushListen
	office, err := h.svc.ActionURLs(h.ctx())
	if err != nil {
		t.Fatal(err)
	}
	lab, err := h.svc.ActionURLs(localapi.WithPhone(h.ctx(), "Lab"))
	if err != nil {
		t.Fatal(err)
	}
	if office[0].URL == lab[0].URL || !strings.HasPrefix(lab[0].URL, "http://"+listen+"/") {
		t.Fatalf("the phones' URLs: %q and %q", office[0].URL, lab[0].URL)
	}
	// The office's token is the one it always had.
	if tok := h.secrets.m[secretPushToken]; !strings.Contains(office[0].URL, tok) || strings.Contains(lab[0].URL, tok) {
		t.Errorf("the office's URL %q does not carry the stored token", office[0].URL)
	}
	// Both wait for their first push, as after an install.
	for _, u := range h.svc.phones.List() {
		u.mu.Lock()
		u.webState.pushCheck, u.webState.pushSince = pushWaiting, time.Now()
		u.mu.Unlock()
	}
	getOK(t, "the lab's push", lab[0].URL)
	st := h.waitState("the lab's push arrived", func(s localapi.State) bool { return phoneOf(s, "Lab").PushCheck == pushArriving })
	if got := phoneOf(st, "Office").PushCheck; got != pushWaiting {
		t.Errorf("the office's push check is %q after the lab's push, want %q", got, pushWaiting)
	}
}

// A phone added to the settings while the tray runs is watched at once; a
// phone removed is no longer polled.
func TestPhonesAddedAndRemovedLive(t *testing.T) {
	h := newHarness(t, hopts{})
	h.online()
	lab, labSrv := servePhone(t, phonesim.Options{Passcode: labPass})
	if err := settings.SavePasscodeFor(h.secrets, labSrv.URL, labPass); err != nil {
		t.Fatal(err)
	}
	set := h.svc.Settings()
	set.OtherPhones = []settings.Phone{{Name: "Lab", Address: labSrv.URL}}
	if _, err := h.svc.UpdateSettings(h.ctx(), settings.Only(set, settings.FieldOtherPhones)); err != nil {
		t.Fatal(err)
	}
	h.waitState("the lab online", func(s localapi.State) bool { return phoneOf(s, "Lab").Conn == cti.ConnOnline })
	set.OtherPhones = nil
	if _, err := h.svc.UpdateSettings(h.ctx(), settings.Only(set, settings.FieldOtherPhones)); err != nil {
		t.Fatal(err)
	}
	st := h.waitState("the lab gone", func(s localapi.State) bool { return len(s.Phones) == 1 })
	if st.Phones[0].Conn != cti.ConnOnline {
		t.Errorf("the office after the lab went: %s", st.Phones[0].Conn)
	}
	n := lab.RequestCount("api-get_line_status")
	before := h.phone.RequestCount("api-get_line_status")
	if err := h.phone.Wait(h.ctx(), func() bool { return h.phone.RequestCount("api-get_line_status") >= before+10 }); err != nil {
		t.Fatal(err)
	}
	if got := lab.RequestCount("api-get_line_status"); got != n {
		t.Errorf("the removed phone was polled %d more times", got-n)
	}
}

// A listener that could not start says so in every phone's state, with
// the reason.
func TestPushErrInEachPhonesState(t *testing.T) {
	taken := takenAddr(t)
	h := newTwoPhones(t, hopts{edit: func(s *settings.Settings) { s.PushListen = taken }}, labPass)
	h.bothOnline()
	st := h.svc.State(h.ctx())
	for _, p := range st.Phones {
		if !strings.Contains(p.PushErr, "address already in use") {
			t.Errorf("phone %s: PushErr %q, want why the listener is not listening", p.Name, p.PushErr)
		}
	}
	if st.PushErr != st.Phones[0].PushErr {
		t.Errorf("the inline default phone says %q", st.PushErr)
	}
	if _, err := h.svc.ActionURLs(localapi.WithPhone(h.ctx(), "Lab")); err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Errorf("the lab's Action URLs: %v", err)
	}
}

func TestDialPadOpensOnThePhoneAskedFor(t *testing.T) {
	h := newTwoPhones(t, hopts{noRun: true}, labPass)
	if err := h.svc.Show(localapi.WithPhone(h.ctx(), "lab"), "dialpad"); err != nil {
		t.Fatal(err)
	}
	if err := h.svc.Show(h.ctx(), "dialpad"); err != nil {
		t.Fatal(err)
	}
	got := h.windows.get()
	want := [][]string{{"dialpad", "--phone", "Lab"}, {"dialpad"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("windows opened %q, want %q", got, want)
	}
	if err := h.svc.Show(localapi.WithPhone(h.ctx(), "Attic"), "dialpad"); !errors.Is(err, localapi.ErrUnknownPhone) {
		t.Errorf("a dial pad for a phone there is not: %v", err)
	}
}

func TestWhichNumberDialsOnThePhoneThatAsked(t *testing.T) {
	h := newTwoPhones(t, hopts{}, labPass)
	h.bothOnline()
	err := h.svc.DialClipboard(localapi.WithPhone(h.ctx(), "Lab"), "call 555 0100 or 555 0199")
	if !errors.Is(err, cti.ErrSeveralNumbers) {
		t.Fatalf("a text with two numbers: %v", err)
	}
	st := h.svc.State(h.ctx())
	if len(st.DialChoices) != 2 || st.DialChoicesPhone != "Lab" {
		t.Fatalf("on offer %q for %q, want two numbers for the lab", st.DialChoices, st.DialChoicesPhone)
	}
	// The tray menu's choice names the phone of the offer.
	if _, err := h.svc.DialChoice(localapi.WithPhone(h.ctx(), st.DialChoicesPhone), st.DialChoices[1]); err != nil {
		t.Fatal(err)
	}
	if got := h.lab.Dialed(); !slices.Equal(got, []string{"5550199"}) || len(h.phone.Dialed()) != 0 {
		t.Errorf("the lab dialed %v, the office %v", got, h.phone.Dialed())
	}
}
