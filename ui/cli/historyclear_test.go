package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/localapi/apitest"
	"github.com/gxptray/gxptray/ui/service"
	"github.com/gxptray/gxptray/ui/settings"
)

// userHistory opens the user's history file (of the isolated user).
func userHistory(t *testing.T) (settings.Paths, *cti.History) {
	t.Helper()
	paths := userPaths(t)
	h, err := cti.OpenHistory(paths.HistoryFile, 0)
	if err != nil {
		t.Fatal(err)
	}
	return paths, h
}

// someHistory writes two calls into the user's history file.
func someHistory(t *testing.T) settings.Paths {
	t.Helper()
	paths, h := userHistory(t)
	for _, n := range []string{"203", "+74951234567"} {
		if err := h.Append(cti.Call{Direction: cti.Incoming, Number: n, Outcome: cti.Missed, Start: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	return paths
}

func historySize(t *testing.T) int {
	t.Helper()
	_, h := userHistory(t)
	return len(h.Recent(0))
}

func TestHistoryClearNeedsYesWithoutATerminal(t *testing.T) {
	isolate(t)
	someHistory(t)
	r := gx(t, nil, "history", "--clear")
	if r.code == 0 || !strings.Contains(r.stderr, "--yes") {
		t.Errorf("history --clear from a script: exit %d, %q; want a refusal naming --yes", r.code, r.stderr)
	}
	if n := historySize(t); n != 2 {
		t.Errorf("%d calls left, want both kept", n)
	}
	// No tray process: the command clears the file itself.
	r = gx(t, nil, "history", "--clear", "--yes")
	if r.code != 0 || !strings.Contains(r.stdout, "cleared") {
		t.Errorf("history --clear --yes: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if n := historySize(t); n != 0 {
		t.Errorf("%d calls left after the clear", n)
	}
	if r := gx(t, nil, "history"); !strings.Contains(r.stdout, "No calls yet") {
		t.Errorf("history after the clear: %q", r.stdout)
	}
}

func TestHistoryClearAsksOnATerminal(t *testing.T) {
	isolate(t)
	someHistory(t)
	ask := func(answer string) result { return gxTerm(t, nil, answer, "history", "--clear") }
	if r := ask("n\n"); r.code != 0 || !strings.Contains(r.stdout, "[y/N]") || !strings.Contains(r.stdout, "Nothing deleted") {
		t.Errorf("answered no: exit %d, %q", r.code, r.stdout)
	}
	if n := historySize(t); n != 2 {
		t.Fatalf("%d calls left after a no", n)
	}
	if r := ask("y\n"); r.code != 0 || !strings.Contains(r.stdout, "cleared") {
		t.Errorf("answered yes: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if n := historySize(t); n != 0 {
		t.Errorf("%d calls left after a yes", n)
	}
}

// With the tray process running, it clears the history it owns (and its
// menu forgets the calls); the command does not touch the file itself.
func TestHistoryClearAsksTheTrayProcess(t *testing.T) {
	isolate(t)
	paths := someHistory(t)
	svc, err := service.New(service.Config{Paths: paths, Secrets: &settings.MemoryStore{}})
	if err != nil {
		t.Fatal(err)
	}
	apitest.Serve(t, paths.Socket, svc, localapi.Options{})
	ctx := context.Background()

	if r := gx(t, nil, "history", "--clear", "--yes"); r.code != 0 {
		t.Fatalf("history --clear --yes: exit %d, %q", r.code, r.stderr)
	}
	if calls, _ := svc.History(ctx, 10); len(calls) != 0 {
		t.Errorf("the tray process still lists %d calls", len(calls))
	}
	if st := svc.State(ctx); st.HistoryCleared != 1 {
		t.Errorf("State.HistoryCleared = %d, want 1", st.HistoryCleared)
	}
}
