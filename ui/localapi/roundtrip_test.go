package localapi

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
)

func sampleState() State {
	return State{
		PhoneState: PhoneState{
			Phone:   "https://192.168.1.20",
			Conn:    cti.ConnOnline,
			ConnErr: "",
			Lines: []cti.Line{
				{Line: 1, State: cti.StateIdle, Account: cti.NoAccount},
				{Line: 2, State: cti.StateConnected, Account: 0, Active: true, RemoteName: "Виталик", RemoteNumber: "203"},
				{Line: 3, State: cti.StateRinging, Account: 1, RemoteNumber: "+15555550100", Conference: true},
			},
			NeedPasscode: true,
		},
		Version:      "1.2.3",
		Demo:         true,
		DialBusy:     true,
		DialProgress: "Dialing 203 (2/4 keys)",
		DialMethod:   "keys",
		Hotkey:       "Ctrl+Shift+D",
		HotkeyErr:    "taken by another program",
		UnseenMissed: 3,
		PushURL:      "http://192.168.1.5:8765",
		Language:     "ru",
		KeyringErr:   "no keyring",
	}
}

func TestRoundTripEveryEndpoint(t *testing.T) {
	f := newFake()
	f.state = sampleState()
	f.dialed = Dialed{Number: "+74951234567", Method: "make_call"}
	start := time.Date(2025, 3, 1, 10, 30, 0, 0, time.UTC)
	f.history = []cti.Call{
		{Direction: cti.Incoming, Number: "203", Name: "Виталик", Line: 2, Account: 0, Start: start, Duration: 75 * time.Second, Outcome: cti.Answered},
		{Direction: cti.Outgoing, Number: "+15555550100", Line: 1, Account: cti.NoAccount, Start: start.Add(-time.Hour), Outcome: cti.NoAnswer},
	}
	f.test = TestResult{OK: true, Lines: sampleState().Lines,
		Accounts: []cti.Account{{ID: 1, SIPServer: "pbx.lan", SIPID: "1234", Name: "Office", Registered: true}},
		MakeCall: "works", Fingerprint: "ab12"}
	f.preview = "9203"
	f.actionURLs = []cti.ActionURLField{{Event: "incoming", PValue: "P8310", Label: "Incoming Call",
		URL: "http://192.168.1.5:8765/tok/incoming?remote=$remote"}}
	_, c := serve(t, f, Options{Version: "9.9.9"})
	ctx := ctxT(t)

	info, err := c.Ping(ctx)
	if err != nil || info.Version != "9.9.9" || info.PID == 0 {
		t.Errorf("Ping = %+v, %v", info, err)
	}
	st, err := c.State(ctx)
	if err != nil {
		t.Fatalf("State: %v", err)
	}
	if !reflect.DeepEqual(st, sampleState()) {
		t.Errorf("State:\n got %+v\nwant %+v", st, sampleState())
	}
	d, err := c.Dial(ctx, "+7 (495) 123-45-67")
	if err != nil || d != f.dialed {
		t.Errorf("Dial = %+v, %v", d, err)
	}
	for _, op := range []cti.Operation{cti.OpAccept, cti.OpReject, cti.OpHold, cti.OpEnd, cti.OpCancel} {
		if err := c.Operate(ctx, op); err != nil {
			t.Errorf("Operate(%s): %v", op, err)
		}
	}
	if err := c.SendKeys(ctx, []string{"line2", "2", "*", "#", "SEND"}); err != nil {
		t.Errorf("SendKeys: %v", err)
	}
	if err := c.System(ctx, "REBOOT", "REBOOT"); err != nil {
		t.Errorf("System REBOOT: %v", err)
	}
	if err := c.System(ctx, "RESET", "RESET"); err != nil {
		t.Errorf("System RESET: %v", err)
	}
	h, err := c.History(ctx, 2)
	if err != nil || !reflect.DeepEqual(h, f.history) {
		t.Errorf("History:\n got %+v, %v\nwant %+v", h, err, f.history)
	}
	if err := c.MarkMissedSeen(ctx); err != nil {
		t.Errorf("MarkMissedSeen: %v", err)
	}
	if err := c.Reload(ctx); err != nil {
		t.Errorf("Reload: %v", err)
	}
	if err := c.SetSessionPasscode(ctx, "pässcode 1"); err != nil {
		t.Errorf("SetSessionPasscode: %v", err)
	}
	res, err := c.TestConnection(ctx, TestRequest{Phone: "phone.lan:8080", Passcode: "t3st", TLSMode: "pin", PinnedCert: "ff00"})
	if err != nil || !reflect.DeepEqual(res, f.test) {
		t.Errorf("TestConnection:\n got %+v, %v\nwant %+v", res, err, f.test)
	}
	p, err := c.Preview(ctx, "203")
	if err != nil || p != "9203" {
		t.Errorf("Preview = %q, %v", p, err)
	}
	for _, w := range []string{"dialpad", "settings", "history", "main"} {
		if err := c.Show(ctx, w); err != nil {
			t.Errorf("Show(%s): %v", w, err)
		}
	}
	if err := c.Quit(ctx); err != nil {
		t.Errorf("Quit: %v", err)
	}
	if err := c.OperateLine(ctx, cti.OpAccept, 2); err != nil {
		t.Errorf("OperateLine accept: %v", err)
	}
	if err := c.OperateLine(ctx, cti.OpReject, 3); err != nil {
		t.Errorf("OperateLine reject: %v", err)
	}
	urls, err := c.ActionURLs(ctx)
	if err != nil || !reflect.DeepEqual(urls, f.actionURLs) {
		t.Errorf("ActionURLs = %+v, %v", urls, err)
	}
	if err := c.ClearHistory(ctx); err != nil {
		t.Errorf("ClearHistory: %v", err)
	}

	want := []string{
		"State()",
		"Dial(+7 (495) 123-45-67)",
		"Operate(acceptcall)", "Operate(rejectcall)", "Operate(holdcall)", "Operate(endcall)", "Operate(cancel)",
		"SendKeys(LINE2,2,STAR,POUND,SEND)",
		"System(REBOOT)", "System(RESET)",
		"History(2)",
		"MarkMissedSeen()", "ReloadSettings()",
		"SetSessionPasscode(pässcode 1)",
		"TestConnection(phone.lan:8080,t3st,pin,ff00)",
		"Preview(203)",
		"Show(dialpad)", "Show(settings)", "Show(history)", "Show(main)",
		"Quit()",
		"AnswerLine(2)", "RejectLine(3)",
		"ActionURLs()",
		"ClearHistory()",
	}
	if got := f.Calls(); !slices.Equal(got, want) {
		t.Errorf("backend calls:\n got %q\nwant %q", got, want)
	}
}

func TestStateVersionFilledFromOptions(t *testing.T) {
	f := newFake()
	_, c := serve(t, f, Options{Version: "2.0.0"})
	st, err := c.State(ctxT(t))
	if err != nil || st.Version != "2.0.0" {
		t.Errorf("State = %+v, %v; want Version 2.0.0", st, err)
	}
}

func TestHistoryDefaultsAndBounds(t *testing.T) {
	f := newFake()
	f.history = make([]cti.Call, 20) // a backend returning more than asked
	s, c := serve(t, f, Options{})
	ctx := ctxT(t)
	h, err := c.History(ctx, 5)
	if err != nil || len(h) != 5 {
		t.Errorf("History(5) returned %d calls, %v", len(h), err)
	}
	resp, err := rawClient(s.Path()).Get("http://x/v1/history")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET /v1/history without n: HTTP %d", resp.StatusCode)
	}
	f.set(func() { f.history = nil })
	h, err = c.History(ctx, 1000)
	if err != nil || h == nil || len(h) != 0 {
		t.Errorf("History of an empty backend = %#v, %v; want an empty list", h, err)
	}
	if got := f.Calls(); !slices.Equal(got, []string{"History(5)", "History(10)", "History(1000)"}) {
		t.Errorf("backend calls %q", got)
	}
}

func TestOptionalCapabilitiesMissing(t *testing.T) {
	f := newFake()
	_, c := serve(t, plainBackend{f}, Options{})
	ctx := ctxT(t)
	if err := c.OperateLine(ctx, cti.OpAccept, 1); !errors.Is(err, cti.ErrNotSupported) {
		t.Errorf("OperateLine without LineOperator: %v, want ErrNotSupported", err)
	}
	if _, err := c.ActionURLs(ctx); !errors.Is(err, cti.ErrNotSupported) {
		t.Errorf("ActionURLs without ActionURLSource: %v, want ErrNotSupported", err)
	}
	if err := c.ClearHistory(ctx); !errors.Is(err, cti.ErrNotSupported) {
		t.Errorf("ClearHistory without CallHistory: %v, want ErrNotSupported", err)
	}
	if _, err := c.History(ctx, 5); !errors.Is(err, cti.ErrNotSupported) {
		t.Errorf("History without CallHistory: %v, want ErrNotSupported", err)
	}
	if err := c.MarkMissedSeen(ctx); !errors.Is(err, cti.ErrNotSupported) {
		t.Errorf("MarkMissedSeen without CallHistory: %v, want ErrNotSupported", err)
	}
	// Line 0 is the plain operation, which every backend has.
	if err := c.OperateLine(ctx, cti.OpAccept, 0); err != nil {
		t.Errorf("OperateLine on line 0: %v", err)
	}
	if got := f.Calls(); !slices.Equal(got, []string{"Operate(acceptcall)"}) {
		t.Errorf("backend calls %q", got)
	}
}
