//go:build e2e

package e2e

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/phonesim"
)

// CountingPhone is a simulated phone whose server also counts the TCP
// connections clients open, which phonesim's request log cannot tell: a
// client that reconnects for every request costs the phone (and the
// network) more than one that keeps its connection.
type CountingPhone struct {
	*phonesim.Phone
	URL string

	conns atomic.Int64
	srv   *http.Server
	done  chan struct{}
}

// NewCountingPhone serves a simulated phone made with opts (Passcode
// defaults to PhonePasscode) on a loopback port until the test ends.
func NewCountingPhone(tb testing.TB, opts phonesim.Options) *CountingPhone {
	tb.Helper()
	if opts.Passcode == "" {
		opts.Passcode = PhonePasscode
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("simulated phone: %v", err)
	}
	p := &CountingPhone{Phone: phonesim.New(opts), URL: "http://" + ln.Addr().String(), done: make(chan struct{})}
	p.srv = &http.Server{
		Handler:           p.Phone.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ConnState: func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				p.conns.Add(1)
			}
		},
	}
	go func() {
		defer close(p.done)
		if err := p.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			tb.Logf("simulated phone stopped: %v", err)
		}
	}()
	tb.Cleanup(func() {
		p.srv.Close()
		<-p.done
		p.Phone.Close()
	})
	return p
}

// Conns is the number of TCP connections accepted so far.
func (p *CountingPhone) Conns() int64 { return p.conns.Load() }

// TotalRequests counts every CTI request the phone received.
func (p *CountingPhone) TotalRequests() int {
	n := 0
	for _, c := range p.RequestCounts() {
		n += c
	}
	return n
}

// FirstRequestSince waits for the first request to one of functions that
// arrived at or after since, and returns it.
func (p *CountingPhone) FirstRequestSince(ctx context.Context, since time.Time, functions ...string) (phonesim.Request, error) {
	var found phonesim.Request
	err := p.Wait(ctx, func() bool {
		for _, r := range p.Requests() {
			if !r.Time.Before(since) && slices.Contains(functions, r.Function) {
				found = r
				return true
			}
		}
		return false
	})
	return found, err
}
