package service

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/notify"
)

func TestCallLogKeepsTheHistoryAndWhatWasSeen(t *testing.T) {
	h, err := cti.OpenHistory(filepath.Join(t.TempDir(), "history.jsonl"), 0)
	if err != nil {
		t.Fatal(err)
	}
	l := newCallLog(h)
	for _, n := range []string{"201", "202"} {
		if err := l.Record(cti.Call{Direction: cti.Incoming, Number: n, Start: time.Now(), Outcome: cti.Missed}); err != nil {
			t.Fatal(err)
		}
	}
	calls, err := l.Recent(0)
	if err != nil || len(calls) != 2 || calls[0].Number != "202" || l.Unseen() != 2 {
		t.Fatalf("recent %+v, %v, unseen %d", calls, err, l.Unseen())
	}
	// A notification shown before the person looked is closed when they do;
	// one shown while they looked is not kept.
	epoch := l.SeenEpoch()
	if !l.KeepShown(notify.ID(7), epoch) {
		t.Fatal("a notification shown before any look was not kept")
	}
	ids, err := l.MarkSeen()
	if err != nil || !slices.Equal(ids, []notify.ID{7}) || l.Unseen() != 0 {
		t.Fatalf("MarkSeen = %v, %v; unseen %d", ids, err, l.Unseen())
	}
	if l.KeepShown(notify.ID(8), epoch) {
		t.Error("a notification shown while the calls were looked at was kept")
	}
	// A notification on its way to the screen during a clear is not kept
	// for a call that is gone.
	epoch = l.SeenEpoch()
	if ids, err := l.Clear(); err != nil || len(ids) != 0 || l.Cleared() != 1 {
		t.Fatalf("Clear = %v, %v; cleared %d", ids, err, l.Cleared())
	}
	if l.KeepShown(notify.ID(9), epoch) {
		t.Error("a notification shown during a clear was kept")
	}
	if calls, _ := l.Recent(0); len(calls) != 0 {
		t.Errorf("%d calls after Clear", len(calls))
	}
}

// Without a usable history file, missed calls are still counted until seen.
func TestCallLogWithoutAFile(t *testing.T) {
	l := newCallLog(nil)
	l.Record(cti.Call{Direction: cti.Incoming, Number: "201", Outcome: cti.Missed})
	l.Record(cti.Call{Direction: cti.Incoming, Number: "202", Outcome: cti.Answered})
	if n := l.Unseen(); n != 1 {
		t.Errorf("unseen %d, want 1", n)
	}
	if _, err := l.Recent(5); !errors.Is(err, errNoHistory) {
		t.Errorf("Recent: %v", err)
	}
	if _, err := l.MarkSeen(); err != nil || l.Unseen() != 0 {
		t.Errorf("MarkSeen: %v, unseen %d", err, l.Unseen())
	}
	if _, err := l.Clear(); !errors.Is(err, errNoHistory) || l.Cleared() != 0 {
		t.Errorf("Clear: %v, cleared %d", err, l.Cleared())
	}
}
