package cli

import (
	"context"
	"fmt"
	"net"
	"text/tabwriter"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/settings"
)

func runActionURL(ctx context.Context, g *globals, args []string) error {
	fs := subFlags("actionurl")
	listen := fs.String("listen", "", "the listener `ADDR` (default: the push listener in Settings)")
	host := fs.String("host", "", "this computer's address as the phone sees it, `HOST` (default: found from the route to the phone)")
	if err := parseSub(fs, args); err != nil {
		return err
	}
	s := settings.Defaults()
	if paths, err := settings.DefaultPaths(); err == nil {
		if loaded, _, err := settings.Load(paths.ConfigFile); err == nil {
			s = loaded
		}
	}
	addr := firstNonEmpty(*listen, s.PushListen)
	if addr == "" {
		return usagef("no push listener: give --listen ADDR (e.g. 0.0.0.0:8765) or set it in Settings")
	}
	lhost, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" || port == "0" {
		return usagef(fmt.Sprintf("--listen %q: want HOST:PORT with a fixed port, e.g. 0.0.0.0:8765", addr))
	}
	phone := firstNonEmpty(g.phone, g.env.Getenv("GXPTRAY_PHONE"), s.Phone)
	if *host != "" {
		lhost = *host
	}
	tcpAddr, err := net.ResolveTCPAddr("tcp", net.JoinHostPort(lhost, port))
	if err != nil {
		return usagef(fmt.Sprintf("--host/--listen: %v", err))
	}
	base := cti.PushBaseURL(tcpAddr, phone)
	if base == "" {
		return usagef("cannot tell this computer's address as the phone sees it: give --host")
	}
	token, err := settings.PushToken(settings.NewKeyring(3 * time.Second))
	if err != nil {
		return fmt.Errorf("the Action URL needs a secret token kept in the keyring: %w", err)
	}
	fmt.Fprintf(g.env.Stdout, "Paste these into the phone's web page: %s\n\n", cti.ActionURLSettingsPage)
	tw := tabwriter.NewWriter(g.env.Stdout, 0, 4, 2, ' ', 0)
	for _, f := range cti.ActionURLFields(base, token) {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Label, f.PValue, f.URL)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(g.env.Stdout, "\nThen run the tray app with the push listener on %s (Settings), or `gxptray watch --listen %s`.\n", addr, addr)
	return nil
}
