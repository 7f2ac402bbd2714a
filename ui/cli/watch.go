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
	phoneOnly := g.phoneName

	if *listen == "" && g.viaTray() {
		if c, err := trayClient(g); err == nil {
			// The tray names callers itself; books given here come on top.
			if len(g.contacts) > 0 {
				print = namedPrinter(callerNamer(ctx, g), print)
			}
			return watchTray(ctx, c, phoneOnly, print)
		}
	}
	print = namedPrinter(callerNamer(ctx, g), print)
	c, s, err := directClient(ctx, g)
	if err != nil {
		return err
	}
	m := cti.NewMonitor(c, cti.MonitorConfig{Interval: *interval, Logger: g.logger})
	if *listen != "" {
		token, err := g.pushToken(s)
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
	err = m.Run(ctx, func(e cti.Event) { print("", e) })
	if errors.Is(err, context.Canceled) || ctx.Err() != nil {
		return nil
	}
	return err
}

// watchTray prints the running tray app's events until ctx ends: of
// every phone, with the phone's name when there are several, or of the
// phone only (named with --phone).
func watchTray(ctx context.Context, c *localapi.Client, only string, print func(phone string, e cti.Event)) error {
	ch, wait := c.Subscribe(ctx)
	several := false
	for u := range ch {
		if u.State != nil {
			several = len(u.State.Phones) > 1
		}
		if u.Event == nil || only != "" && !settings.SamePhoneName(u.Phone, only) {
			continue
		}
		phone := ""
		if several {
			phone = u.Phone
		}
		print(phone, *u.Event)
	}
	if ctx.Err() != nil {
		return nil
	}
	if err := wait(); err != nil {
		return fmt.Errorf("the tray app stopped: %w", err)
	}
	return errors.New("the tray app stopped")
}

// eventPrinter prints an event of phone ("" = the only one, not named):
// a line of text, or one JSON object with "phone" first.
func eventPrinter(w io.Writer, asJSON bool) func(phone string, e cti.Event) {
	return func(phone string, e cti.Event) {
		if asJSON {
			b, err := eventJSON(phone, e)
			if err == nil {
				_, _ = w.Write(append(b, '\n'))
			}
			return
		}
		fmt.Fprintln(w, formatEvent(phone, e))
	}
}

// eventJSON is the event's JSON object (cti.Event's own shape) with the
// phone's name added as "phone" when there is one.
func eventJSON(phone string, e cti.Event) ([]byte, error) {
	b, err := json.Marshal(e)
	if err != nil || phone == "" || len(b) < 2 || b[0] != '{' {
		return b, err
	}
	name, err := json.Marshal(phone)
	if err != nil {
		return nil, err
	}
	out := append([]byte(`{"phone":`), name...)
	if len(b) > 2 {
		out = append(out, ',')
	}
	return append(out, b[1:]...), nil
}

// namedPrinter names the callers of call events that have no contact yet.
func namedPrinter(name func(string) *cti.Contact, print func(string, cti.Event)) func(string, cti.Event) {
	if name == nil {
		return print
	}
	return func(phone string, e cti.Event) {
		if e.Line != 0 && e.Contact == nil && e.Number != "" {
			if c := name(e.Number); c != nil {
				e.Contact, e.Name = c, c.Name
			}
		}
		print(phone, e)
	}
}

// formatEvent is one human-readable line per event, of phone ("" = not
// named: the only one).
func formatEvent(phone string, e cti.Event) string {
	s := e.Time.Local().Format("2006-01-02 15:04:05") + "  "
	if phone != "" {
		s += cti.CleanText(phone) + "  "
	}
	s += string(e.Kind)
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
