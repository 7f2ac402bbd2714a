//go:build e2e && wine

package winee2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// envTag marks every Windows process a test starts (Wine passes the
// environment on to children, to processes started through ShellExecute
// and to the windows the tray process opens), so the test stops exactly
// its own processes, by pid, when it ends.
const envTag = "GXPTRAY_WINE_TEST"

// Session is one test's view of the prefix: its own settings, data and
// runtime directories (so its tray process and its commands find each
// other and nothing of another test), its processes stopped at the end.
type Session struct {
	W     *Wine
	Dir   string // Windows path of the test's folder (C:\gxptests\<test>)
	t     testing.TB
	tag   string
	env   []string
	quiet bool // no log line per command (polling loops)
}

// In is the session for a subtest: failures are reported on t.
func (s *Session) In(t testing.TB) *Session {
	c := *s
	c.t = t
	return &c
}

// Quiet is the session without a log line per command, for checks that
// are repeated until they hold.
func (s *Session) Quiet() *Session {
	c := *s
	c.quiet = true
	return &c
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// NewSession gives t its directories. defaults=true leaves the settings
// paths at Windows' own (%APPDATA%, %LOCALAPPDATA%), as an installed copy
// started from the Start menu sees them.
func (w *Wine) NewSession(t testing.TB, defaults bool) *Session {
	t.Helper()
	name := unsafeName.ReplaceAllString(t.Name(), "_")
	s := &Session{W: w, Dir: `C:\gxptests\` + name, t: t, tag: name + "-" + strconv.Itoa(os.Getpid())}
	if err := os.MkdirAll(w.Path(s.Dir), 0o755); err != nil {
		t.Fatal(err)
	}
	s.env = []string{envTag + "=" + s.tag}
	if !defaults {
		s.env = append(s.env,
			"GXPTRAY_CONFIG_DIR="+s.Dir+`\config`,
			"GXPTRAY_DATA_DIR="+s.Dir+`\data`,
			"GXPTRAY_RUNTIME_DIR="+s.Dir+`\run`,
		)
	}
	t.Cleanup(s.stopAll)
	return s
}

// Result is how a command ended.
type Result struct {
	Stdout, Stderr string
	Code           int
}

func (r Result) String() string {
	return fmt.Sprintf("exit %d, stdout %q, stderr %q", r.Code, tail(r.Stdout, 1000), tail(r.Stderr, 1000))
}

// Run runs gxptray.exe with args and waits for it (at most a minute).
// env adds variables (GXPTRAY_PHONE=...), stdin is its standard input.
func (s *Session) Run(ctx context.Context, env []string, stdin string, args ...string) Result {
	s.t.Helper()
	return s.RunProgram(ctx, env, stdin, s.W.Exe, args...)
}

// RunProgram runs any Windows program of the prefix (reg, start, an
// installer) in the session's environment.
func (s *Session) RunProgram(ctx context.Context, env []string, stdin string, prog string, args ...string) Result {
	s.t.Helper()
	rctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cmd := exec.CommandContext(rctx, s.W.Loader, append([]string{prog}, args...)...)
	cmd.Env = s.W.Env(append(append([]string(nil), s.env...), env...)...)
	cmd.Dir = s.W.Prefix
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	// A process Wine starts on the way (wineserver, a window) may keep the
	// output pipes open after the program is killed: do not wait for it.
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	r := Result{Stdout: out.String(), Stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.Code = ee.ExitCode()
	default:
		s.t.Fatalf("%s %v: %v", prog, args, err)
	}
	if rctx.Err() != nil {
		s.t.Fatalf("%s %v did not end within a minute: %s", prog, args, r)
	}
	if !s.quiet {
		s.t.Logf("%s %s: %s", filepath.Base(strings.ReplaceAll(prog, `\`, "/")), strings.Join(args, " "), r)
	}
	return r
}

// Proc is a Windows process started in the background.
type Proc struct {
	Cmd  *exec.Cmd
	Log  string // its standard output and error
	done chan struct{}
}

// Exited reports whether the process has ended.
func (p *Proc) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// LogText is what it printed so far.
func (p *Proc) LogText() string {
	b, _ := os.ReadFile(p.Log)
	return string(b)
}

// Start starts gxptray.exe with args in the background (the tray process:
// no args), its output in the artifacts.
func (s *Session) Start(name string, env []string, args ...string) *Proc {
	s.t.Helper()
	return s.StartProgram(name, s.W.Exe, env, args...)
}

// StartProgram is Start for another Windows program (an installed copy).
func (s *Session) StartProgram(name, prog string, env []string, args ...string) *Proc {
	s.t.Helper()
	log := filepath.Join(s.W.Artifacts, s.tagFile(name+".log"))
	f, err := os.Create(log)
	if err != nil {
		s.t.Fatal(err)
	}
	cmd := exec.Command(s.W.Loader, append([]string{prog}, args...)...)
	cmd.Env = s.W.Env(append(append([]string(nil), s.env...), env...)...)
	cmd.Dir = s.W.Prefix
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		f.Close()
		s.t.Fatalf("start %s: %v", name, err)
	}
	p := &Proc{Cmd: cmd, Log: log, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		f.Close()
		close(p.done)
	}()
	return p
}

func (s *Session) tagFile(name string) string {
	return unsafeName.ReplaceAllString(s.t.Name(), "_") + "-" + name
}

// Processes lists the pids and command lines of the session's running
// Windows processes (those carrying its tag) whose command line contains
// match (case-insensitive; "" for all).
func (s *Session) Processes(match string) map[int]string {
	found := map[int]string{}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	want := []byte(envTag + "=" + s.tag + "\x00")
	for _, d := range dirs {
		env, err := os.ReadFile(filepath.Join(d, "environ"))
		if err != nil || !bytes.Contains(env, want) {
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join(d, "cmdline"))
		line := strings.TrimSpace(strings.ReplaceAll(string(cmdline), "\x00", " "))
		if !strings.Contains(strings.ToLower(line), strings.ToLower(match)) {
			continue
		}
		if pid, err := strconv.Atoi(filepath.Base(d)); err == nil {
			found[pid] = line
		}
	}
	return found
}

// stopAll ends the session's gxptray processes by their pids: SIGTERM,
// then SIGKILL for those still there after a few seconds.
func (s *Session) stopAll() {
	procs := s.Processes("gxptray")
	for pid := range procs {
		_ = syscall.Kill(pid, syscall.SIGTERM)
	}
	deadline := time.Now().Add(5 * time.Second)
	for pid := range procs {
		for syscall.Kill(pid, 0) == nil && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if syscall.Kill(pid, 0) == nil {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// waitFor calls check until it returns nil or ctx ends; the last error says
// what was missing.
func waitFor(ctx context.Context, what string, check func() error) error {
	var last error
	for {
		if last = check(); last == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: gave up waiting: %w", what, last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}
