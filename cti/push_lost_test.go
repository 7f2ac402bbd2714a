package cti_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/cti/testkit"
)

// A push that never arrives (refused in a flood, lost on the network) loses
// no call: the line-status poll, slowed while pushes arrive, still reports
// the ring.
func TestLostPushLosesNoCall(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{}, nil)
	m := cti.NewMonitor(c, cti.MonitorConfig{Interval: 20 * time.Millisecond, PushInterval: 300 * time.Millisecond, AllowFastPolling: true})
	const token = "0123456789abcdef-lost-push"
	pl, err := cti.NewPushListener(cti.PushConfig{Token: token, OnPush: func(cti.PushEvent) { m.NotePush() }})
	if err != nil {
		t.Fatal(err)
	}
	ln := testkit.Listen(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	go pl.Serve(ctx, ln)
	incoming := make(chan cti.Event, 16)
	go m.Run(ctx, func(e cti.Event) {
		if e.Kind == cti.EventIncoming {
			incoming <- e
		}
	})
	// Pushes work: the phone reported an earlier event, polling slows down.
	if err := p.Wait(ctx, func() bool { return p.RequestCount("api-get_line_status") > 0 }); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + ln.Addr().String() + "/" + token + "/terminated")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("push: %s", resp.Status)
	}
	// The poll the push asked for is done.
	polls := p.RequestCount("api-get_line_status")
	if err := p.Wait(ctx, func() bool { return p.RequestCount("api-get_line_status") > polls }); err != nil {
		t.Fatal(err)
	}
	// The call rings; its push is lost.
	if _, err := p.Ring("203", "Ivan"); err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-incoming:
		if e.Number != "203" {
			t.Fatalf("incoming %+v", e)
		}
	case <-ctx.Done():
		t.Fatal("the ring was never reported without its push")
	}
}
