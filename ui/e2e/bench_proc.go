//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// userHZ is the unit of utime and stime in /proc/PID/stat: the kernel
// reports them in USER_HZ, 100 on every architecture Linux and Go share
// (sysconf(_SC_CLK_TCK) only repeats that constant).
const userHZ = 100

// ProcSample is a reading of a process's counters at one moment.
type ProcSample struct {
	Pid int
	At  time.Time
	// CPUTicks is utime+stime of the whole process (all threads), in
	// 1/userHZ seconds.
	CPUTicks uint64
	// Switches holds voluntary+nonvoluntary context switches by thread
	// id: /proc/PID/status counts only the main thread.
	Switches map[int]uint64
	// OnCPU is each thread's time on a CPU in nanoseconds, from
	// /proc/PID/task/TID/schedstat: far finer than CPUTicks. nil when the
	// kernel keeps no schedstat.
	OnCPU map[int]uint64
}

// ProcCost is what a process cost between two samples.
type ProcCost struct {
	Window time.Duration
	// CPU is the time on a CPU as a percentage of one core, from
	// utime+stime (10 ms ticks: over a minute, steps of 0.017 %).
	CPU float64
	// CPUSched is the same from schedstat (nanoseconds); -1 without it.
	CPUSched float64
	// Wakeups are context switches per second, all threads: each time
	// the process was scheduled off a CPU (it went to sleep or was
	// preempted), so roughly how often it woke the machine.
	Wakeups float64
}

// ProcMemory is a process's memory from /proc/PID/smaps_rollup, in bytes.
type ProcMemory struct {
	RSS uint64 // resident pages, shared ones counted in full
	PSS uint64 // resident pages, shared ones divided among their users
}

// MiB is n bytes in mebibytes.
func MiB(n uint64) float64 { return float64(n) / (1 << 20) }

// SampleProc reads the CPU time and per-thread context switches of pid.
func SampleProc(pid int) (ProcSample, error) {
	s := ProcSample{Pid: pid, At: time.Now(), Switches: map[int]uint64{}, OnCPU: map[int]uint64{}}
	dir := filepath.Join("/proc", strconv.Itoa(pid))
	b, err := os.ReadFile(filepath.Join(dir, "stat"))
	if err != nil {
		return s, err
	}
	if s.CPUTicks, err = statCPU(b); err != nil {
		return s, fmt.Errorf("%s/stat: %w", dir, err)
	}
	tasks, err := os.ReadDir(filepath.Join(dir, "task"))
	if err != nil {
		return s, err
	}
	for _, t := range tasks {
		tid, err := strconv.Atoi(t.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, "task", t.Name(), "status"))
		if err != nil {
			continue // the thread ended meanwhile
		}
		n, err := statusSwitches(b)
		if err != nil {
			return s, fmt.Errorf("%s/task/%d/status: %w", dir, tid, err)
		}
		s.Switches[tid] = n
		if s.OnCPU == nil {
			continue
		}
		// schedstat: time on CPU (ns), time waiting to run (ns), timeslices.
		b, err = os.ReadFile(filepath.Join(dir, "task", t.Name(), "schedstat"))
		var f []string
		if err == nil {
			f = strings.Fields(string(b))
		}
		if len(f) < 1 {
			s.OnCPU = nil // not available: do without
			continue
		}
		ns, err := strconv.ParseUint(f[0], 10, 64)
		if err != nil {
			return s, fmt.Errorf("%s/task/%d/schedstat: %w", dir, tid, err)
		}
		s.OnCPU[tid] = ns
	}
	if len(s.Switches) == 0 {
		return s, fmt.Errorf("%s: no threads readable", dir)
	}
	return s, nil
}

// CostSince is the cost from prev (an earlier sample of the same process)
// to s.
func (s ProcSample) CostSince(prev ProcSample) ProcCost {
	win := s.At.Sub(prev.At)
	if win <= 0 || s.Pid != prev.Pid {
		return ProcCost{}
	}
	var ticks uint64
	if s.CPUTicks > prev.CPUTicks {
		ticks = s.CPUTicks - prev.CPUTicks
	}
	sec := win.Seconds()
	c := ProcCost{
		Window:   win,
		CPU:      100 * float64(ticks) / userHZ / sec,
		Wakeups:  float64(threadGrowth(prev.Switches, s.Switches)) / sec,
		CPUSched: -1,
	}
	if s.OnCPU != nil && prev.OnCPU != nil {
		c.CPUSched = 100 * float64(threadGrowth(prev.OnCPU, s.OnCPU)) / 1e9 / sec
	}
	return c
}

// threadGrowth sums how much per-thread counters grew from before to
// after. A thread that ended in between takes its last part with it; one
// that started counts from zero.
func threadGrowth(before, after map[int]uint64) uint64 {
	var sum uint64
	for tid, n := range after {
		if n0, ok := before[tid]; !ok {
			sum += n
		} else if n0 <= n {
			sum += n - n0
		}
	}
	return sum
}

// ReadProcMemory reads Rss and Pss from /proc/PID/smaps_rollup.
func ReadProcMemory(pid int) (ProcMemory, error) {
	path := filepath.Join("/proc", strconv.Itoa(pid), "smaps_rollup")
	b, err := os.ReadFile(path)
	if err != nil {
		return ProcMemory{}, err
	}
	var m ProcMemory
	var haveRSS, havePSS bool
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		switch key {
		case "Rss":
			m.RSS, err = kB(val)
			haveRSS = err == nil
		case "Pss":
			m.PSS, err = kB(val)
			havePSS = err == nil
		}
		if err != nil {
			return m, fmt.Errorf("%s: %s: %w", path, key, err)
		}
	}
	if !haveRSS || !havePSS {
		return m, fmt.Errorf("%s: no Rss/Pss lines", path)
	}
	return m, nil
}

// statCPU returns utime+stime (fields 14 and 15) of a /proc stat line.
func statCPU(b []byte) (uint64, error) {
	f, err := statFields(b, 15)
	if err != nil {
		return 0, err
	}
	ut, err1 := strconv.ParseUint(f[11], 10, 64)
	st, err2 := strconv.ParseUint(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	return ut + st, nil
}

// statusSwitches sums voluntary_ctxt_switches and nonvoluntary_ctxt_switches
// of a /proc status file.
func statusSwitches(b []byte) (uint64, error) {
	var sum uint64
	found := 0
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "voluntary_ctxt_switches" && key != "nonvoluntary_ctxt_switches") {
			continue
		}
		n, err := strconv.ParseUint(strings.TrimSpace(val), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", key, err)
		}
		sum += n
		found++
	}
	if found != 2 {
		return 0, errors.New("no context switch counters")
	}
	return sum, nil
}

// kB reads a smaps value such as "   14220 kB" into bytes.
func kB(s string) (uint64, error) {
	num, unit, _ := strings.Cut(strings.TrimSpace(s), " ")
	if unit != "kB" {
		return 0, fmt.Errorf("unit %q, want kB", unit)
	}
	n, err := strconv.ParseUint(num, 10, 64)
	return n << 10, err
}

// ChildrenMemory is the memory of pid's child processes together (the
// tray's address-book process), and how many there are.
func ChildrenMemory(pid int) (ProcMemory, int, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return ProcMemory{}, 0, err
	}
	var sum ProcMemory
	n := 0
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		// A child that ended meanwhile or is a zombie holds no memory.
		if parent, _, ok := statOf(child); !ok || parent != pid {
			continue
		}
		m, err := ReadProcMemory(child)
		if err != nil {
			continue
		}
		sum.RSS += m.RSS
		sum.PSS += m.PSS
		n++
	}
	return sum, n, nil
}
