package phonesim

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
)

func TestSendKeyDialsLikeTheSeed(t *testing.T) {
	p, base := newPhone(t, Options{})
	sendKeys(t, p, base, "LINE2:2:0:3:SEND")
	l := p.Line(2)
	if l.State != cti.StateCalling || l.RemoteNumber != "203" || !l.Active || l.Account != 2 {
		t.Fatalf("line 2 after LINE2:2:0:3:SEND: %+v", l)
	}
	wantState(t, p, 1, cti.StateIdle)
	if got := p.KeysReceived(); !slices.Equal(got, []string{"LINE2", "2", "0", "3", "SEND"}) {
		t.Fatalf("KeysReceived = %q", got)
	}
	if got := p.Dialed(); !slices.Equal(got, []string{"203"}) {
		t.Fatalf("Dialed = %q", got)
	}
}

func TestSendKeyRejectsUnknownTokens(t *testing.T) {
	p, base := newPhone(t, Options{})
	for _, keys := range []string{"", "2:0:X:SEND", "send", "LINE9", "LINE0", "LINE01", "2::3", "12", strings.Repeat("1:", 64) + "1"} {
		mustCall(t, base, "api-send_key", "keys="+keys, `{"response":"error","body":"failed"}`)
	}
	if p.KeysPending() != 0 || len(p.KeysReceived()) != 0 {
		t.Fatalf("keys of failed requests were pressed: %q", p.KeysReceived())
	}
	// %23 and %2A are what clients send for # and *.
	sendKeys(t, p, base, "1:%23:2:%2A:STAR:POUND:MPK1:SOFT3:OK:LOCK")
	if got := p.KeysReceived(); len(got) != 10 || got[1] != "#" || got[3] != "*" {
		t.Fatalf("KeysReceived = %q", got)
	}
}

func TestKeysInOrderAndQueued(t *testing.T) {
	p, base := newPhone(t, Options{})
	sendKeys(t, p, base, "1:2:3")
	sendKeys(t, p, base, "4:5")
	if got := p.KeysReceived(); !slices.Equal(got, []string{"1", "2", "3", "4", "5"}) {
		t.Fatalf("KeysReceived = %q", got)
	}
	if p.Overlaps() != 0 {
		t.Fatalf("Overlaps = %d for requests sent one after the other", p.Overlaps())
	}
}

// With a long KeyInterval only the first key is pressed at once: the rest
// waits, and a second request while they wait is an overlap, queued behind.
func TestKeysPacedAndOverlapCounted(t *testing.T) {
	p, base := newPhone(t, Options{KeyInterval: time.Hour})
	mustCall(t, base, "api-send_key", "keys=1:2:3", `{"response":"success","body":"complete"}`)
	if err := p.Wait(testCtx(t), func() bool { return len(p.KeysReceived()) == 1 }); err != nil {
		t.Fatal(err)
	}
	mustCall(t, base, "api-send_key", "keys=4", `{"response":"success","body":"complete"}`)
	if p.Overlaps() != 1 || p.KeysPending() != 3 || !slices.Equal(p.KeysReceived(), []string{"1"}) {
		t.Fatalf("overlaps=%d pending=%d received=%q", p.Overlaps(), p.KeysPending(), p.KeysReceived())
	}
	// Close must stop a worker that waits for the next key.
	p.Close()
}

func TestKeyStateMachine(t *testing.T) {
	p, base := newPhone(t, Options{})
	step := func(keys string, line int, st cti.LineState) {
		t.Helper()
		sendKeys(t, p, base, keys)
		wantState(t, p, line, st)
	}
	step("5", 1, cti.StateDialing) // first digit takes the phone off hook
	step("ONHOOK", 1, cti.StateIdle)
	step("OFFHOOK", 1, cti.StateDialing)
	step("2:0:3:SEND", 1, cti.StateCalling)
	if p.Line(1).RemoteNumber != "203" {
		t.Fatalf("line 1: %+v", p.Line(1))
	}
	p.RemoteAnswer(1)
	step("HOLD", 1, cti.StateOnHold)
	step("HOLD", 1, cti.StateConnected)
	step("1:2", 1, cti.StateConnected) // DTMF during a call
	if p.DTMF() != "12" {
		t.Fatalf("DTMF = %q", p.DTMF())
	}
	// Another line: the connected call goes on hold.
	step("LINE3", 3, cti.StateDialing)
	wantState(t, p, 1, cti.StateOnHold)
	// Leaving a line that is only dialing abandons it.
	step("LINE1", 3, cti.StateIdle)
	wantState(t, p, 1, cti.StateOnHold)
	step("HOLD", 1, cti.StateConnected)
	step("ONHOOK", 1, cti.StateIdle)

	p.Ring("100", "Reception")
	step("OFFHOOK", 1, cti.StateConnected) // OFFHOOK answers a ringing call
	step("ONHOOK", 1, cti.StateIdle)
	p.Ring("100", "Reception")
	step("ONHOOK", 1, cti.StateIdle) // ONHOOK rejects it
}

// LINEn on a ringing line focuses it without answering, so acceptcall picks it.
func TestLineKeyFocusesRingingLine(t *testing.T) {
	p, base := newPhone(t, Options{})
	p.Ring("100", "first")
	p.Ring("200", "second")
	sendKeys(t, p, base, "LINE2")
	wantState(t, p, 2, cti.StateRinging)
	op(t, base, "acceptcall", opOK)
	wantState(t, p, 2, cti.StateConnected)
	wantState(t, p, 1, cti.StateRinging)
}

func TestAudioKeys(t *testing.T) {
	p, base := newPhone(t, Options{})
	sendKeys(t, p, base, "MUTE") // idle: DND
	if a := p.Audio(); !a.DND || a.Muted {
		t.Fatalf("idle MUTE: %+v", a)
	}
	p.Ring("1", "")
	sendKeys(t, p, base, "OFFHOOK:MUTE:VUP:VUP:VUP:VUP:VUP:SPEAKER:HEADSET")
	if a := p.Audio(); !a.Muted || a.Volume != maxVolume || !a.Speaker || !a.Headset {
		t.Fatalf("audio: %+v", a)
	}
	sendKeys(t, p, base, strings.Repeat("VDOWN:", 9)+"MUTE")
	if a := p.Audio(); a.Muted || a.Volume != 0 {
		t.Fatalf("audio: %+v", a)
	}
}

func TestKeysDroppedByReboot(t *testing.T) {
	p, base := newPhone(t, Options{KeyInterval: time.Hour, RebootDowntime: time.Hour})
	mustCall(t, base, "api-send_key", "keys=1:2:3", `{"response":"success","body":"complete"}`)
	if err := p.Wait(testCtx(t), func() bool { return len(p.KeysReceived()) == 1 }); err != nil {
		t.Fatal(err)
	}
	p.Reboot()
	if p.KeysPending() != 0 {
		t.Fatalf("%d keys survive a reboot", p.KeysPending())
	}
	wantState(t, p, 1, cti.StateIdle)
}
