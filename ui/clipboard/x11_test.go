//go:build linux && cgo

package clipboard

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gxptray/gxptray/ui/hotkey/xvfbtest"
)

// seed makes a foreground xclip own the clipboard with text; it exits by
// itself when another owner takes over, or at the end of the test.
func seed(t *testing.T, text string, xclipArgs ...string) {
	t.Helper()
	cmd := exec.Command("xclip", append([]string{"-quiet", "-selection", "clipboard", "-i"}, xclipArgs...)...)
	cmd.Stdin = strings.NewReader(text)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
}

// watcher runs Watch and hands out what it delivers, in order.
type watcher struct {
	ch   chan string
	done chan error // Watch's result; put back by whoever takes it
	stop context.CancelFunc
}

// result waits up to 10 s for Watch to return.
func (w *watcher) result(t *testing.T) error {
	t.Helper()
	select {
	case err := <-w.done:
		w.done <- err
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("Watch did not return")
		return nil
	}
}

func startWatch(t *testing.T, w func(context.Context, func(string)) error) *watcher {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	wt := &watcher{ch: make(chan string, 64), done: make(chan error, 1), stop: cancel}
	go func() { wt.done <- w(ctx, func(s string) { wt.ch <- s }) }()
	t.Cleanup(func() {
		cancel()
		wt.result(t)
	})
	return wt
}

func (w *watcher) next(t *testing.T) string {
	t.Helper()
	select {
	case s := <-w.ch:
		return s
	case err := <-w.done:
		w.done <- err
		t.Fatalf("Watch ended: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no clipboard change delivered")
	}
	return ""
}

func readNow(t *testing.T) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return Read(ctx)
}

func TestClipboardUnderXvfb(t *testing.T) {
	xvfbtest.Need(t, "xclip")
	xvfbtest.Start(t)

	if got, err := readNow(t); err != nil || got != "" {
		t.Fatalf("empty clipboard: %q, %v", got, err)
	}
	w := startWatch(t, Watch)
	if got := w.next(t); got != "" {
		t.Fatalf("first delivery = %q, want the current (empty) clipboard", got)
	}

	seed(t, "+7 (495) 123-45-67")
	if got := w.next(t); got != "+7 (495) 123-45-67" {
		t.Fatalf("Watch delivered %q", got)
	}
	if got, err := readNow(t); err != nil || got != "+7 (495) 123-45-67" {
		t.Errorf("Read = %q, %v", got, err)
	}
	// Each seed waits for its delivery: xclip processes started together
	// would race for the ownership.
	seed(t, "Иван Петров 102")
	if got := w.next(t); got != "Иван Петров 102" {
		t.Fatalf("Watch delivered %q", got)
	}
	// An owner that only offers STRING (Latin-1).
	seed(t, "caf\xe9 103", "-t", "STRING")
	if got := w.next(t); got != "café 103" {
		t.Fatalf("STRING owner: %q", got)
	}
	// Too much for a phone number: the menu sees nothing.
	seed(t, strings.Repeat("9", MaxBytes+1))
	if got := w.next(t); got != "" {
		t.Fatalf("oversized clipboard delivered %d bytes", len(got))
	}
	if _, err := readNow(t); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Read of oversized clipboard = %v", err)
	}
	seed(t, strings.Repeat("8", MaxBytes))
	if got := w.next(t); len(got) != MaxBytes {
		t.Fatalf("clipboard of exactly MaxBytes: got %d bytes", len(got))
	}
	// Large enough for the owner to use an INCR transfer.
	seed(t, strings.Repeat("7", 1<<20))
	if got := w.next(t); got != "" {
		t.Fatalf("huge clipboard delivered %d bytes", len(got))
	}

	// The tool fallback reads the same.
	seed(t, "104")
	if got := w.next(t); got != "104" {
		t.Fatalf("Watch delivered %q", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if got, err := readTool(ctx); err != nil || got != "104" {
		t.Errorf("readTool = %q, %v", got, err)
	}

	w.stop()
	if err := w.result(t); err != nil {
		t.Errorf("Watch after cancel = %v, want nil", err)
	}
}

func TestClipboardOwnerStallsThenExits(t *testing.T) {
	xvfbtest.Need(t, "xclip")
	xvfbtest.Start(t)
	cmd := exec.Command("xclip", "-quiet", "-selection", "clipboard", "-i")
	cmd.Stdin = strings.NewReader("105")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	kill := func() {
		once.Do(func() {
			cmd.Process.Signal(syscall.SIGCONT)
			cmd.Process.Kill()
			cmd.Wait()
		})
	}
	t.Cleanup(kill)
	w := startWatch(t, Watch)
	for got := w.next(t); got != "105"; got = w.next(t) {
	}

	// An owner that never answers (here: stopped) must not hang Read.
	if err := cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := Read(ctx); !errors.Is(err, ErrNoAnswer) {
		t.Errorf("Read from a stalled owner = %v, want ErrNoAnswer", err)
	}
	cmd.Process.Signal(syscall.SIGCONT)

	kill()
	if got := w.next(t); got != "" {
		t.Errorf("after the owner exited: %q, want empty", got)
	}
}

func TestPollingWatch(t *testing.T) {
	xvfbtest.Need(t, "xclip")
	xvfbtest.Start(t)
	w := startWatch(t, func(ctx context.Context, fn func(string)) error { return poll(ctx, fn, 10*time.Millisecond) })
	if got := w.next(t); got != "" {
		t.Fatalf("first = %q", got)
	}
	seed(t, "106")
	if got := w.next(t); got != "106" {
		t.Fatalf("poll delivered %q", got)
	}
}

func TestWatchSurvivesTheXServerGoingAway(t *testing.T) {
	srv := xvfbtest.Start(t)
	w := startWatch(t, Watch)
	w.next(t)
	srv.Stop()
	if err := w.result(t); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Watch after the display went away = %v, want ErrUnavailable", err)
	}
}

// Xlib itself runs into the broken connection here (no check before the
// request), which by default exits the process.
func TestReadOnABrokenConnection(t *testing.T) {
	srv := xvfbtest.Start(t)
	x, err := openX11(srv.Display, true)
	if err != nil {
		t.Fatal(err)
	}
	defer x.close()
	srv.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for range 2 {
		if _, err := x.read(ctx); !errors.Is(err, ErrUnavailable) {
			t.Errorf("read on a broken connection = %v, want ErrUnavailable", err)
		}
	}
}
