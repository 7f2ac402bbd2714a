package phonesim

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
)

func fastDemo(t *testing.T, p *Phone, o DemoOptions) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		RunDemoWith(ctx, p, o)
	}()
	t.Cleanup(func() {
		cancel()
		<-done // RunDemo returns when ctx is done
	})
}

func TestDemoCallerGivesUp(t *testing.T) {
	rcv := newRawReceiver(t)
	p, _ := newPhone(t, Options{ActionURLs: map[string]string{"missed": rcv.addr() + "/missed?n=$remote"}})
	fastDemo(t, p, DemoOptions{Every: time.Hour, GiveUpAfter: time.Millisecond})
	n, err := p.Ring("203", "Виталик")
	if err != nil {
		t.Fatal(err)
	}
	awaitState(t, p, n, cti.StateIdle)
	if line, _ := rcv.next(t); line != "GET /missed?n=203 HTTP/1.1" {
		t.Fatalf("Action URL %q, want a missed call", line)
	}
}

func TestDemoRingsAndHangsUpAnsweredCalls(t *testing.T) {
	p, base := newPhone(t, Options{})
	fastDemo(t, p, DemoOptions{Every: 5 * time.Millisecond, GiveUpAfter: time.Hour,
		HangupMin: time.Millisecond, HangupMax: 2 * time.Millisecond})
	ctx := testCtx(t)
	if err := p.WaitState(ctx, 1, cti.StateRinging); err != nil {
		t.Fatal(err)
	}
	caller := DemoCaller{Name: p.Line(1).RemoteName, Number: p.Line(1).RemoteNumber}
	if !slices.Contains(DemoCallers(), caller) {
		t.Fatalf("unknown caller %+v", caller)
	}
	op(t, base, "acceptcall", opOK)
	// The far end hangs up; a new call may already ring on the freed line.
	if err := p.Wait(ctx, func() bool { return p.Line(1).State != cti.StateConnected }); err != nil {
		t.Fatal(err)
	}
	if st := p.Line(1).State; st != cti.StateIdle && st != cti.StateRinging {
		t.Fatalf("line 1 is %s after the far end hung up", st)
	}
	// Calls keep coming, with varied callers.
	if err := p.WaitState(ctx, 3, cti.StateRinging); err != nil {
		t.Fatal(err)
	}
	if p.Line(2).RemoteNumber == p.Line(3).RemoteNumber {
		t.Fatalf("the same caller twice in a row: %+v", p.Lines()[1:3])
	}
}

func TestDemoAnswersOutgoingCalls(t *testing.T) {
	p, base := newPhone(t, Options{})
	fastDemo(t, p, DemoOptions{Every: time.Hour, AnswerAfter: time.Millisecond,
		HangupMin: time.Hour, HangupMax: time.Hour})
	mustCall(t, base, "api-make_call", "phonenumber=5550100", opOK)
	awaitState(t, p, 1, cti.StateConnected)
}

func TestRunDemoStopsWithContext(t *testing.T) {
	p, _ := newPhone(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		RunDemo(ctx, p, time.Millisecond)
		close(done)
	}()
	awaitState(t, p, 1, cti.StateRinging)
	cancel()
	<-done
}

func TestRunDemoStopsWhenPhoneCloses(t *testing.T) {
	p := New(Options{Passcode: testPass})
	done := make(chan struct{})
	go func() {
		RunDemo(context.Background(), p, time.Hour)
		close(done)
	}()
	p.Close()
	<-done
}

func TestJitter(t *testing.T) {
	for range 1000 {
		if j := jitter(time.Second); j < 700*time.Millisecond || j > 1300*time.Millisecond {
			t.Fatalf("jitter(1s) = %v", j)
		}
	}
	if jitter(0) != 0 || jitter(1) != 1 {
		t.Fatal("jitter of tiny durations")
	}
}
