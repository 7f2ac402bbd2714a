package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

func runWatch(ctx context.Context, g *globals, args []string) error {
	fs := subFlags("watch")
	asJSON := fs.Bool("json", false, "one JSON object per line")
	listen := fs.String("listen", "", "also receive the phone's Action URL requests on `ADDR` (e.g. 0.0.0.0:8765)")
	interval := fs.Duration("interval", time.Second, "poll interval (250ms to 10s)")
	fs.Var(g.sourcesFlag(), "contacts", contactsUsage)
	if err := parseSub(fs, args); err != nil {
		return err
	}
	if g.contactsErr != nil {
		return g.contactsErr
	}
	if *interval < 250*time.Millisecond || *interval > 10*time.Second {
		return usagef("--interval must be between 250ms and 10s")
	}
	print := eventPrinter(g.env.Stdout, *asJSON)

	if *listen == "" && !g.direct && g.phone == "" && g.env.Getenv("GXPTRAY_PHONE") == "" {
		if c, err := trayClient(g); err == nil {
			// The tray names callers itself; books given here come on top.
			if len(g.contacts) > 0 {
				print = namedPrinter(callerNamer(ctx, g), print)
			}
			return watchTray(ctx, c, print)
		}
	}
	print = namedPrinter(callerNamer(ctx, g), print)
	c, _, err := directClient(ctx, g)
	if err != nil {
		return err
	}
	m := cti.NewMonitor(c, cti.MonitorConfig{Interval: *interval, Logger: g.logger})
	if *listen != "" {
		token, err := settings.PushToken(settings.NewKeyring(3 * time.Second))
		if err != nil {
			return fmt.Errorf("the Action URL listener needs a secret token kept in the keyring: %w", err)
		}
		pl, err := cti.NewPushListener(cti.PushConfig{Addr: *listen, Token: token, Logger: g.logger,
			OnPush: func(cti.PushEvent) { m.NotePush() }})
		if err != nil {
			return usagef(fmt.Sprintf("--listen: %v", err))
		}
		ln, err := net.Listen("tcp", *listen)
		if err != nil {
			return usagef(fmt.Sprintf("--listen: %v", err))
		}
		fmt.Fprintf(g.env.Stderr, "Listening for the phone's Action URL requests on %s (see `gxptray actionurl --listen %s`)\n", ln.Addr(), *listen)
		go func() {
			if err := pl.Serve(ctx, ln); err != nil && ctx.Err() == nil {
				g.logger.Error("Action URL listener stopped", "err", err)
			}
		}()
	}
	err = m.Run(ctx, print)
	if errors.Is(err, context.Canceled) || ctx.Err() != nil {
		return nil
	}
	return err
}

// watchTray prints the running tray app's events until ctx ends.
func watchTray(ctx context.Context, c *localapi.Client, print func(cti.Event)) error {
	ch, wait := c.Subscribe(ctx)
	for u := range ch {
		if u.Event != nil {
			print(*u.Event)
		}
	}
	if ctx.Err() != nil {
		return nil
	}
	if err := wait(); err != nil {
		return fmt.Errorf("the tray app stopped: %w", err)
	}
	return errors.New("the tray app stopped")
}

func eventPrinter(w io.Writer, asJSON bool) func(cti.Event) {
	enc := json.NewEncoder(w)
	return func(e cti.Event) {
		if asJSON {
			_ = enc.Encode(e)
			return
		}
		fmt.Fprintln(w, formatEvent(e))
	}
}

// namedPrinter names the callers of call events that have no contact yet.
func namedPrinter(name func(string) *cti.Contact, print func(cti.Event)) func(cti.Event) {
	if name == nil {
		return print
	}
	return func(e cti.Event) {
		if e.Line != 0 && e.Contact == nil && e.Number != "" {
			if c := name(e.Number); c != nil {
				e.Contact, e.Name = c, c.Name
			}
		}
		print(e)
	}
}

// formatEvent is one human-readable line per event.
func formatEvent(e cti.Event) string {
	s := e.Time.Local().Format("2006-01-02 15:04:05") + "  " + string(e.Kind)
	if e.Line != 0 {
		s += fmt.Sprintf("  line %d", e.Line)
	}
	if who := callerText(e.Name, e.Number); who != "" {
		s += "  " + who
	}
	if e.Kind == cti.EventEnded {
		s += fmt.Sprintf("  %s  %s", e.Outcome, e.Duration.Round(time.Second))
	}
	if e.Err != "" {
		s += "  (" + cti.CleanText(e.Err) + ")"
	}
	return s
}
