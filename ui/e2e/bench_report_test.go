//go:build e2e

package e2e

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"text/tabwriter"
	"time"
)

// idleRow is one process's cost at rest.
type idleRow struct {
	name    string
	cost    ProcCost
	mem     ProcMemory
	startup time.Duration // start to tray item registered
}

// phoneRow is what one client asked of its phone at rest.
type phoneRow struct {
	name       string
	window     time.Duration
	requests   int
	conns      int64
	byFunction map[string]int
}

func (p phoneRow) perMinute(n float64) float64 {
	if p.window <= 0 {
		return 0
	}
	return n / p.window.Minutes()
}

// benchReport collects BenchmarkTray's figures and prints them as one
// table.
type benchReport struct {
	idleWindow time.Duration

	startup  Latencies
	ringPoll Latencies
	ringPush Latencies
	popup    Latencies
	hotkey   Latencies

	idle     []idleRow
	phone    []phoneRow
	contacts *contactsRow

	errs []string
}

func newBenchReport(idle time.Duration) *benchReport { return &benchReport{idleWindow: idle} }

// print writes the table.
func (r *benchReport) print(out io.Writer) {
	fmt.Fprintf(out, "GXP Tray benchmarks (%d cores%s, %s, %s)\n", runtime.NumCPU(), cpuModel(),
		time.Now().Format("2006-01-02 15:04 MST"), runtime.Version())
	tw := tabwriter.NewWriter(out, 0, 4, 3, ' ', 0)
	lat := func(what string, l Latencies) {
		if len(l) == 0 {
			fmt.Fprintf(tw, "%s\tnot measured\n", what)
			return
		}
		fmt.Fprintf(tw, "%s\t%s\n", what, l.Summary())
	}
	lat("ring -> notification (poll 1 s)", r.ringPoll)
	lat("ring -> notification (push)", r.ringPush)
	lat("ring -> popup window mapped (push)", r.popup)
	lat("hotkey -> dial request at the phone", r.hotkey)
	lat("start-up -> tray icon registered", r.startup)
	tw.Flush()

	fmt.Fprintln(out)
	tw = tabwriter.NewWriter(out, 0, 4, 3, ' ', 0)
	fmt.Fprintf(tw, "idle %v (poll 1 s, no window)\tCPU %% stat\tCPU %% schedstat\twakeups/s\tRSS MiB\tPSS MiB\tstart-up\n", r.idleWindow)
	for _, row := range r.idle {
		sched := "-"
		if row.cost.CPUSched >= 0 {
			sched = fmt.Sprintf("%.3f", row.cost.CPUSched)
		}
		fmt.Fprintf(tw, "%s\t%.3f\t%s\t%.1f\t%.1f\t%.1f\t%s\n", row.name, row.cost.CPU, sched, row.cost.Wakeups,
			MiB(row.mem.RSS), MiB(row.mem.PSS), ms(row.startup))
	}
	if len(r.idle) == 3 {
		us := r.idle[0]
		for _, base := range r.idle[1:] {
			fmt.Fprintf(tw, "%s / %s\t%s\t%s\t%s\t%s\t%s\t%s\n", us.name, base.name,
				ratio(us.cost.CPU, base.cost.CPU), ratio(us.cost.CPUSched, base.cost.CPUSched), ratio(us.cost.Wakeups, base.cost.Wakeups),
				ratio(float64(us.mem.RSS), float64(base.mem.RSS)), ratio(float64(us.mem.PSS), float64(base.mem.PSS)),
				ratio(float64(us.startup), float64(base.startup)))
		}
	} else {
		fmt.Fprintf(tw, "(idle cost not measured)\n")
	}
	tw.Flush()

	if len(r.phone) > 0 {
		fmt.Fprintln(out)
		tw = tabwriter.NewWriter(out, 0, 4, 3, ' ', 0)
		fmt.Fprintf(tw, "at the phone while idle\trequests/min\tTCP connections opened/min\trequests by function\n")
		for _, p := range r.phone {
			var by []string
			for _, fn := range slices.Sorted(maps.Keys(p.byFunction)) {
				by = append(by, fmt.Sprintf("%s %d", fn, p.byFunction[fn]))
			}
			fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%s in %v\n", p.name, p.perMinute(float64(p.requests)),
				p.perMinute(float64(p.conns)), strings.Join(by, ", "), p.window.Round(time.Second))
		}
		tw.Flush()
	}

	if c := r.contacts; c != nil {
		fmt.Fprintln(out)
		tw = tabwriter.NewWriter(out, 0, 4, 3, ' ', 0)
		fmt.Fprintf(tw, "address books (settled %v)\tRSS MiB\tPSS MiB\n", benchSettle)
		fmt.Fprintf(tw, "tray, no books\t%.1f\t%.1f\n", MiB(c.rssNone), MiB(c.pssNone))
		fmt.Fprintf(tw, "tray, %d contacts + a hung CardDAV server\t%.1f\t%.1f\n", benchBookSize, MiB(c.rssBooks), MiB(c.pssBooks))
		if c.children > 0 {
			fmt.Fprintf(tw, "  its address-book process (%d)\t%.1f\t%.1f\n", c.children, MiB(c.rssChild), MiB(c.pssChild))
		}
		booksRSS, booksPSS := c.rssBooks+c.rssChild, c.pssBooks+c.pssChild
		fmt.Fprintf(tw, "difference, both processes (target <= 10 MiB)\t%+.1f\t%+.1f\n", MiB(booksRSS)-MiB(c.rssNone), MiB(booksPSS)-MiB(c.pssNone))
		fmt.Fprintf(tw, "start -> all %d contacts served\t%s\n", benchBookSize, ms(c.load))
		tw.Flush()
		tw = tabwriter.NewWriter(out, 0, 4, 3, ' ', 0)
		lat("ring -> notification (poll 1 s), with those books", c.ring)
		if len(c.ring) > 0 && len(r.ringPoll) > 0 {
			fmt.Fprintf(tw, "  p50 with books / p50 without (same run)\t%s\n", ratio(float64(c.ring.Median()), float64(r.ringPoll.Median())))
		}
		tw.Flush()
	}

	fmt.Fprintln(out)
	fmt.Fprint(out, `Latencies run from the cause (phonesim starting the ring; xdotool started for
the key press; the process started) to the effect: Notify received on the
session bus; the popup's MapNotify from the X server (xev, ~1 ms); the phone
logging the api-make_call/api-send_key; the item in the watcher's
RegisteredStatusNotifierItems (its signal). Rings fall at random points of
the 1 s poll cycle, hotkey presses too. p95 is the nearest rank (of 20 runs:
the 19th; of 10: the largest).
Idle: CPU from /proc/PID/stat utime+stime (in 10 ms ticks) and from
/proc/PID/task/*/schedstat (in ns) over the window,
wake-ups = voluntary+nonvoluntary context switches of all threads
(/proc/PID/task/*/status), memory from /proc/PID/smaps_rollup at its end;
the three processes run side by side on one headless desktop (Xvfb), the
poller and gxptray each against a simulated phone of their own.
`)
	for _, e := range r.errs {
		fmt.Fprintf(out, "FAILED: %s\n", e)
	}
}

// reportMetrics gives the main figures to the benchmark framework, for
// benchstat and the like.
func (r *benchReport) reportMetrics(b *testing.B) {
	b.ReportMetric(0, "ns/op") // one run of everything: ns/op means nothing
	med := func(l Latencies, unit string) {
		if len(l) > 0 {
			b.ReportMetric(Millis(l.Median()), unit)
		}
	}
	med(r.ringPoll, "ring-poll-p50-ms")
	med(r.ringPush, "ring-push-p50-ms")
	med(r.popup, "popup-p50-ms")
	med(r.hotkey, "hotkey-p50-ms")
	med(r.startup, "startup-p50-ms")
	if len(r.idle) > 0 {
		us := r.idle[0]
		b.ReportMetric(us.cost.CPU, "idle-cpu-%")
		if us.cost.CPUSched >= 0 {
			b.ReportMetric(us.cost.CPUSched, "idle-cpu-sched-%")
		}
		b.ReportMetric(us.cost.Wakeups, "idle-wakeups/s")
		b.ReportMetric(MiB(us.mem.RSS), "idle-rss-MiB")
		b.ReportMetric(MiB(us.mem.PSS), "idle-pss-MiB")
	}
	if c := r.contacts; c != nil {
		b.ReportMetric(MiB(c.rssBooks+c.rssChild)-MiB(c.rssNone), "books-100k-rss-MiB")
		med(c.ring, "ring-poll-books-p50-ms")
	}
	if len(r.phone) > 0 {
		p := r.phone[0]
		b.ReportMetric(p.perMinute(float64(p.requests)), "phone-req/min")
		b.ReportMetric(p.perMinute(float64(p.conns)), "phone-conns/min")
	}
}

// cpuModel is ", <model name>" from /proc/cpuinfo, or "".
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return ", " + strings.Join(strings.Fields(v), " ")
		}
	}
	return ""
}
