//go:build e2e

package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// stopGrace is how long a process gets between SIGTERM and SIGKILL.
const stopGrace = 3 * time.Second

// Proc is a process the harness started. It is stopped by its pid (and the
// processes it started, by theirs) when its test ends, whatever the outcome.
type Proc struct {
	Name string
	Cmd  *exec.Cmd
	Log  string // file with its standard output and error ("" if captured otherwise)

	done chan struct{} // closed when Wait returned
	err  error         // Wait's result, valid after done
	once sync.Once
}

// Pid is the process id.
func (p *Proc) Pid() int { return p.Cmd.Process.Pid }

// Done is closed when the process has exited.
func (p *Proc) Done() <-chan struct{} { return p.done }

// Exited reports whether the process has ended, and how.
func (p *Proc) Exited() (bool, error) {
	select {
	case <-p.done:
		return true, p.err
	default:
		return false, nil
	}
}

// Stop ends the process: SIGTERM, then SIGKILL after stopGrace. Processes
// it started itself (a tray process's windows) are found by their parent
// pid first and stopped the same way afterwards, by their own pids.
func (p *Proc) Stop() error {
	var err error
	p.once.Do(func() {
		kids := descendants(p.Pid())
		err = terminate(p.Pid(), p.done)
		for _, k := range kids {
			if e := k.stop(); e != nil && err == nil {
				err = e
			}
		}
	})
	return err
}

// terminate sends SIGTERM to pid and waits for done, then SIGKILL.
func terminate(pid int, done <-chan struct{}) error {
	select {
	case <-done:
		return nil
	default:
	}
	_ = syscall.Kill(pid, syscall.SIGTERM)
	select {
	case <-done:
		return nil
	case <-time.After(stopGrace):
	}
	_ = syscall.Kill(pid, syscall.SIGKILL)
	select {
	case <-done:
		return fmt.Errorf("pid %d ignored SIGTERM for %v and was killed", pid, stopGrace)
	case <-time.After(5 * time.Second):
		return fmt.Errorf("pid %d survived SIGKILL", pid)
	}
}

// procs is the list of processes of one test, stopped in reverse order.
type procs struct {
	mu   sync.Mutex
	list []*Proc
}

// start starts cmd, records it and waits for it in the background. Its
// output goes to logPath unless cmd already has somewhere to write it.
func (ps *procs) start(name string, cmd *exec.Cmd, logPath string) (*Proc, error) {
	var logFile *os.File
	if logPath != "" && cmd.Stdout == nil && cmd.Stderr == nil {
		f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, err
		}
		logFile = f
		cmd.Stdout, cmd.Stderr = f, f
	} else {
		logPath = ""
	}
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	// If the test binary dies (a panic, go test's timeout), nothing may
	// outlive it.
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	if err := cmd.Start(); err != nil {
		if logFile != nil {
			logFile.Close()
		}
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &Proc{Name: name, Cmd: cmd, Log: logPath, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		if logFile != nil {
			logFile.Close()
		}
		close(p.done)
	}()
	ps.mu.Lock()
	ps.list = append(ps.list, p)
	ps.mu.Unlock()
	return p, nil
}

// stopAll stops every recorded process, newest first, and returns what went
// wrong.
func (ps *procs) stopAll() []error {
	ps.mu.Lock()
	list := ps.list
	ps.list = nil
	ps.mu.Unlock()
	var errs []error
	for i := len(list) - 1; i >= 0; i-- {
		if err := list[i].Stop(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", list[i].Name, err))
		}
	}
	return errs
}

// foreign is a process the harness did not start itself (a child of one it
// did), identified by pid and start time so a reused pid is never signalled.
type foreign struct {
	pid   int
	start string
}

// descendants lists the processes below pid, children first.
func descendants(pid int) []foreign {
	children := map[int][]int{}
	starts := map[int]string{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		ppid, start, ok := statOf(n)
		if !ok {
			continue
		}
		children[ppid] = append(children[ppid], n)
		starts[n] = start
	}
	var out []foreign
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, c := range children[p] {
			out = append(out, foreign{pid: c, start: starts[c]})
			queue = append(queue, c)
		}
	}
	return out
}

// statOf reads the parent pid and start time of pid from /proc.
func statOf(pid int) (ppid int, start string, ok bool) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, "", false
	}
	// f[0] state, f[1] ppid, ... f[19] starttime (field 22 of stat).
	f, err := statFields(b, 22)
	if err != nil {
		return 0, "", false
	}
	if f[0] == "Z" || f[0] == "X" {
		return 0, "", false // dead already; only its parent can reap it
	}
	ppid, err = strconv.Atoi(f[1])
	if err != nil {
		return 0, "", false
	}
	return ppid, f[19], true
}

// statFields splits a /proc/PID/stat line into its fields from the third
// on (f[0] is field 3, the state), after the command name, which is in
// parentheses and may contain anything; an error unless it has fields
// 1 to n.
func statFields(b []byte, n int) ([]string, error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return nil, errors.New("no command name")
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f)+2 < n {
		return nil, fmt.Errorf("%d fields", len(f)+2)
	}
	return f, nil
}

// alive: the same process (pid and start time) still runs.
func (f foreign) alive() bool {
	_, start, ok := statOf(f.pid)
	return ok && start == f.start
}

// stop ends a process that is not our child: SIGTERM, wait until it is
// gone, SIGKILL after stopGrace.
func (f foreign) stop() error {
	if !f.alive() {
		return nil
	}
	_ = syscall.Kill(f.pid, syscall.SIGTERM)
	if f.waitGone(stopGrace) {
		return nil
	}
	if f.alive() {
		_ = syscall.Kill(f.pid, syscall.SIGKILL)
	}
	if f.waitGone(5 * time.Second) {
		return fmt.Errorf("pid %d (started by the app) ignored SIGTERM and was killed", f.pid)
	}
	return errors.New("pid " + strconv.Itoa(f.pid) + " survived SIGKILL")
}

// waitGone polls /proc until the process is gone: it is not our child, so
// there is nothing to wait on.
func (f foreign) waitGone(d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		if !f.alive() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// pdeath makes a short command die with the test binary.
func pdeath() *syscall.SysProcAttr { return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} }
