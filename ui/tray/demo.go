package tray

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/ui/service"
	"github.com/gxptray/gxptray/ui/settings"
)

// DefaultDemoEvery is how often the demo phone rings.
const DefaultDemoEvery = 30 * time.Second

// EnvDemo marks the window processes of a demo run ("1"): they keep
// secrets in memory, never in the keyring of the real phone.
const EnvDemo = "GXPTRAY_DEMO"

// DemoPaths are the demo's own files, beside the real ones: each folder
// with "-demo" appended (~/.config/gxptray-demo, ~/.local/share/gxptray-demo,
// and its own socket, so the demo even runs next to the real app). The
// demo's invented calls never reach the real history, its settings never
// the real settings.
func DemoPaths(p settings.Paths) settings.Paths {
	dir := func(d string) string {
		if d == "" {
			return ""
		}
		return filepath.Clean(d) + "-demo"
	}
	in := func(d, file string) string {
		if file == "" {
			return ""
		}
		return filepath.Join(d, filepath.Base(file))
	}
	out := settings.Paths{ConfigDir: dir(p.ConfigDir), DataDir: dir(p.DataDir), RuntimeDir: dir(p.RuntimeDir)}
	out.ConfigFile = in(out.ConfigDir, p.ConfigFile)
	out.HistoryFile = in(out.DataDir, p.HistoryFile)
	out.Socket = in(out.RuntimeDir, p.Socket)
	return out
}

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
