//go:build unix

package service

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/testkit"
	"github.com/gxptray/gxptray/ui/settings"
)

// A FIFO at the history path does not hang the tray's start: it starts
// without a history file and says why in its log.
func TestServiceStartsWithAFIFOAsHistory(t *testing.T) {
	dir := t.TempDir()
	paths := settings.Paths{ConfigDir: dir, ConfigFile: filepath.Join(dir, "settings.json"), DataDir: dir,
		HistoryFile: filepath.Join(dir, "history.json"), RuntimeDir: dir, Socket: filepath.Join(dir, "s.sock")}
	if err := syscall.Mkfifo(paths.HistoryFile, 0o600); err != nil {
		t.Fatal(err)
	}
	logs := &testkit.Buffer{}
	done := make(chan error, 1)
	go func() {
		_, err := New(Config{Paths: paths, Logger: slog.New(slog.NewTextHandler(logs, nil))})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the service hangs on a FIFO at the history path")
	}
	if !strings.Contains(logs.String(), "not a regular file") || !strings.Contains(logs.String(), "FIFO") {
		t.Fatalf("no clear message in the log:\n%s", logs)
	}
}

// The tray's service with a 400 MiB history file (sparse, calls at its
// end) starts and records a call with bounded memory.
func TestServiceWithA400MiBHistory(t *testing.T) {
	h := newHarness(t, hopts{noRun: true})
	const size = 400 << 20
	f, err := os.Create(h.paths.HistoryFile)
	if err != nil {
		t.Fatal(err)
	}
	line := []byte("\n" + `{"direction":"incoming","number":"203","name":"Ivan","start":"2026-01-02T10:00:00Z","duration":0,"outcome":"missed"}` + "\n")
	if _, err := f.WriteAt(line, size-int64(len(line))); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var svc *Service
	mem := testkit.MeasureMemory(func() {
		var err error
		if svc, err = New(Config{Paths: h.paths, Logger: slog.New(slog.DiscardHandler)}); err != nil {
			t.Fatal(err)
		}
		if err := svc.history.Record(cti.Call{Number: "204", Start: time.Now(), Outcome: cti.Missed}); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("tray service with a 400 MiB history: %.1f MiB allocated to start and record a call, heap %.1f MiB after",
		float64(mem.Allocated)/(1<<20), float64(mem.HeapInUse)/(1<<20))
	if mem.Allocated > 64<<20 {
		t.Fatalf("%d MiB allocated", mem.Allocated>>20)
	}
	if calls, _ := svc.History(h.ctx(), 10); len(calls) != 2 {
		t.Fatalf("history %+v", calls)
	}
}
