package tray

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
)

// windowNames are the windows `gxptray ui` can open.
var windowNames = []string{"dialpad", "settings", "history", "main", "popup", "reboot", "reset"}

// ErrUnknownWindow: OpenWindow was asked for a window that does not exist.
var ErrUnknownWindow = errors.New("unknown window")

// launcher starts the window processes (`gxptray ui <name> args...`), at
// most one per window at a time, and reaps them.
type launcher struct {
	exe string
	env []string
	log *slog.Logger

	mu      sync.Mutex
	running map[string]*exec.Cmd // by window and arguments
	closed  bool
	wg      sync.WaitGroup
}

// newLauncher starts windows with exe (the gxptray binary) and the
// environment env.
func newLauncher(exe string, env []string, log *slog.Logger) *launcher {
	return &launcher{exe: exe, env: env, log: log, running: map[string]*exec.Cmd{}}
}

// Open starts the window unless the same window (same name and arguments:
// the incoming-call popup of each line is its own) is still open: then it
// does nothing, as the window is already in front of the user.
func (l *launcher) Open(name string, args ...string) error {
	if !slices.Contains(windowNames, name) {
		return fmt.Errorf("%w %q", ErrUnknownWindow, cleanText(name, 30))
	}
	for _, a := range args {
		if len(a) > 256 || strings.IndexFunc(a, unicode.IsControl) >= 0 {
			return fmt.Errorf("window %s: invalid argument", name)
		}
	}
	key := strings.Join(append([]string{name}, args...), "\x00")
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return errors.New("the tray process is stopping")
	}
	if _, open := l.running[key]; open {
		l.log.Debug("window already open", "window", name, "args", args)
		return nil
	}
	cmd := exec.Command(l.exe, append([]string{"ui", name}, args...)...)
	cmd.Env = l.env
	cmd.Stdout = os.Stderr // a window has nothing to say but its log
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("window %s: %w", name, err)
	}
	l.running[key] = cmd
	l.log.Debug("window opened", "window", name, "args", args, "pid", cmd.Process.Pid)
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		err := cmd.Wait()
		l.mu.Lock()
		delete(l.running, key)
		closing := l.closed
		l.mu.Unlock()
		if err != nil && !closing {
			l.log.Warn("window process failed", "window", name, "err", err)
		}
	}()
	return nil
}

// openCount is the number of window processes running.
func (l *launcher) openCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.running)
}

// Close stops the windows still open (they cannot work without the tray
// process), politely first, and waits for them.
func (l *launcher) Close(grace time.Duration) {
	l.mu.Lock()
	l.closed = true
	var cmds []*exec.Cmd
	for _, c := range l.running {
		cmds = append(cmds, c)
	}
	l.mu.Unlock()
	for _, c := range cmds {
		terminate(c.Process)
	}
	done := make(chan struct{})
	go func() { l.wg.Wait(); close(done) }()
	select {
	case <-done:
		return
	case <-time.After(grace):
	}
	for _, c := range cmds {
		_ = c.Process.Kill()
	}
	<-done
}
