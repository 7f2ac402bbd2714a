package cti

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)

func call(i int, o Outcome) Call {
	return Call{Direction: Incoming, Number: fmt.Sprintf("%d", 100+i), Name: "Caller " + fmt.Sprint(i), Line: 1,
		Account: 0, Start: t0.Add(time.Duration(i) * time.Minute), Duration: time.Duration(i) * time.Second, Outcome: o}
}

func openOK(t *testing.T, path string, max int) *History {
	t.Helper()
	h, err := OpenHistory(path, max)
	if err != nil {
		t.Fatalf("OpenHistory: %v", err)
	}
	return h
}

// newHistory opens a history file of its own in a fresh directory, keeping
// at most max calls; it returns the file's path too.
func newHistory(t *testing.T, max int) (*History, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "history.jsonl")
	return openOK(t, path, max), path
}

// appendOK appends the calls in order and fails the test at an error.
func appendOK(t *testing.T, h *History, calls ...Call) {
	t.Helper()
	for _, c := range calls {
		if err := h.Append(c); err != nil {
			t.Fatalf("Append(%s): %v", c.Number, err)
		}
	}
}

// wantPerm checks the permission bits of path, where the OS has them.
func wantPerm(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	if runtime.GOOS == "windows" {
		return
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != want {
		t.Errorf("%s: mode %v, want %v", filepath.Base(path), st.Mode().Perm(), want)
	}
}

func numbers(calls []Call) string {
	var s []string
	for _, c := range calls {
		s = append(s, c.Number)
	}
	return strings.Join(s, ",")
}

func fileLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func TestHistoryAppendRecentReopen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "gxptray")
	path := filepath.Join(dir, "history.jsonl")
	h := openOK(t, path, 0)
	if h.Path() != path {
		t.Errorf("Path %q", h.Path())
	}
	if got := h.Recent(10); len(got) != 0 {
		t.Fatalf("new history has %d calls", len(got))
	}
	in := []Call{call(1, Answered), call(2, Missed), call(3, Rejected)}
	in[1].Name = "Виталик"
	in[2].Direction, in[2].Account = Outgoing, NoAccount
	appendOK(t, h, in...)
	if got := numbers(h.Recent(2)); got != "103,102" {
		t.Errorf("Recent(2) = %s, want newest first 103,102", got)
	}
	h2 := openOK(t, path, 0)
	got := h2.Recent(0)
	if len(got) != 3 {
		t.Fatalf("reopened: %d calls", len(got))
	}
	for i, c := range got {
		w := in[2-i]
		if !c.Start.Equal(w.Start) || c.Name != w.Name || c.Number != w.Number || c.Duration != w.Duration ||
			c.Outcome != w.Outcome || c.Direction != w.Direction || c.Account != w.Account || c.Line != w.Line {
			t.Errorf("call %d: got %+v, want %+v", i, c, w)
		}
	}
	wantPerm(t, path, 0o600)
	wantPerm(t, dir, 0o700)
}

func TestHistoryTruncatedLastLine(t *testing.T) {
	h, path := newHistory(t, 0)
	appendOK(t, h, call(1, Answered), call(2, Answered), call(3, Answered))
	// A crash in the middle of the fourth append.
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"direction":"incoming","number":"104","na`)
	f.Close()

	h2, err := OpenHistory(path, 0)
	var ce *HistoryCorruptError
	if !errors.As(err, &ce) || ce.Skipped != 1 || ce.FirstLine != 4 || !ce.Truncated {
		t.Fatalf("err = %#v, want one truncated line, line 4", err)
	}
	if h2 == nil || numbers(h2.Recent(0)) != "103,102,101" {
		t.Fatalf("readable part not kept")
	}
	if !strings.Contains(err.Error(), "line 4") {
		t.Errorf("message does not say which line: %v", err)
	}
	// The next append starts on a line of its own, and the damaged file is
	// kept aside.
	appendOK(t, h2, call(5, Missed))
	h3 := openOK(t, path, 0)
	if got := numbers(h3.Recent(0)); got != "105,103,102,101" {
		t.Errorf("after repair: %s", got)
	}
	copies, _ := filepath.Glob(path + ".corrupt-*")
	if len(copies) != 1 {
		t.Fatalf("copies of the damaged file: %v, want 1", copies)
	}
	if b, _ := os.ReadFile(copies[0]); !strings.Contains(string(b), `"number":"104","na`) {
		t.Errorf("the copy does not hold the damaged line")
	}
}

func TestHistoryCompleteLastLineWithoutNewline(t *testing.T) {
	h, path := newHistory(t, 0)
	appendOK(t, h, call(1, Answered))
	b, _ := os.ReadFile(path)
	os.WriteFile(path, []byte(strings.TrimSuffix(string(b), "\n")), 0o600)
	h2 := openOK(t, path, 0) // a whole record lost only its newline: not damage
	appendOK(t, h2, call(2, Answered))
	if got := numbers(openOK(t, path, 0).Recent(0)); got != "102,101" {
		t.Errorf("got %s", got)
	}
}

func TestHistoryCorruptMiddleLine(t *testing.T) {
	h, path := newHistory(t, 0)
	appendOK(t, h, call(1, Answered), call(2, Missed), call(3, Answered))
	lines := fileLines(t, path)
	damaged := strings.Join([]string{lines[0], "\x00\x00garbage{", lines[1], `{"direction":"incoming"}`, `[1,2]`, "", lines[2]}, "\n") + "\n"
	os.WriteFile(path, []byte(damaged), 0o600)

	h2, err := OpenHistory(path, 0)
	var ce *HistoryCorruptError
	if !errors.As(err, &ce) || ce.Skipped != 3 || ce.FirstLine != 2 || ce.Truncated {
		t.Fatalf("err = %#v, want 3 skipped from line 2", err)
	}
	if got := numbers(h2.Recent(0)); got != "103,102,101" {
		t.Fatalf("readable part: %s", got)
	}
	if h2.UnseenMissed() != 1 {
		t.Errorf("unseen missed %d", h2.UnseenMissed())
	}
	// Reading changes nothing on disk (another process may only be reading).
	if b, _ := os.ReadFile(path); string(b) != damaged {
		t.Fatal("opening rewrote the damaged file")
	}
	appendOK(t, h2, call(4, Answered))
	copies, _ := filepath.Glob(path + ".corrupt-*")
	if len(copies) != 1 {
		t.Fatalf("copies: %v", copies)
	}
	if b, _ := os.ReadFile(copies[0]); string(b) != damaged {
		t.Error("the copy differs from the damaged file")
	}
	if got := numbers(openOK(t, path, 0).Recent(0)); got != "104,103,102,101" {
		t.Errorf("after repair: %s", got)
	}
}

func TestHistoryUnreadable(t *testing.T) {
	dir := t.TempDir()
	if h, err := OpenHistory(dir, 0); err == nil || h != nil {
		t.Errorf("a directory as the file: h=%v err=%v, want an error", h, err)
	}
	path := filepath.Join(dir, "history.jsonl")
	os.WriteFile(path, []byte("\x89PNG\r\n\x1a\n\x00\x00binary\n"), 0o644)
	h, err := OpenHistory(path, 0)
	var ce *HistoryCorruptError
	if h == nil || !errors.As(err, &ce) || len(h.Recent(0)) != 0 {
		t.Fatalf("binary file: h=%v err=%v", h, err)
	}
	wantPerm(t, path, 0o600) // tightened
}

func TestHistoryBound(t *testing.T) {
	h, path := newHistory(t, 5)
	for i := 1; i <= 12; i++ {
		appendOK(t, h, call(i, Missed))
		if n := len(h.Recent(0)); n > 5 {
			t.Fatalf("%d calls in memory, bound 5", n)
		}
		calls := 0
		for _, l := range fileLines(t, path) {
			if !strings.HasPrefix(l, `{"seen"`) {
				calls++
			}
		}
		if calls > 5 {
			t.Fatalf("%d calls in the file, bound 5", calls)
		}
		if i%4 == 0 {
			h.MarkSeen()
		}
	}
	if got := numbers(h.Recent(0)); got != "112,111,110,109,108" {
		t.Errorf("kept %s, want the newest five", got)
	}
	h2 := openOK(t, path, 5)
	if got := numbers(h2.Recent(0)); got != "112,111,110,109,108" {
		t.Errorf("reopened: %s", got)
	}
	if h.UnseenMissed() != 0 || h2.UnseenMissed() != 0 {
		t.Errorf("unseen missed %d / %d after MarkSeen at the last call", h.UnseenMissed(), h2.UnseenMissed())
	}
	// Opening with a smaller bound keeps the newest.
	if got := numbers(openOK(t, path, 2).Recent(0)); got != "112,111" {
		t.Errorf("smaller bound: %s", got)
	}
}

func TestHistoryMarkersStayBounded(t *testing.T) {
	h, path := newHistory(t, 3)
	for i := range 200 {
		appendOK(t, h, call(i, Missed))
		if err := h.MarkSeen(); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(fileLines(t, path)); n > 3+historyMarkSlack+1 {
		t.Errorf("%d lines in the file", n)
	}
	if n := openOK(t, path, 3).UnseenMissed(); n != 0 {
		t.Errorf("unseen %d", n)
	}
}

func TestHistoryUnseenMissed(t *testing.T) {
	h, path := newHistory(t, 0)
	appendOK(t, h, call(1, Missed), call(2, Answered), call(3, Missed), call(4, Rejected))
	if n := h.UnseenMissed(); n != 2 {
		t.Fatalf("unseen %d, want 2", n)
	}
	if n := openOK(t, path, 0).UnseenMissed(); n != 2 {
		t.Fatalf("reopened: unseen %d, want 2", n)
	}
	if err := h.MarkSeen(); err != nil {
		t.Fatal(err)
	}
	if n := h.UnseenMissed(); n != 0 {
		t.Fatalf("after MarkSeen: %d", n)
	}
	if n := openOK(t, path, 0).UnseenMissed(); n != 0 {
		t.Fatalf("after MarkSeen, reopened: %d", n)
	}
	appendOK(t, h, call(5, Answered))
	h.MarkSeen() // nothing missed: nothing to write
	appendOK(t, h, call(6, Missed))
	h2 := openOK(t, path, 0)
	if h.UnseenMissed() != 1 || h2.UnseenMissed() != 1 {
		t.Fatalf("one new missed call: %d / %d", h.UnseenMissed(), h2.UnseenMissed())
	}
	if len(h2.Recent(0)) != 6 {
		t.Errorf("markers counted as calls: %d", len(h2.Recent(0)))
	}
}

func TestHistoryConcurrentAppends(t *testing.T) {
	h, path := newHistory(t, 100)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				h.Append(call(g*100+i, Missed))
				h.Recent(3)
				h.UnseenMissed()
				if i == 10 {
					h.MarkSeen()
				}
			}
		}()
	}
	wg.Wait()
	h2 := openOK(t, path, 100)
	if n := len(h2.Recent(0)); n != 100 {
		t.Errorf("%d calls after 160 appends with bound 100", n)
	}
	if a, b := numbers(h.Recent(0)), numbers(h2.Recent(0)); a != b {
		t.Errorf("memory and file differ:\n%s\n%s", a, b)
	}
}

func TestHistorySanitizes(t *testing.T) {
	h, path := newHistory(t, 0)
	appendOK(t, h, Call{Number: strings.Repeat("9", 5000), Name: "bad \xff utf8 " + strings.Repeat("я", 1000), Duration: -5})
	c := openOK(t, path, 0).Recent(1)[0]
	if len(c.Number) > maxHistoryField || len(c.Name) > maxHistoryField || c.Duration != 0 || c.Start.IsZero() || c.Outcome == "" {
		t.Errorf("not bounded: %d/%d bytes, %+v", len(c.Number), len(c.Name), c.Duration)
	}
	if !strings.HasPrefix(c.Name, "bad \uFFFD utf8 я") {
		t.Errorf("name %q", c.Name[:20])
	}
}

func TestCallFromEvent(t *testing.T) {
	ring := t0
	evs := []Event{
		{Kind: EventEnded, Time: ring.Add(9 * time.Second), Start: ring.Add(time.Second), Line: 2, Number: "300", Direction: Outgoing, Outcome: NoAnswer},
		{Kind: EventEnded, Time: ring.Add(65 * time.Second), Start: ring, Line: 1, Number: "203", Name: "Виталик", Account: 1,
			Direction: Incoming, Duration: time.Minute, Outcome: Answered},
		// A start that is not known: counted from the answer.
		{Kind: EventEnded, Time: ring.Add(100 * time.Second), Line: 3, Number: "400", Duration: 30 * time.Second, Outcome: Answered},
	}
	want := []Call{
		{Direction: Outgoing, Number: "300", Line: 2, Start: ring.Add(time.Second), Outcome: NoAnswer},
		{Direction: Incoming, Number: "203", Name: "Виталик", Line: 1, Account: 1, Start: ring, Duration: time.Minute, Outcome: Answered},
		{Number: "400", Line: 3, Start: ring.Add(70 * time.Second), Duration: 30 * time.Second, Outcome: Answered},
	}
	for i, e := range evs {
		if c := CallFromEvent(e); c != want[i] {
			t.Errorf("call %d:\n got  %+v\n want %+v", i, c, want[i])
		}
	}
}

func TestHistoryClear(t *testing.T) {
	h, path := newHistory(t, 0)
	appendOK(t, h, call(0, Missed), call(1, Missed), call(2, Missed))
	if err := h.Clear(); err != nil {
		t.Fatal(err)
	}
	if got := h.Recent(0); len(got) != 0 || h.UnseenMissed() != 0 {
		t.Errorf("after Clear: %d calls, %d unseen missed", len(got), h.UnseenMissed())
	}
	if b, err := os.ReadFile(path); err != nil || len(b) != 0 {
		t.Errorf("the file still holds %q (%v)", b, err)
	}
	// A call after the clear is the only one, also after reopening.
	appendOK(t, h, call(7, Answered))
	if got := numbers(openOK(t, path, 0).Recent(0)); got != numbers([]Call{call(7, Answered)}) {
		t.Errorf("reopened: %s", got)
	}
}
