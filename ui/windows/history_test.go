package windows

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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

// openSampleHistory opens the history window in English on a fake tray
// process that has the sampleCalls, and waits until it lists them.
func openSampleHistory(t *testing.T) (*HistoryWindow, *fakeAPI, *uiQueue) {
	t.Helper()
	f := newFakeAPI()
	f.history = sampleCalls()
	h, q := openWindow(t, f, "en", NewHistoryWindow)
	q.waitFor(t, "the calls", func() bool { return len(h.Calls()) == 3 })
	return h, f, q
}

func TestHistoryListsAndCallsBack(t *testing.T) {
	h, f, q := openSampleHistory(t)
	q.waitFor(t, "missed calls marked seen", func() bool { return f.count("MarkMissedSeen") == 1 })
	if h.Empty.Visible() {
		t.Fatal("the empty message covers the list")
	}
	if !h.CallBack.Disabled() {
		t.Fatal("Call back enabled with nothing selected")
	}

	now := time.Date(2026, 3, 2, 18, 0, 0, 0, time.Local)
	title, detail, when, missed := h.env.callText(h.Calls()[0], now)
	if title != "Виталик" || !missed || when != "today 14:05" || !strings.Contains(detail, "missed") || !strings.Contains(detail, "203") {
		t.Fatalf("missed call reads %q / %q / %q / %v", title, detail, when, missed)
	}
	_, detail, _, missed = h.env.callText(h.Calls()[1], now)
	if missed || detail != "1:15" {
		t.Fatalf("answered call reads %q", detail)
	}

	// What the list draws: one line per call, only the missed one marked red.
	h.now = func() time.Time { return now }
	row := newHistoryRow(h)
	row.set(0, h.Calls()[0])
	if got := row.Text(); got != "● Виталик  203 · missed | today 14:05" {
		t.Fatalf("missed row reads %q", got)
	}
	if c := row.text.Segments[0].(*widget.TextSegment).Style.ColorName; c != theme.ColorNameError {
		t.Errorf("missed mark colour %q", c)
	}
	if c := row.text.Segments[1].(*widget.TextSegment).Style.ColorName; c != "" {
		t.Errorf("the caller's name is coloured %q: only the mark should be", c)
	}
	other := newHistoryRow(h)
	other.set(1, h.Calls()[1])
	if got := other.Text(); got != "↗ +74951234567  1:15 | today 13:05" {
		t.Fatalf("outgoing row reads %q", got)
	}
	if c := other.text.Segments[0].(*widget.TextSegment).Style.ColorName; c == theme.ColorNameError {
		t.Error("an answered call is marked red")
	}
	// Compact: a row is one line high.
	if hgt, line := row.MinSize().Height, widget.NewLabel("X").MinSize().Height; hgt > line {
		t.Errorf("a row is %.0f high, a line of text %.0f", hgt, line)
	}

	h.List.Select(1)
	test.Tap(h.CallBack)
	// Done when the window says so, not when the API saw the request: the
	// window takes a second dial only after the first one's reply.
	q.waitFor(t, "the dial", func() bool { return f.count("Dial") == 1 && !h.CallBack.Disabled() })
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
	h, q := openWindow(t, f, "ru", NewHistoryWindow)
	q.waitFor(t, "the empty list", func() bool { return h.Empty.Text == "Вызовов пока нет." })

	f.mu.Lock()
	f.history = sampleCalls()[:1]
	f.mu.Unlock()
	f.updates <- localapi.Update{Event: &cti.Event{Kind: cti.EventEnded, Line: 2, Outcome: cti.Missed}}
	q.waitFor(t, "the new call", func() bool { return len(h.Calls()) == 1 })
	if h.Empty.Visible() {
		t.Fatal("empty message still shown")
	}
	if _, detail, _, _ := h.env.callText(h.Calls()[0], time.Now()); !strings.Contains(detail, "пропущен") {
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

func TestHistoryRelativeDates(t *testing.T) {
	loc := time.FixedZone("MSK", 3*3600)
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, loc)
	for _, c := range []struct {
		at     time.Time
		en, ru string
	}{
		{time.Date(2026, 3, 10, 8, 5, 0, 0, loc), "today 08:05", "сегодня 08:05"},
		{time.Date(2026, 3, 9, 23, 59, 0, 0, loc), "yesterday 23:59", "вчера 23:59"},
		{time.Date(2026, 3, 2, 14, 5, 0, 0, loc), "Mar 2, 14:05", "02.03, 14:05"},
		{time.Date(2025, 12, 31, 14, 5, 0, 0, loc), "Dec 31, 2025", "31.12.2025"},
		// Stored in UTC, shown in the local day: 22:30 UTC on the 9th is the 10th in Moscow.
		{time.Date(2026, 3, 9, 22, 30, 0, 0, time.UTC), "today 01:30", "сегодня 01:30"},
	} {
		for lang, want := range map[string]string{"en": c.en, "ru": c.ru} {
			env, _ := newEnv(t, nil, lang)
			env.fill()
			if got := env.relativeTime(c.at, now); got != want {
				t.Errorf("%s %v: %q, want %q", lang, c.at, got, want)
			}
		}
	}
}

func TestHistorySearch(t *testing.T) {
	h, _, _ := openSampleHistory(t)
	for text, want := range map[string][]string{
		"вит":          {"203"},
		"RECEP":        {"100"},
		"495 123":      {"+74951234567"},
		"(495) 123-45": {"+74951234567"},
		"":             {"203", "+74951234567", "100"},
	} {
		test.Type(h.Search, "x") // any text first, so that setting the search is a change
		h.Search.SetText(text)
		var got []string
		for _, c := range h.Calls() {
			got = append(got, c.Number)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("search %q lists %v, want %v", text, got, want)
		}
	}
	h.Search.SetText("nobody")
	if !h.Empty.Visible() || h.Empty.Text != "No call matches “nobody”." {
		t.Errorf("no match shows %q (visible %v)", h.Empty.Text, h.Empty.Visible())
	}
}

func TestHistoryClearAsksFirst(t *testing.T) {
	h, f, q := openSampleHistory(t)
	if h.confirm.Visible() {
		t.Fatal("the confirmation is shown before anything was asked")
	}
	test.Tap(h.Clear)
	if !h.confirm.Visible() || h.ClearAsk.Text != "Delete all 3 calls from the history? This cannot be undone." {
		t.Fatalf("after Clear: confirmation visible %v, %q", h.confirm.Visible(), h.ClearAsk.Text)
	}
	test.Tap(h.ClearCancel)
	q.drain()
	if h.confirm.Visible() || f.count("ClearHistory") != 0 || len(h.Calls()) != 3 {
		t.Fatalf("cancel: confirmation %v, %d clears, %d calls", h.confirm.Visible(), f.count("ClearHistory"), len(h.Calls()))
	}
	test.Tap(h.Clear)
	test.Tap(h.ClearConfirm)
	q.waitFor(t, "the cleared list", func() bool { return len(h.Calls()) == 0 && h.Empty.Visible() })
	if f.count("ClearHistory") != 1 || h.Info.Text != "The call history is cleared." || !h.Clear.Disabled() {
		t.Errorf("after the clear: %d clears, info %q, Clear disabled %v", f.count("ClearHistory"), h.Info.Text, h.Clear.Disabled())
	}
}

func TestHistoryFollowsAClearElsewhere(t *testing.T) {
	h, f, q := openSampleHistory(t)
	f.mu.Lock()
	f.history = nil
	st := f.state
	f.mu.Unlock()
	st.HistoryCleared = 1
	f.push(st)
	q.waitFor(t, "the list emptied", func() bool { return len(h.Calls()) == 0 && h.Empty.Text == "No calls yet." })
}
