//go:build e2e

package e2e

import (
	"os"
	"testing"
	"time"
)

// TestProcSample checks the idle benchmark's /proc readings on the test
// process itself: CPU time grows while it computes, context switches
// while it sleeps, memory is resident.
func TestProcSample(t *testing.T) {
	pid := os.Getpid()
	s0, err := SampleProc(pid)
	if err != nil {
		t.Fatal(err)
	}
	// Compute for a while (several 10 ms ticks), then sleep a few times.
	x := 0
	for end := time.Now().Add(200 * time.Millisecond); time.Now().Before(end); {
		for i := range 1000 {
			x += i
		}
	}
	for range 5 {
		time.Sleep(time.Millisecond)
	}
	s1, err := SampleProc(pid)
	if err != nil {
		t.Fatal(err)
	}
	c := s1.CostSince(s0)
	if s1.CPUTicks <= s0.CPUTicks || c.CPU <= 0 {
		t.Errorf("CPU ticks %d -> %d (%.1f%%) after computing for 200 ms (%d)", s0.CPUTicks, s1.CPUTicks, c.CPU, x)
	}
	if c.CPUSched <= 0 {
		t.Errorf("schedstat CPU %.2f%% after computing for 200 ms", c.CPUSched)
	}
	if c.Wakeups <= 0 {
		t.Errorf("no context switches after sleeping: %v -> %v", s0.Switches, s1.Switches)
	}
	if len(s1.Switches) < 2 {
		t.Errorf("threads %v: a Go process has several", s1.Switches)
	}
	m, err := ReadProcMemory(pid)
	if err != nil {
		t.Fatal(err)
	}
	if m.RSS < 1<<20 || m.PSS == 0 || m.PSS > m.RSS {
		t.Errorf("memory %+v: want RSS of at least 1 MiB and 0 < PSS <= RSS", m)
	}
	if _, err := SampleProc(1 << 30); err == nil {
		t.Error("a process that does not exist was sampled")
	}
}

func TestLatencies(t *testing.T) {
	var l Latencies
	for _, v := range []int{5, 1, 4, 2, 3, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6} {
		l = append(l, time.Duration(v)*time.Millisecond)
	}
	if got := l.Median(); got != 8*time.Millisecond {
		t.Errorf("median %v, want 8ms", got)
	}
	if got := l.Percentile(95); got != 15*time.Millisecond {
		t.Errorf("p95 of 15 runs %v, want the largest, 15ms", got)
	}
	if got := l.Percentile(50); got != 8*time.Millisecond {
		t.Errorf("p50 %v, want 8ms", got)
	}
	if got := (Latencies{time.Second, 3 * time.Second}).Median(); got != 2*time.Second {
		t.Errorf("median of two %v, want their mean", got)
	}
	if got := (Latencies{}).Summary(); got != "no runs" {
		t.Errorf("empty summary %q", got)
	}
}
