//go:build e2e

package e2e

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Latencies are the measured delays of repeated runs of one thing.
type Latencies []time.Duration

// Median is the middle value (the mean of the two middle ones for an even
// count); 0 when there are none.
func (l Latencies) Median() time.Duration {
	s := l.sorted()
	n := len(s)
	switch {
	case n == 0:
		return 0
	case n%2 == 1:
		return s[n/2]
	default:
		return (s[n/2-1] + s[n/2]) / 2
	}
}

// Percentile is the nearest-rank p-th percentile (0 < p <= 100): the
// smallest value at least p% of the runs did not exceed. With 15 runs the
// 95th is the largest.
func (l Latencies) Percentile(p float64) time.Duration {
	s := l.sorted()
	if len(s) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	return s[min(max(rank, 1), len(s))-1]
}

// Min and Max of the runs; 0 when there are none.
func (l Latencies) Min() time.Duration {
	if len(l) == 0 {
		return 0
	}
	return slices.Min(l)
}

func (l Latencies) Max() time.Duration {
	if len(l) == 0 {
		return 0
	}
	return slices.Max(l)
}

func (l Latencies) sorted() []time.Duration {
	s := slices.Clone(l)
	slices.Sort(s)
	return s
}

// Summary is "median 612 ms   p95 980 ms   (n=15)".
func (l Latencies) Summary() string {
	if len(l) == 0 {
		return "no runs"
	}
	return fmt.Sprintf("median %s   p95 %s   min %s   max %s   (n=%d)",
		ms(l.Median()), ms(l.Percentile(95)), ms(l.Min()), ms(l.Max()), len(l))
}

// ms writes d in milliseconds, with a decimal below 10 ms.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	if v < 10 {
		return fmt.Sprintf("%.1f ms", v)
	}
	return fmt.Sprintf("%.0f ms", v)
}

// Millis is d in milliseconds, for benchmark metrics.
func Millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// ratio writes a/b as "1.23x", or "-" when b is zero or either is
// unknown (negative).
func ratio(a, b float64) string {
	if b <= 0 || a < 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", a/b)
}
