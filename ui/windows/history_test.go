package windows

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
)

func sampleCalls() []cti.Call {
	at := time.Date(2026, 3, 2, 14, 5, 0, 0, time.Local)
	return []cti.Call{
		{Direction: cti.Incoming, Number: "203", Name: "Виталик", Line: 2, Start: at, Outcome: cti.Missed},
		{Direction: cti.Outgoing, Number: "+74951234567", Line: 1, Start: at.Add(-time.Hour), Duration: 75 * time.Second, Outcome: cti.Answered},
		{Direction: cti.Incoming, Number: "100", Name: "Reception", Line: 1, Start: at.Add(-2 * time.Hour), Outcome: cti.Rejected},
	}
}

func TestHistoryListsAndCallsBack(t *testing.T) {
	f := newFakeAPI()
	f.history = sampleCalls()
	env, q := newEnv(t, f, "en")
	h := NewHistoryWindow(env)
	closeAtEnd(t, q, h)
	q.waitFor(t, "the calls", func() bool { return len(h.Calls()) == 3 })
	q.waitFor(t, "missed calls marked seen", func() bool { return f.count("MarkMissedSeen") == 1 })
	if h.Empty.Visible() {
		t.Fatal("the empty message covers the list")
	}
	if !h.CallBack.Disabled() {
		t.Fatal("Call back enabled with nothing selected")
	}

	title, detail, missed := h.env.callText(h.Calls()[0])
	if title != "Виталик" || !missed || !strings.Contains(detail, "2026-03-02 14:05") || !strings.Contains(detail, "missed") || !strings.Contains(detail, "203") {
		t.Fatalf("missed call reads %q / %q / %v", title, detail, missed)
	}
	_, detail, missed = h.env.callText(h.Calls()[1])
	if missed || !strings.Contains(detail, "outgoing") || !strings.Contains(detail, "answered 1:15") {
		t.Fatalf("answered call reads %q", detail)
	}

	// What the list draws for the first row.
	row := newHistoryRow(h)
	row.set(0, h.Calls()[0])
	if !strings.Contains(row.title.Text, "Виталик") || !strings.HasPrefix(row.title.Text, "●") {
		t.Fatalf("row title %q", row.title.Text)
	}

	h.List.Select(1)
	test.Tap(h.CallBack)
	q.waitFor(t, "the dial", func() bool { return f.count("Dial") == 1 })
	row.set(2, h.Calls()[2])
	test.DoubleTap(row)
	q.waitFor(t, "the second dial", func() bool { return f.count("Dial") == 2 })
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.dials[0] != "+74951234567" || f.dials[1] != "100" {
		t.Fatalf("dialed %q", f.dials)
	}
}

func TestHistoryReloadsWhenACallEnds(t *testing.T) {
	f := newFakeAPI()
	env, q := newEnv(t, f, "ru")
	h := NewHistoryWindow(env)
	closeAtEnd(t, q, h)
	q.waitFor(t, "the empty list", func() bool { return h.Empty.Text == "Вызовов пока нет." })

	f.mu.Lock()
	f.history = sampleCalls()[:1]
	f.mu.Unlock()
	f.updates <- localapi.Update{Event: &cti.Event{Kind: cti.EventEnded, Line: 2, Outcome: cti.Missed}}
	q.waitFor(t, "the new call", func() bool { return len(h.Calls()) == 1 })
	if h.Empty.Visible() {
		t.Fatal("empty message still shown")
	}
	if _, detail, _ := h.env.callText(h.Calls()[0]); !strings.Contains(detail, "пропущен") {
		t.Fatalf("detail %q", detail)
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "0:00", 59 * time.Second: "0:59", 75 * time.Second: "1:15",
		3725 * time.Second: "1:02:05", -time.Second: "0:00"} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
