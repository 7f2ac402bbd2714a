package tray

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gxptray/gxptray/ui/settings"
)

// The test binary doubles as the programs the tray process starts: with
// testRole=window it is a window process (`gxptray ui NAME ...`) that notes
// its arguments in testLog and waits to be stopped.
const (
	testRole = "GXPTRAY_TRAY_TEST_ROLE"
	testLog  = "GXPTRAY_TRAY_TEST_LOG"
)

func TestMain(m *testing.M) {
	switch os.Getenv(testRole) {
	case "window":
		fakeWindow()
		return
	case "tray":
		os.Exit(trayProcess())
	}
	os.Exit(m.Run())
}

func fakeWindow() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM)
	args := os.Args[1:]
	var names []string
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "GXPTRAY_") {
			names = append(names, name)
		}
	}
	line := strings.Join(args, " ") + " | config=" + os.Getenv("GXPTRAY_CONFIG_DIR") + " | env=" + strings.Join(names, ",") + "\n"
	if f, err := os.OpenFile(os.Getenv(testLog), os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o600); err == nil {
		fmt.Fprint(f, line)
		f.Close()
	}
	for _, a := range args {
		if a == "--exit" {
			os.Exit(0)
		}
	}
	select {
	case <-stop:
	case <-time.After(2 * time.Minute): // never outlive a broken test for long
	}
	os.Exit(0)
}

// logLines waits until the window log has at least n lines and returns them.
func logLines(t *testing.T, path string, n int) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, _ := os.ReadFile(path)
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		if len(data) == 0 {
			lines = nil
		}
		if len(lines) >= n {
			return lines
		}
		if time.Now().After(deadline) {
			t.Fatalf("window log has %d lines, want %d: %q", len(lines), n, lines)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// eventually waits until cond holds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitDone waits until done is closed; failure is the test's failure
// when it is not within 10 s.
func waitDone(t *testing.T, done <-chan struct{}, failure string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal(failure)
	}
}

// trayProcess is the test binary as `gxptray --demo`: the real Run, with
// the real tray library, in a process of its own (the tray library allows
// one run per process).
func trayProcess() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	paths, err := settings.DefaultPaths()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	os.Setenv(testRole, "window") // the windows it opens are fakes
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if err := Run(ctx, Options{Paths: paths, Demo: true, DemoEvery: time.Hour, Version: "e2e", Logger: log}); err != nil {
		fmt.Fprintln(os.Stderr, "tray:", err)
		return 1
	}
	return 0
}
