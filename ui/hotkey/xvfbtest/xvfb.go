// Package xvfbtest gives a test its own X display: a private Xvfb server,
// stopped when the test ends. Tests that need it are skipped, with the
// reason, where Xvfb (or another named tool) is not installed.
package xvfbtest

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/testkit"
)

// Need skips the test unless every named program is installed.
func Need(t testing.TB, programs ...string) {
	t.Helper()
	for _, p := range programs {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("%s not installed (Debian: apt install xvfb xdotool xclip): %v", p, err)
		}
	}
}

// Start starts Xvfb on a free display number, sets DISPLAY to it and
// unsets WAYLAND_DISPLAY (with t.Setenv: the test must not be parallel).
func Start(t testing.TB) *Server {
	t.Helper()
	Need(t, "Xvfb")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// -displayfd: Xvfb picks a free display itself and writes its number
	// once it accepts connections.
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "640x480x24", "-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{w}
	log := &testkit.Buffer{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		w.Close()
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	srv := &Server{cmd: cmd}
	t.Cleanup(srv.Stop)
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		got <- strings.TrimSpace(line)
	}()
	var num string
	select {
	case num = <-got:
	case <-time.After(15 * time.Second):
	}
	if num == "" {
		t.Fatalf("Xvfb did not start: %s", log.String())
	}
	srv.Display = ":" + num
	t.Setenv("DISPLAY", srv.Display)
	t.Setenv("WAYLAND_DISPLAY", "")
	return srv
}

// Run runs a program (xdotool, xclip...) on the current DISPLAY with a
// deadline and returns its standard output; it fails the test on error.
func Run(t testing.TB, stdin string, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v: %s", name, strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// Server is a running Xvfb.
type Server struct {
	Display string // ":N", also in DISPLAY
	cmd     *exec.Cmd
	once    sync.Once
}

// Stop ends the X server (Start arranges it at the end of the test; call it
// earlier to test a session ending under a running program).
func (s *Server) Stop() {
	s.once.Do(func() {
		s.cmd.Process.Signal(os.Interrupt)
		stopped := make(chan struct{})
		go func() { s.cmd.Wait(); close(stopped) }()
		select {
		case <-stopped:
		case <-time.After(5 * time.Second):
			s.cmd.Process.Kill()
			<-stopped
		}
	})
}
