//go:build unix

package service

import (
	"log/slog"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

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
	logs := &syncBuffer{}
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
