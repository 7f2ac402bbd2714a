//go:build unix

package cti

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/testkit"
)

// openWithin runs OpenHistory in the background and fails the test if it
// has not returned within a generous bound (a hang, not a speed check).
func openWithin(t *testing.T, path string) (*History, error) {
	t.Helper()
	type result struct {
		h   *History
		err error
	}
	done := make(chan result, 1)
	go func() { h, err := OpenHistory(path, 0); done <- result{h, err} }()
	select {
	case r := <-done:
		return r.h, r.err
	case <-time.After(20 * time.Second):
		t.Fatal("OpenHistory hangs")
		return nil, nil
	}
}

func TestHistoryFIFOIsRefusedNotWaitedOn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.jsonl")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	h, err := openWithin(t, path)
	if h != nil || !errors.Is(err, ErrHistoryNotRegular) || !strings.Contains(err.Error(), "FIFO") {
		t.Fatalf("OpenHistory on a FIFO: h=%v err=%v", h, err)
	}
}

// A 400 MiB history file (sparse, with real calls at its end) costs a
// bounded amount of memory at start and at the next write, which rotates the
// file instead of copying it.
func TestHistoryHugeFileBoundedMemory(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "history.jsonl")
	const size = 400 << 20
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	var tail []byte
	for i := 0; i < 1500; i++ {
		line, _ := json.Marshal(call(i, Answered))
		tail = append(append(tail, line...), '\n')
	}
	// Junk up to the tail (sparse: no disk blocks), then the newest calls.
	if _, err := f.WriteAt(tail, size-int64(len(tail))); err != nil {
		t.Fatal(err)
	}
	f.Close()

	mem := testkit.MeasureMemory(func() {
		h, err := openWithin(t, path)
		var ce *HistoryCorruptError
		if h == nil || !errors.As(err, &ce) || ce.SkippedBytes < size-historyTail || !strings.Contains(err.Error(), "were not read") {
			t.Fatalf("OpenHistory of 400 MiB: h=%v err=%v", h, err)
		}
		if got := len(h.Recent(0)); got != DefaultHistoryEntries {
			t.Fatalf("kept %d calls, want the newest %d", got, DefaultHistoryEntries)
		}
		appendOK(t, h, call(2000, Missed))
	})
	t.Logf("400 MiB history: %.1f MiB allocated to open it and write once, %.1f MiB heap in use after",
		float64(mem.Allocated)/(1<<20), float64(mem.HeapInUse)/(1<<20))
	if mem.Allocated > 64<<20 {
		t.Fatalf("%d MiB allocated for a 400 MiB history, want a bounded amount (< 64 MiB)", mem.Allocated>>20)
	}
	// Rotated, not rewritten in place: the old file is kept aside whole.
	aside, _ := filepath.Glob(path + ".corrupt-*")
	if len(aside) != 1 {
		t.Fatalf("rotated files: %v", aside)
	}
	if st, _ := os.Stat(aside[0]); st.Size() != size {
		t.Fatalf("the rotated file is %d bytes, want %d", st.Size(), size)
	}
	if h2, err := OpenHistory(path, 0); err != nil || len(h2.Recent(0)) != DefaultHistoryEntries {
		t.Fatalf("the new file: %v", err)
	}
}
