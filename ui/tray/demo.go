package tray

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"time"

	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/ui/service"
)

// DefaultDemoEvery is how often the demo phone rings.
const DefaultDemoEvery = 30 * time.Second

// startDemo runs a simulated phone on a loopback port that rings now and
// then, and returns the override that points the service at it.
func startDemo(ctx context.Context, every time.Duration, log *slog.Logger) (service.Override, func(), error) {
	if every <= 0 {
		every = DefaultDemoEvery
	}
	secret := make([]byte, 12)
	if _, err := rand.Read(secret); err != nil {
		return service.Override{}, nil, err
	}
	pass := hex.EncodeToString(secret)
	p := phonesim.New(phonesim.Options{
		Passcode:        pass,
		KeyInterval:     time.Second, // as slow as a real phone
		AutoAnswerAfter: 3 * time.Second,
		Logger:          log.With("component", "demo phone"),
	})
	srv, err := phonesim.Listen("127.0.0.1:0", p)
	if err != nil {
		p.Close()
		return service.Override{}, nil, err
	}
	dctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		phonesim.RunDemo(dctx, p, every)
	}()
	log.Info("demo phone running", "url", srv.URL(), "rings_every", every)
	stop := func() {
		cancel()
		<-done
		srv.Close()
		p.Close()
	}
	return service.Override{Phone: srv.URL(), Passcode: pass}, stop, nil
}
