package phonesim

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
)

func TestIncomingCallOperations(t *testing.T) {
	p, base := newPhone(t, Options{})
	op(t, base, "acceptcall", opFail)
	op(t, base, "rejectcall", opFail)
	op(t, base, "holdcall", opFail)
	op(t, base, "endcall", opFail)
	op(t, base, "cancel", opFail)
	mustCall(t, base, "api-phone_operation", "cmd=dance", `{"response":"error","body":"failed"}`)
	mustCall(t, base, "api-phone_operation", "", `{"response":"error","body":"failed"}`)

	p.Ring("203", "Виталик")
	wantState(t, p, 1, cti.StateRinging)
	op(t, base, "endcall", opFail) // endcall does not reject
	op(t, base, "holdcall", opFail)
	op(t, base, "acceptcall", opOK)
	wantState(t, p, 1, cti.StateConnected)
	op(t, base, "holdcall", opOK)
	wantState(t, p, 1, cti.StateOnHold)
	op(t, base, "holdcall", opOK)
	wantState(t, p, 1, cti.StateConnected)
	op(t, base, "endcall", opOK)
	wantState(t, p, 1, cti.StateIdle)
	if l := p.Line(1); l.RemoteName != "" || l.RemoteNumber != "" || l.Active {
		t.Fatalf("idle line keeps call data: %+v", l)
	}

	p.Ring("203", "")
	op(t, base, "rejectcall", opOK)
	wantState(t, p, 1, cti.StateIdle)

	p.Ring("203", "")
	op(t, base, "cancel", opOK) // rejects a ringing call
	wantState(t, p, 1, cti.StateIdle)

	p.Ring("203", "")
	op(t, base, "acceptcall", opOK)
	op(t, base, "cancel", opOK) // ends a connected one
	wantState(t, p, 1, cti.StateIdle)
}

func TestCallWaiting(t *testing.T) {
	p, base := newPhone(t, Options{})
	p.Ring("100", "Reception")
	op(t, base, "acceptcall", opOK)
	p.Ring("200", "Acme Corp")
	wantState(t, p, 2, cti.StateRinging)
	if p.Selected() != 1 {
		t.Fatalf("a second call stole the focus: selected %d", p.Selected())
	}
	op(t, base, "acceptcall", opOK)
	wantState(t, p, 1, cti.StateOnHold)
	wantState(t, p, 2, cti.StateConnected)
	if !p.Line(2).Active || p.Line(1).Active {
		t.Fatalf("active flags: %+v", p.Lines()[:2])
	}
	op(t, base, "endcall", opOK)
	// The focus moves to the held call, which holdcall resumes.
	if p.Selected() != 1 {
		t.Fatalf("selected %d after ending line 2", p.Selected())
	}
	op(t, base, "holdcall", opOK)
	wantState(t, p, 1, cti.StateConnected)
}

func TestOutgoingCallLifecycle(t *testing.T) {
	p, base := newPhone(t, Options{})
	mustCall(t, base, "api-make_call", "phonenumber=203", opOK)
	if err := p.RemoteHangup(2); !errors.Is(err, ErrWrongState) {
		t.Fatalf("RemoteHangup on an idle line: %v", err)
	}
	if err := p.RemoteAnswer(9); !errors.Is(err, ErrNoSuchLine) {
		t.Fatalf("RemoteAnswer(9): %v", err)
	}
	if err := p.RemoteAnswer(1); err != nil {
		t.Fatal(err)
	}
	wantState(t, p, 1, cti.StateConnected)
	if err := p.RemoteAnswer(1); !errors.Is(err, ErrWrongState) {
		t.Fatalf("second RemoteAnswer: %v", err)
	}
	op(t, base, "holdcall", opOK)
	if err := p.RemoteHangup(1); err != nil { // far end hangs up a held call
		t.Fatal(err)
	}
	wantState(t, p, 1, cti.StateIdle)

	mustCall(t, base, "api-make_call", "phonenumber=204", opOK)
	if err := p.RemoteHangup(1); err != nil { // nobody answers
		t.Fatal(err)
	}
	wantState(t, p, 1, cti.StateIdle)

	mustCall(t, base, "api-make_call", "phonenumber=205", opOK)
	op(t, base, "endcall", opOK) // the user gives up
	wantState(t, p, 1, cti.StateIdle)
}

func TestMissedCall(t *testing.T) {
	p, _ := newPhone(t, Options{})
	p.Ring("203", "Виталик")
	if err := p.RemoteHangup(1); err != nil {
		t.Fatal(err)
	}
	wantState(t, p, 1, cti.StateIdle)
	if err := p.RemoteHangup(1); !errors.Is(err, ErrWrongState) {
		t.Fatalf("hangup of an idle line: %v", err)
	}
}

func TestAutoAnswer(t *testing.T) {
	p, base := newPhone(t, Options{AutoAnswerAfter: time.Millisecond})
	mustCall(t, base, "api-make_call", "phonenumber=203", opOK)
	awaitState(t, p, 1, cti.StateConnected)
}

func TestFailedCalls(t *testing.T) {
	p, base := newPhone(t, Options{FailedTimeout: time.Hour})
	mustCall(t, base, "api-make_call", "phonenumber=5551000", opOK)
	wantState(t, p, 1, cti.StateFailed)
	if p.Line(1).RemoteNumber != "5551000" {
		t.Fatalf("failed line: %+v", p.Line(1))
	}
	op(t, base, "endcall", opOK)
	wantState(t, p, 1, cti.StateIdle)

	sendKeys(t, p, base, "SEND") // nothing to dial
	wantState(t, p, 1, cti.StateFailed)
	sendKeys(t, p, base, "ONHOOK")
	wantState(t, p, 1, cti.StateIdle)

	sendKeys(t, p, base, "1:0:0:0:SEND")
	wantState(t, p, 1, cti.StateFailed)
}

func TestFailedCallClears(t *testing.T) {
	p, base := newPhone(t, Options{FailedTimeout: time.Millisecond})
	mustCall(t, base, "api-make_call", "phonenumber=000", opOK)
	awaitState(t, p, 1, cti.StateIdle)
}

func TestRingErrors(t *testing.T) {
	p, _ := newPhone(t, Options{Lines: 2})
	for _, c := range []struct{ number, name string }{{"1\n2", ""}, {"1", "a\x00b"}, {strings.Repeat("1", 65), ""}, {"\xff", ""}} {
		if _, err := p.Ring(c.number, c.name); !errors.Is(err, ErrBadArgument) {
			t.Errorf("Ring(%q, %q): %v", c.number, c.name, err)
		}
	}
	for want := 1; want <= 2; want++ {
		if n, err := p.Ring("", ""); err != nil || n != want {
			t.Fatalf("Ring = %d, %v; want %d", n, err, want)
		}
	}
	if _, err := p.Ring("3", ""); !errors.Is(err, ErrNoIdleLine) {
		t.Fatalf("Ring on a full phone: %v", err)
	}
	if l := p.Line(0); l.Line != 0 || l.State != "" {
		t.Fatalf("Line(0) = %+v", l)
	}
}

func TestWaitStateTimesOut(t *testing.T) {
	p, _ := newPhone(t, Options{})
	ctx, cancel := contextWithTimeout(time.Millisecond)
	defer cancel()
	err := p.WaitState(ctx, 1, cti.StateConnected)
	if err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("WaitState: %v", err)
	}
	if err := p.WaitState(ctx, 0, cti.StateIdle); !errors.Is(err, ErrNoSuchLine) {
		t.Fatalf("WaitState(0): %v", err)
	}
}

func TestSubscribe(t *testing.T) {
	p, _ := newPhone(t, Options{})
	ch, cancel := p.Subscribe()
	p.Ring("1", "")
	select {
	case <-ch:
	case <-testCtx(t).Done():
		t.Fatal("no change notification after Ring")
	}
	cancel()
	if _, ok := <-ch; ok {
		t.Fatal("channel still open after cancel")
	}
	cancel() // twice is harmless

	ch, _ = p.Subscribe()
	p.Close()
	for range ch {
	}
}
