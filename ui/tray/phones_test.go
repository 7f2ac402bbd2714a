package tray

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gxptray/gxptray/assets"
	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// twoPhones is the default phone "Office" as def, and "Desk 2" as other.
func twoPhones(def, other localapi.PhoneState) localapi.State {
	st := online()
	def.Name, other.Name = "Office", "Desk 2"
	st.PhoneState = def
	st.Phones = []localapi.PhoneState{def, other}
	return st
}

func idlePhone(addr string, lines ...cti.Line) localapi.PhoneState {
	p := online(lines...).PhoneState
	p.Phone = addr
	return p
}

func TestTwoPhonesAnotherPhoneRings(t *testing.T) {
	desk := idlePhone("192.168.1.21", cti.Line{Line: 2, State: cti.StateRinging, RemoteName: "Anna", RemoteNumber: "203"})
	st := twoPhones(idlePhone("192.168.1.20"), desk)
	m := BuildMenu(st, "204", nil, en)

	if m.Status != StatusRinging || m.Icon != assets.TrayRinging {
		t.Errorf("status %s, icon %s: want the ringing phone's", m.Status, m.Icon)
	}
	if want := "GXP Tray — Desk 2 — Ringing: Anna (203)"; m.Tooltip != want {
		t.Errorf("tooltip %q, want %q", m.Tooltip, want)
	}
	// The default phone's items are its own, named by its name.
	wantLabel(t, m, "status", "Office — Idle")
	mustBeDisabled(t, m, "answer", "reject")
	// The other phone's section.
	wantLabel(t, m, "phones.0", "Desk 2 — Ringing")
	wantLabel(t, m, "phones.0.detail", "Line 2: Anna (203) — Ringing")
	for _, id := range []string{"phones.0.answer", "phones.0.reject"} {
		it := mustFind(t, m, id)
		if !it.Enabled || it.Action.Phone != "Desk 2" || it.Action.Line != 2 {
			t.Errorf("%s: %+v, want it enabled for line 2 of Desk 2", id, it)
		}
	}
	mustBeDisabled(t, m, "phones.0.hold", "phones.0.hangup")
	if it := wantLabel(t, m, "phones.0.call_clipboard", "Call 204"); !it.Enabled || it.Action.Kind != ActDialClipboard || it.Action.Phone != "Desk 2" {
		t.Errorf("clipboard dial of Desk 2: %+v", it)
	}
	if it := mustFind(t, m, "phones.0.dnd"); it.Action.Phone != "Desk 2" || it.Action.Kind != ActDND {
		t.Errorf("DND of Desk 2: %+v", it)
	}
	// The default phone's items go to the default phone.
	if it := mustFind(t, m, "call_clipboard"); it.Action.Phone != "" {
		t.Errorf("the default phone's clipboard dial names %q", it.Action.Phone)
	}
	mustLack(t, m, "phones.1", "phones.more", "phones.0.reboot", "phones.0.reset")
}

// One icon for all phones: the most urgent state wins.
func TestTwoPhonesIconIsTheMostUrgent(t *testing.T) {
	idle := idlePhone("192.168.1.20")
	rings := idlePhone("192.168.1.21", cti.Line{Line: 1, State: cti.StateRinging})
	talking := idlePhone("192.168.1.21", cti.Line{Line: 1, State: cti.StateConnected})
	rejected := localapi.PhoneState{Phone: "192.168.1.21", Conn: cti.ConnUnauthorized, ConnErr: "The phone rejected the password."}
	offline := localapi.PhoneState{Phone: "192.168.1.22", Conn: cti.ConnOffline, ConnErr: "The phone does not answer."}
	connecting := localapi.PhoneState{Phone: "192.168.1.22"}
	for _, c := range []struct {
		name       string
		def, other localapi.PhoneState
		want       Status
	}{
		{"ringing over a rejected password", rejected, rings, StatusRinging},
		{"a rejected password over offline", offline, rejected, StatusSignIn},
		{"offline over connecting", connecting, offline, StatusOffline},
		{"connecting over a call", talking, connecting, StatusConnecting},
		{"offline over a call", talking, offline, StatusOffline},
		{"a call over idle", idle, talking, StatusInCall},
		{"both idle", idle, idle, StatusIdle},
	} {
		st := twoPhones(c.def, c.other)
		if got := StatusOf(st); got != c.want {
			t.Errorf("%s: status %s, want %s", c.name, got, c.want)
		}
		if m := BuildMenu(st, "", nil, en); m.Icon != iconName(c.want) {
			t.Errorf("%s: icon %s, want %s", c.name, m.Icon, iconName(c.want))
		}
	}
}

func TestTwoPhonesTooltipNamesThoseThatNeedThePerson(t *testing.T) {
	offline := localapi.PhoneState{Phone: "192.168.1.22", Conn: cti.ConnOffline}
	st := twoPhones(idlePhone("192.168.1.20"), offline)
	st.UnseenMissed = 2
	if got, want := Tooltip(st, en), "GXP Tray — Desk 2 — Offline · 2 missed"; got != want {
		t.Errorf("tooltip %q, want %q", got, want)
	}
	// Nothing to attend to: every phone, the busiest first.
	st = twoPhones(idlePhone("192.168.1.20"), idlePhone("192.168.1.21", cti.Line{Line: 1, State: cti.StateConnected}))
	if got, want := Tooltip(st, en), "GXP Tray — Desk 2 — In call · Office — Idle"; got != want {
		t.Errorf("tooltip %q, want %q", got, want)
	}
	// In Russian too.
	if got := Tooltip(st, ru); !strings.Contains(got, "Office") || !strings.Contains(got, "Desk 2") || strings.Contains(got, "Idle") {
		t.Errorf("Russian tooltip %q", got)
	}
}

func TestOnePhoneMenuHasNoPhoneSections(t *testing.T) {
	st := online()
	st.Name = "Phone"
	st.Phones = []localapi.PhoneState{st.PhoneState}
	m := BuildMenu(st, "", nil, en)
	wantLabel(t, m, "status", "192.168.1.20 — Idle")
	mustLack(t, m, "phones.0", "phones.more")
	if !slices.Equal(shape(m.Items), shape(BuildMenu(online(), "", nil, en).Items)) {
		t.Error("a one-phone State with Phones gives another menu than one without")
	}
}

// The sections of other phones keep their places whatever happens on the
// phones, like the rest of the menu; phones beyond the pool are counted.
func TestPhoneSectionsNeverMove(t *testing.T) {
	ring := idlePhone("192.168.1.21", cti.Line{Line: 1, State: cti.StateRinging, RemoteNumber: "203"})
	talk := idlePhone("192.168.1.21", cti.Line{Line: 1, State: cti.StateConnected}, cti.Line{Line: 2, State: cti.StateOnHold})
	want := shape(BuildMenu(twoPhones(idlePhone("192.168.1.20"), idlePhone("192.168.1.21")), "", nil, en).Items)
	for name, other := range map[string]localapi.PhoneState{
		"ringing": ring, "talking": talk,
		"offline":  {Phone: "192.168.1.21", Conn: cti.ConnOffline, ConnErr: "down"},
		"sign-in":  {Phone: "192.168.1.21", Conn: cti.ConnUnauthorized, NeedPasscode: true},
		"starting": {Phone: "192.168.1.21"},
	} {
		for _, clip := range []string{"", "203"} {
			if got := shape(BuildMenu(twoPhones(ring, other), clip, nil, en).Items); !slices.Equal(got, want) {
				t.Errorf("%s (clipboard %q): items\n%v\nwant\n%v", name, clip, got, want)
			}
		}
	}
	st := twoPhones(idlePhone("192.168.1.20"), idlePhone("192.168.1.21"))
	for i := range maxPhoneSections + 1 {
		p := idlePhone("192.168.2.1")
		p.Name = "Extra " + string(rune('A'+i))
		st.Phones = append(st.Phones, p)
	}
	m := BuildMenu(st, "", nil, en)
	wantLabel(t, m, "phones.more", "2 more phones: choose them in the dial pad")
	slots := newBinder(newFakeMenu(), m).slots // a slot for each place of the layout
	for _, id := range menuIDs(m.Items) {
		if slots[id] == nil {
			t.Errorf("item %q has no place in the layout", id)
		}
	}
}

// On the tray, a second phone's section appears with it and goes with it;
// the default phone's items keep their places meanwhile.
func TestBinderShowsAndHidesPhoneSections(t *testing.T) {
	f := newFakeMenu()
	b := newBinder(f, BuildMenu(online(), "", nil, en))
	before := f.places(b)
	if slices.Contains(before, "phones.0") {
		t.Fatal("one phone, and the menu shows a section for another")
	}
	two := twoPhones(idlePhone("192.168.1.20"), idlePhone("192.168.1.21", cti.Line{Line: 1, State: cti.StateRinging, RemoteNumber: "203"}))
	b.apply(BuildMenu(two, "", nil, en))
	shown := f.shown(b)
	if it := shown["phones.0"]; it.label != "Desk 2 — Ringing" || !it.enabled {
		t.Errorf("the section of Desk 2 shows %+v", it)
	}
	if it := shown["phones.0.answer"]; !it.enabled {
		t.Errorf("Desk 2's Answer shows %+v", it)
	}
	if _, ok := shown["phones.1"]; ok {
		t.Error("an unused section is shown")
	}
	if got := f.places(b); !slices.Equal(withoutPrefix(got, "phones."), before) {
		t.Errorf("the default phone's items moved:\n%v\nwant\n%v", got, before)
	}
	b.apply(BuildMenu(online(), "", nil, en))
	if got := f.places(b); !slices.Equal(got, before) {
		t.Errorf("back to one phone, the menu reads\n%v\nwant\n%v", got, before)
	}
}

func withoutPrefix(ids []string, prefix string) []string {
	return slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return strings.HasPrefix(id, prefix) })
}

// phonesBackend is a service of two phones that records which phone each
// command was for (what localapi.PhoneFromContext says).
type phonesBackend struct {
	st      localapi.State
	updates chan localapi.Update
	done    chan struct{}

	mu     sync.Mutex
	calls  []string      // "Method phone"
	called chan struct{} // a value per call
}

func (f *phonesBackend) note(ctx context.Context, what string) {
	f.mu.Lock()
	f.calls = append(f.calls, what+" "+localapi.PhoneFromContext(ctx))
	f.mu.Unlock()
	f.called <- struct{}{}
}

func (f *phonesBackend) recorded() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *phonesBackend) State(context.Context) localapi.State { return f.st }
func (f *phonesBackend) Subscribe(context.Context) <-chan localapi.Update {
	return f.updates
}
func (f *phonesBackend) History(context.Context, int) ([]cti.Call, error) { return nil, nil }
func (f *phonesBackend) DialAnnounced(ctx context.Context, text string) (localapi.Dialed, error) {
	f.note(ctx, "Dial("+text+")")
	return localapi.Dialed{}, nil
}
func (f *phonesBackend) DialChoice(ctx context.Context, text string) (localapi.Dialed, error) {
	f.note(ctx, "DialChoice("+text+")")
	return localapi.Dialed{}, nil
}
func (f *phonesBackend) DialClipboard(ctx context.Context, text string) error {
	f.note(ctx, "DialClipboard("+text+")")
	return nil
}
func (f *phonesBackend) Operate(ctx context.Context, op cti.Operation) error {
	f.note(ctx, "Operate("+string(op)+")")
	return nil
}
func (f *phonesBackend) AnswerLine(ctx context.Context, line int) error {
	f.note(ctx, "AnswerLine")
	return nil
}
func (f *phonesBackend) RejectLine(ctx context.Context, line int) error {
	f.note(ctx, "RejectLine")
	return nil
}
func (f *phonesBackend) SendKeys(ctx context.Context, keys []string) error {
	f.note(ctx, "SendKeys")
	return nil
}
func (f *phonesBackend) SetDND(ctx context.Context, on bool) localapi.DNDResult {
	f.note(ctx, "SetDND")
	return localapi.DNDResult{OK: true}
}
func (f *phonesBackend) Show(ctx context.Context, window string) error {
	f.note(ctx, "Show("+window+")")
	return nil
}
func (f *phonesBackend) Quit(context.Context) error { return nil }
func (f *phonesBackend) Preview(_ context.Context, text string) (string, error) {
	return text, nil
}
func (f *phonesBackend) Catalog() *i18n.Catalog { return en }
func (f *phonesBackend) Done() <-chan struct{}  { return f.done }

// A click in another phone's section goes to that phone; the default
// phone's items go to the default phone.
func TestMenuActionsGoToTheirPhone(t *testing.T) {
	desk := idlePhone("192.168.1.21", cti.Line{Line: 1, State: cti.StateRinging, RemoteNumber: "203"})
	f := &phonesBackend{st: twoPhones(idlePhone("192.168.1.20"), desk), updates: make(chan localapi.Update),
		done: make(chan struct{}), called: make(chan struct{}, 10)}
	m := startMenu(t, f)
	m.c.setClipboard("204")
	m.waitLabel(t, "phones.0.call_clipboard", "Call 204")
	ids := []string{"phones.0.answer", "phones.0.call_clipboard", "phones.0.dnd", "call_clipboard", "dialpad"}
	for _, id := range ids {
		m.click(t, id)
		select { // a click is carried out away from the menu loop
		case <-f.called:
		case <-time.After(10 * time.Second):
			t.Fatalf("a click on %s did not reach the service", id)
		}
	}
	want := []string{"AnswerLine Desk 2", "DialClipboard(204) Desk 2", "SetDND Desk 2", "DialClipboard(204) ", "Show(dialpad) "}
	got := f.recorded()
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the service was asked for\n%q\nwant\n%q", got, want)
	}
}

// A recent call is called back on its phone, and says which one it was.
func TestRecentCallsNameTheirPhone(t *testing.T) {
	st := twoPhones(idlePhone("192.168.1.20"), idlePhone("192.168.1.21"))
	now := time.Date(2026, 3, 2, 18, 0, 0, 0, time.Local)
	recent := []cti.Call{{Number: "203", Outcome: cti.Missed, Start: now.Add(-time.Hour), Phone: "Desk 2"}}
	m := buildMenu(st, "", recent, en, now)
	it := mustFind(t, m, "recent.0")
	if it.Action.Phone != "Desk 2" || !strings.Contains(it.Label, "Desk 2") {
		t.Errorf("recent call of Desk 2: %+v", it)
	}
}

// Two simulated phones in one tray, through the real service: the second
// phone rings into its section and is answered from it; the default phone
// is left alone.
func TestTwoSimulatedPhonesInOneMenu(t *testing.T) {
	office, officeURL := startSimPhone(t, phonesim.Options{})
	desk, deskURL := startSimPhone(t, phonesim.Options{})
	paths := testPaths(t)
	saveSettings(t, paths, func(s *settings.Settings) {
		s.Phone, s.PhoneName = officeURL, "Office"
		s.OtherPhones = []settings.Phone{{Name: "Desk 2", Address: deskURL}}
	})
	secrets := &settings.MemoryStore{}
	if err := settings.SavePasscode(secrets, officeURL, testPass); err != nil {
		t.Fatal(err)
	}
	if err := settings.SavePasscodeFor(secrets, deskURL, testPass); err != nil {
		t.Fatal(err)
	}
	m := startMenu(t, startRig(t, paths, secrets, "").svc)
	m.waitLabel(t, "status", "Office — Idle")
	m.waitLabel(t, "phones.0", "Desk 2 — Idle")
	line, err := desk.Ring("203", "Anna")
	if err != nil {
		t.Fatal(err)
	}
	m.waitLabel(t, "phones.0", "Desk 2 — Ringing")
	waitTooltip(t, m.tray, "Desk 2 — Ringing: Anna (203)")
	m.wait(t, "Answer of Desk 2", func(s map[string]shownItem) bool { return s["phones.0.answer"].enabled })
	m.click(t, "phones.0.answer")
	waitPhone(t, desk, "Desk 2 answered", func() bool { return desk.Line(line).State == cti.StateConnected })
	for n := 1; n <= 3; n++ {
		if st := office.Line(n).State; st != cti.StateIdle {
			t.Errorf("the default phone's line %d is %s", n, st)
		}
	}
	m.waitLabel(t, "phones.0", "Desk 2 — In call")
}

// waitTooltip waits for the tray's tooltip to hold want.
func waitTooltip(t *testing.T, f *fakeMenu, want string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		f.mu.Lock()
		tip := f.tooltip
		f.mu.Unlock()
		if strings.Contains(tip, want) {
			return
		}
		select {
		case <-f.changed:
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatalf("the tooltip reads %q, want it to hold %q", tip, want)
		}
	}
}
