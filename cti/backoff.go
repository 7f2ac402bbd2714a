package cti

import (
	"math/rand/v2"
	"time"
)

// pollBackoff spaces out the polls of a phone that does not answer:
// min, 2*min, 4*min ... up to max, each with "equal jitter" (a random delay
// in [d/2, d]) so that several desktops behind one switch that lost the phone
// at the same moment do not come back in lock-step.
type pollBackoff struct {
	min, max time.Duration
	failures int
	rand     func() float64 // [0,1); nil = math/rand/v2
}

// next returns the delay before the next attempt and counts one failure.
func (b *pollBackoff) next() time.Duration {
	d := b.nominal(b.failures)
	b.failures++
	r := rand.Float64
	if b.rand != nil {
		r = b.rand
	}
	half := d / 2
	return half + time.Duration(r()*float64(d-half))
}

// nominal is the un-jittered delay after n earlier failures.
func (b *pollBackoff) nominal(n int) time.Duration {
	d := b.min
	for i := 0; i < n && d < b.max; i++ {
		d *= 2
	}
	if d > b.max {
		d = b.max
	}
	return d
}

// reset forgets the failures: the phone answered.
func (b *pollBackoff) reset() { b.failures = 0 }
