package cti_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
)

const clSimPasscode = "s3cret-Pass"

// newClSimClient serves a simulated phone on a real listener (a reboot then
// refuses connections like a real phone) and returns a client for it.
func newClSimClient(t *testing.T, opts phonesim.Options, mod func(*cti.Config)) (*phonesim.Phone, *cti.Client) {
	t.Helper()
	if opts.Passcode == "" {
		opts.Passcode = clSimPasscode
	}
	if opts.KeyInterval == 0 {
		opts.KeyInterval = 2 * time.Millisecond
	}
	p := phonesim.New(opts)
	srv, err := phonesim.Listen("127.0.0.1:0", p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Bounded, so that a stuck shutdown fails here instead of timing out the package.
		done := make(chan struct{})
		go func() { srv.Close(); p.Close(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("the simulated phone did not shut down within 10 s")
		}
	})
	cfg := cti.Config{Address: srv.URL(), Passcode: clSimPasscode, KeyInterval: 4 * opts.KeyInterval, Timeout: 2 * time.Second}
	if mod != nil {
		mod(&cfg)
	}
	c, err := cti.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return p, c
}

func clSimCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestSimStatusAndAccounts(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{}, nil)
	ctx := clSimCtx(t)
	lines, err := c.LineStatus(ctx)
	if err != nil || len(lines) != 8 {
		t.Fatalf("LineStatus = %d lines, %v", len(lines), err)
	}
	if st, err := c.PhoneStatus(ctx); err != nil || st != cti.PhoneAvailable {
		t.Errorf("PhoneStatus = %q, %v", st, err)
	}
	n, err := p.Ring("203", "Виталик")
	if err != nil {
		t.Fatal(err)
	}
	lines, err = c.LineStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := lines[n-1]; got.State != cti.StateRinging || got.RemoteNumber != "203" || got.RemoteName != "Виталик" {
		t.Errorf("ringing line = %+v", got)
	}
	if !slices.Equal(lines, p.Lines()) {
		t.Errorf("client sees %+v, phone has %+v", lines, p.Lines())
	}
	if st, err := c.PhoneStatus(ctx); err != nil || st != cti.PhoneRinging {
		t.Errorf("PhoneStatus = %q, %v", st, err)
	}
	accts, err := c.Accounts(ctx)
	if err != nil || !slices.Equal(accts, phonesim.DefaultAccounts()) {
		t.Errorf("Accounts = %+v, %v; want %+v", accts, err, phonesim.DefaultAccounts())
	}
	// Incoming "+" numbers stay as they are.
	n2, _ := p.Ring("+74951234567", "Анна Смирнова")
	lines, _ = c.LineStatus(ctx)
	if lines[n2-1].RemoteNumber != "+74951234567" {
		t.Errorf("line %d = %+v", n2, lines[n2-1])
	}
}

func TestSimOperations(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{}, nil)
	ctx := clSimCtx(t)
	var pe *cti.PhoneError
	if err := c.Operate(ctx, cti.OpAccept); !errors.As(err, &pe) {
		t.Errorf("accept with nothing ringing: %v, want *PhoneError", err)
	}
	n, _ := p.Ring("100", "Reception")
	steps := []struct {
		op   cti.Operation
		want cti.LineState
	}{
		{cti.OpAccept, cti.StateConnected},
		{cti.OpHold, cti.StateOnHold},
		{cti.OpHold, cti.StateConnected},
		{cti.OpEnd, cti.StateIdle},
	}
	for _, s := range steps {
		if err := c.Operate(ctx, s.op); err != nil {
			t.Fatalf("%s: %v", s.op, err)
		}
		if err := p.WaitState(ctx, n, s.want); err != nil {
			t.Fatalf("after %s: line %+v, want %s", s.op, p.Line(n), s.want)
		}
	}
	n, _ = p.Ring("101", "")
	if err := c.Operate(ctx, cti.OpReject); err != nil {
		t.Fatal(err)
	}
	if err := p.WaitState(ctx, n, cti.StateIdle); err != nil {
		t.Fatal(err)
	}
	n, _ = p.Ring("102", "")
	if err := c.Operate(ctx, cti.OpCancel); err != nil {
		t.Fatal(err)
	}
	if err := p.WaitState(ctx, n, cti.StateIdle); err != nil {
		t.Fatal(err)
	}
}

func TestSimSendKeysNeverOverlap(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{}, nil)
	ctx := clSimCtx(t)
	if err := c.SendKeys(ctx, "LINE2:2:0:3:SEND"); err != nil {
		t.Fatal(err)
	}
	if err := c.SendKeys(ctx, "VUP", "vup", "mute"); err != nil {
		t.Fatal(err)
	}
	if err := p.WaitKeysDone(ctx); err != nil {
		t.Fatal(err)
	}
	want := []string{"LINE2", "2", "0", "3", "SEND", "VUP", "VUP", "MUTE"}
	if got := p.KeysReceived(); !slices.Equal(got, want) {
		t.Errorf("keys %q, want %q", got, want)
	}
	if p.Overlaps() != 0 {
		t.Errorf("%d key sequences overlapped", p.Overlaps())
	}
	if line := p.Line(2); line.State != cti.StateCalling || line.RemoteNumber != "203" {
		t.Errorf("line 2 = %+v", line)
	}
	if a := p.Audio(); !a.Muted {
		t.Errorf("audio %+v", a)
	}
	// An Operate right after keys waits for them too.
	if err := c.SendKeys(ctx, "1:2"); err != nil {
		t.Fatal(err)
	}
	if err := c.Operate(ctx, cti.OpEnd); err != nil {
		t.Fatal(err)
	}
	if p.KeysPending() != 0 {
		t.Errorf("operation sent with %d keys still pending", p.KeysPending())
	}
}

func TestSimMakeCallForms(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{}, nil)
	ctx := clSimCtx(t)
	if err := c.MakeCall(ctx, cti.MakeCallGRP, mustDialable(t, "+74951234567"), 0); err != nil {
		t.Fatal(err)
	}
	if err := c.MakeCall(ctx, cti.MakeCallGXP, mustDialable(t, "*72#"), 2); err != nil {
		t.Fatal(err)
	}
	if got := p.Dialed(); !slices.Equal(got, []string{"+74951234567", "*72#"}) {
		t.Errorf("dialed %q", got)
	}
	reqs := p.Requests()
	if q := reqs[len(reqs)-1].Query; !strings.Contains(q, "account=1") || !strings.Contains(q, "password=") || strings.Contains(q, clSimPasscode) {
		t.Errorf("GXP request as logged by the phone: %q", q)
	}
	p.SetMakeCall(false)
	if err := c.MakeCall(ctx, cti.MakeCallGRP, mustDialable(t, "203"), 0); !errors.Is(err, cti.ErrNotSupported) || !errors.Is(err, cti.ErrPhone) {
		t.Errorf("disabled: %v", err)
	}
}

func TestSimDial(t *testing.T) {
	ctx := clSimCtx(t)
	rules := cti.NumberRules{PlusReplacement: "8"}

	p, c := newClSimClient(t, phonesim.Options{}, nil)
	num, err := cti.NumberRules{}.Normalize("+7 (495) 123-45-67")
	if err != nil {
		t.Fatal(err)
	}
	if res, err := c.Dial(ctx, num); err != nil || res.Method != cti.DialMakeCall {
		t.Fatalf("Dial = %+v, %v", res, err)
	}
	if got := p.Dialed(); !slices.Equal(got, []string{"+74951234567"}) {
		t.Errorf("dialed %q", got)
	}

	// Click-To-Dial off: keys, learned for the next dial.
	p2, c2 := newClSimClient(t, phonesim.Options{DisableMakeCall: true}, nil)
	if _, err := c2.Dial(ctx, num); !errors.Is(err, cti.ErrInvalidNumber) || !strings.Contains(err.Error(), "+ replacement") {
		t.Errorf("+ by keys: %v", err)
	}
	num, _ = rules.Normalize("+7 (495) 123-45-67")
	res, err := c2.Dial(ctx, num)
	if err != nil || res.Method != cti.DialKeys {
		t.Fatalf("Dial = %+v, %v", res, err)
	}
	if err := p2.WaitKeysDone(ctx); err != nil {
		t.Fatal(err)
	}
	if got := p2.Dialed(); !slices.Equal(got, []string{"874951234567"}) {
		t.Errorf("dialed %q", got)
	}
	makeCalls := p2.RequestCount("api-make_call")
	if _, err := c2.Dial(ctx, mustDialable(t, "203")); err != nil {
		t.Fatal(err)
	}
	if p2.RequestCount("api-make_call") != makeCalls {
		t.Error("the second Dial tried api-make_call again")
	}
	if c2.DialMethodInUse() != cti.DialKeys {
		t.Errorf("method %q", c2.DialMethodInUse())
	}
}

func TestSimWrongPasscodeNotRetried(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{}, func(cfg *cti.Config) { cfg.Passcode = "wrong-passcode" })
	ctx := clSimCtx(t)
	_, err := c.LineStatus(ctx)
	if !errors.Is(err, cti.ErrUnauthorized) || strings.Contains(err.Error(), "wrong-passcode") {
		t.Fatalf("err = %v", err)
	}
	if _, err := c.Dial(ctx, mustDialable(t, "203")); !errors.Is(err, cti.ErrUnauthorized) {
		t.Errorf("Dial: %v", err)
	}
	if got := p.FailedLogins(); got != 2 {
		t.Errorf("phone saw %d failed logins, want 2 (one per call, no retries)", got)
	}
	if p.RequestCount("api-send_key") != 0 {
		t.Error("an unauthorized make_call fell back to keys")
	}
	// HTTP 200 variant of the rejection.
	p2, c2 := newClSimClient(t, phonesim.Options{UnauthorizedOK: true}, func(cfg *cti.Config) { cfg.Passcode = "nope-nope" })
	if _, err := c2.PhoneStatus(ctx); !errors.Is(err, cti.ErrUnauthorized) || p2.FailedLogins() != 1 {
		t.Errorf("200 unauthorized: %v", err)
	}
}

func TestSimRebootAndReset(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{RebootDowntime: time.Hour}, nil)
	ctx := clSimCtx(t)
	if err := c.Reboot(ctx); err != nil {
		t.Fatal(err)
	}
	if err := p.Wait(ctx, p.Rebooting); err != nil {
		t.Fatal(err)
	}
	_, err := c.LineStatus(ctx)
	if !errors.Is(err, cti.ErrUnreachable) || strings.Contains(err.Error(), clSimPasscode) {
		t.Errorf("while rebooting: %v", err)
	}
	p.BootNow()
	if err := p.Wait(ctx, func() bool { return !p.Rebooting() }); err != nil {
		t.Fatal(err)
	}
	// The listener comes back on the same address; allow it a moment.
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err = c.LineStatus(ctx); err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("after reboot: %v", err)
	}
	if err := c.FactoryReset(ctx); err != nil {
		t.Fatal(err)
	}
	if n := p.RequestCount("api-sys_operation"); n != 2 {
		t.Errorf("%d sys_operation requests", n)
	}
}

// mustDialable is s as Normalize makes it (without rules), which must be s.
func mustDialable(t testing.TB, s string) cti.Dialable {
	t.Helper()
	n, err := cti.NumberRules{}.Normalize(s)
	if err != nil || n.String() != s {
		t.Fatalf("Normalize(%q) = %q, %v", s, n, err)
	}
	return n
}
