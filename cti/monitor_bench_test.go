package cti_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/cti/testkit"
)

// BenchmarkRingToIncomingEvent measures the delay from a call starting to
// ring on the (simulated) phone to the monitor delivering EventIncoming:
// with polling alone at the default 1 s, and with the phone's Action URL
// push poking the monitor. Each ring happens at a random point of the poll
// cycle. Run it as
//
//	go test -run '^$' -bench RingToIncoming -benchtime 10x ./cti/
func BenchmarkRingToIncomingEvent(b *testing.B) {
	if testing.Short() {
		b.Skip("real-time benchmark (seconds per iteration)")
	}
	b.Run("poll-1s", func(b *testing.B) { benchRing(b, false) })
	b.Run("push", func(b *testing.B) { benchRing(b, true) })
}

func benchRing(b *testing.B, push bool) {
	const token = "bench-token-0123456789"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	m := new(*cti.Monitor) // set below; the push listener needs it first
	opts := phonesim.Options{Passcode: "admin"}
	if push {
		pl, err := cti.NewPushListener(cti.PushConfig{Token: token, OnPush: func(cti.PushEvent) { (*m).NotePush() }})
		if err != nil {
			b.Fatal(err)
		}
		ln := testkit.Listen(b)
		served := make(chan struct{})
		go func() { pl.Serve(ctx, ln); close(served) }()
		defer func() { cancel(); <-served }()
		opts.ActionURLs = map[string]string{}
		for _, f := range cti.ActionURLFields("http://"+ln.Addr().String(), token) {
			opts.ActionURLs[f.Event] = f.URL
		}
	}
	p := phonesim.New(opts)
	defer p.Close()
	srv, err := phonesim.Listen("127.0.0.1:0", p)
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	c, err := cti.New(cti.Config{Address: srv.URL(), Passcode: "admin"})
	if err != nil {
		b.Fatal(err)
	}
	*m = cti.NewMonitor(c, cti.MonitorConfig{Interval: time.Second})
	incoming := make(chan time.Time, 16)
	ended := make(chan struct{}, 16)
	online := make(chan struct{}, 1)
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		(*m).Run(ctx, func(e cti.Event) {
			switch e.Kind {
			case cti.EventOnline:
				online <- struct{}{}
			case cti.EventIncoming:
				incoming <- time.Now()
			case cti.EventEnded:
				ended <- struct{}{}
			}
		})
	}()
	defer func() { cancel(); <-ran }()
	wait := func(ch <-chan struct{}, what string) {
		select {
		case <-ch:
		case <-time.After(30 * time.Second):
			b.Fatalf("no %s event", what)
		}
	}
	wait(online, "online")

	delays := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for range b.N {
		// A random phase against the poll cycle.
		time.Sleep(rand.N(time.Second))
		start := time.Now()
		line, err := p.Ring("+15555550100", "Acme Corp")
		if err != nil {
			b.Fatal(err)
		}
		select {
		case at := <-incoming:
			delays = append(delays, at.Sub(start))
		case <-time.After(30 * time.Second):
			b.Fatal("no incoming event")
		}
		if err := p.RemoteHangup(line); err != nil {
			b.Fatal(err)
		}
		wait(ended, "ended")
	}
	b.StopTimer()
	slices.Sort(delays)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(delays[len(delays)/2]), "median-ms")
	b.ReportMetric(ms(delays[(len(delays)*95+99)/100-1]), "p95-ms")
}
