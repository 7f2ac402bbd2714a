package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/gxptray/gxptray/cti/phonesim"
)

func runPhonesim(ctx context.Context, g *globals, args []string) error {
	fs := subFlags("phonesim")
	listen := fs.String("listen", "127.0.0.1:8080", "serve the simulated phone on `ADDR`")
	lines := fs.Int("lines", 8, "the phone has `N` lines")
	noMakeCall := fs.Bool("no-make-call", false, "answer api-make_call with \"Invalid Request\", like a phone with Click-To-Dial off")
	keyInterval := fs.Duration("key-interval", time.Second, "time the phone takes per key")
	demo := fs.Bool("demo", false, "ring now and then with made-up callers")
	every := fs.Duration("every", 30*time.Second, "with --demo: about how often it rings")
	if err := parseSub(fs, args); err != nil {
		return err
	}
	if *lines < 1 || *lines > 16 {
		return usagef("--lines must be between 1 and 16")
	}
	if *keyInterval < 0 || *keyInterval > 10*time.Second {
		return usagef("--key-interval must be between 0 and 10s")
	}
	pass := passwordEnv(g.env.Getenv)
	if pass == "" {
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		pass = hex.EncodeToString(b)
	}
	p := phonesim.New(phonesim.Options{Passcode: pass, Lines: *lines, KeyInterval: *keyInterval,
		DisableMakeCall: *noMakeCall, Logger: g.logger})
	srv, err := phonesim.Listen(*listen, p)
	if err != nil {
		return usagef(fmt.Sprintf("--listen: %v", err))
	}
	defer p.Close()
	defer srv.Close()
	out := g.env.Stdout
	fmt.Fprintf(out, "Simulated Grandstream phone at %s\n", srv.URL())
	fmt.Fprintf(out, "Passcode: %s\n\n", pass)
	fmt.Fprintf(out, "Try:\n  GXPTRAY_PHONE=%s GXPTRAY_PASSWORD=%s gxptray status\n", srv.URL(), pass)
	fmt.Fprintf(out, "  curl '%s/cgi-bin/api-get_line_status?passcode=%s'\n", srv.URL(), pass)
	fmt.Fprintf(out, "  curl '%s/sim/ring?number=203&name=Виталик'    (make it ring)\n", srv.URL())
	fmt.Fprintf(out, "  curl '%s/sim/hangup?line=1'                   (the caller hangs up)\n\n", srv.URL())
	fmt.Fprintf(out, "Press Ctrl+C to stop.\n")
	if *demo {
		go phonesim.RunDemo(ctx, p, *every)
	}
	<-ctx.Done()
	return nil
}
