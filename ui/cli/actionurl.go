package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"text/tabwriter"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
	"github.com/gxptray/gxptray/ui/webphone"
)

type actionURLFlags struct {
	listen, host, user string
	install, uninstall bool
	replace, yes       bool
}

func runActionURL(ctx context.Context, g *globals, args []string) error {
	fs := subFlags("actionurl")
	var f actionURLFlags
	fs.StringVar(&f.listen, "listen", "", "the listener `ADDR` (default: the push listener in Settings)")
	fs.StringVar(&f.host, "host", "", "this computer's address as the phone sees it, `HOST` (default: found from the route to the phone)")
	fs.BoolVar(&f.install, "install", false, "write the fields on the phone through its web session (empty fields and GXP Tray's own only)")
	fs.BoolVar(&f.uninstall, "uninstall", false, "empty the fields that hold GXP Tray's URLs; others stay as they are")
	fs.BoolVar(&f.replace, "replace", false, "with --install: also replace URLs of other programs")
	fs.BoolVar(&f.yes, "yes", false, "do not ask for confirmation")
	fs.StringVar(&f.user, "user", cti.DefaultWebUser, "the phone's web `ACCOUNT` (its password is the phone password GXP Tray has)")
	if err := parseSub(fs, args); err != nil {
		return err
	}
	if f.install && f.uninstall {
		return usagef("--install and --uninstall: give one")
	}
	if f.install || f.uninstall {
		if done, err := actionURLsThroughTray(ctx, g, f); done {
			return err
		}
	}
	if f.uninstall {
		return uninstallActionURLs(ctx, g, f)
	}
	s := savedSettings()
	addr, base, err := actionURLBase(g, s, f)
	if err != nil {
		return err
	}
	token, err := g.pushToken(s)
	if err != nil {
		return fmt.Errorf("the Action URL needs a secret token kept in the keyring: %w", err)
	}
	if f.install {
		if err := installActionURLs(ctx, g, f, base, token); err != nil {
			return err
		}
	} else if err := printActionURLFields(g.env.Stdout, cti.ActionURLFields(base, token)); err != nil {
		return err
	}
	fmt.Fprintf(g.env.Stdout, "\nThen run the tray app with the push listener on %s (Settings), or `gxptray watch --listen %s`.\n", addr, addr)
	return nil
}

// actionURLBase is the listener address and the base URL the phone reaches it by.
func actionURLBase(g *globals, s settings.Settings, f actionURLFlags) (addr, base string, err error) {
	addr = firstNonEmpty(f.listen, s.PushListen)
	if addr == "" {
		return "", "", usagef("no push listener: give --listen ADDR (e.g. 0.0.0.0:8765) or set it in Settings")
	}
	lhost, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" || port == "0" {
		return "", "", usagef(fmt.Sprintf("--listen %q: want HOST:PORT with a fixed port, e.g. 0.0.0.0:8765", addr))
	}
	phone := g.phoneAddress(s)
	if f.host != "" {
		lhost = f.host
	}
	tcpAddr, err := net.ResolveTCPAddr("tcp", net.JoinHostPort(lhost, port))
	if err != nil {
		return "", "", usagef(fmt.Sprintf("--host/--listen: %v", err))
	}
	base = cti.PushBaseURL(tcpAddr, phone)
	if base == "" {
		return "", "", usagef("cannot tell this computer's address as the phone sees it: give --host")
	}
	return addr, base, nil
}

func printActionURLFields(w io.Writer, fields []cti.ActionURLField) error {
	fmt.Fprintf(w, "Paste these into the phone's web page: %s\n", cti.ActionURLSettingsPage)
	fmt.Fprintf(w, "(or let GXP Tray write them: gxptray actionurl --install)\n\n")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, f := range fields {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", f.Label, f.PValue, f.URL)
	}
	return tw.Flush()
}

// installActionURLs shows what would be written, asks, writes, and prints
// what the phone kept. One web session for all of it.
func installActionURLs(ctx context.Context, g *globals, f actionURLFlags, base, token string) error {
	if err := canConfirm(g, f.yes, "gxptray actionurl --install --yes"); err != nil {
		return err // before logging in: the login alone ends the person's web session
	}
	c, _, err := directClient(ctx, g)
	if err != nil {
		return err
	}
	defer c.Close()
	cat := userCatalog(g)
	return c.WithSession(ctx, cti.SessionOptions{User: f.user}, func(s *cti.Session) error {
		fields := cti.ActionURLFields(base, token)
		if _, err := s.DND(ctx); err == nil {
			// The firmware has DND: its events keep the tray's DND item true.
			fields = append(fields, cti.ActionURLDNDFields(base, token)...)
		}
		plan, err := s.PlanActionURLs(ctx, fields, token, f.replace)
		if err != nil {
			return err
		}
		fmt.Fprintln(g.env.Stdout, cat.T("webphone.plan_title", c.BaseURL()))
		printSlots(g.env.Stdout, cat, plan, true)
		todo := plan.Count(cti.SlotInstalled) + plan.Count(cti.SlotReplaced)
		if ok, err := confirmInstall(g, cat, f, todo, plan.Count(cti.SlotForeign)); !ok {
			return err
		}
		rep, err := s.InstallActionURLs(ctx, fields, token, f.replace)
		if len(rep.Slots) > 0 {
			fmt.Fprintln(g.env.Stdout, cat.T("webphone.result_title"))
			printSlots(g.env.Stdout, cat, rep, false)
		}
		return err
	})
}

func uninstallActionURLs(ctx context.Context, g *globals, f actionURLFlags) error {
	if err := canConfirm(g, f.yes, "gxptray actionurl --uninstall --yes"); err != nil {
		return err
	}
	s := savedSettings()
	token, err := g.pushToken(s)
	if err != nil {
		return fmt.Errorf("the Action URL token is kept in the keyring: %w", err)
	}
	c, _, err := directClient(ctx, g)
	if err != nil {
		return err
	}
	defer c.Close()
	cat := userCatalog(g)
	if err := confirm(g, f.yes, cat.T("webphone.confirm_uninstall", f.user), "gxptray actionurl --uninstall --yes"); err != nil {
		return err
	}
	return c.WithSession(ctx, cti.SessionOptions{User: f.user}, func(s *cti.Session) error {
		rep, err := s.UninstallActionURLs(ctx, token)
		if len(rep.Slots) > 0 {
			fmt.Fprintln(g.env.Stdout, cat.T("webphone.result_title"))
			printSlots(g.env.Stdout, cat, rep, false)
		}
		return err
	})
}

// canConfirm: without --yes a person must be there to answer.
func canConfirm(g *globals, yes bool, again string) error {
	if yes || stdinIsTerminal(g.env.Stdin) {
		return nil
	}
	return usagef("this changes the phone's settings and there is no terminal to ask on: nothing was changed; run `" + again + "` to go ahead")
}

// confirm asks on a terminal (canConfirm checked there is one, or --yes).
func confirm(g *globals, yes bool, question, again string) error {
	if err := canConfirm(g, yes, again); err != nil || yes {
		return err
	}
	if askYes(g, question) {
		return nil
	}
	return errNotConfirmed
}

var errNotConfirmed = errors.New("nothing was changed")

func printSlots(w io.Writer, cat *i18n.Catalog, rep cti.ActionURLReport, plan bool) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, sl := range rep.Slots {
		extra := ""
		switch sl.State {
		case cti.SlotForeign, cti.SlotReplaced:
			extra = cti.CleanText(sl.Before)
		case cti.SlotIgnored:
			extra = cti.CleanText(sl.After)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", sl.Label, sl.PValue, webphone.SlotWords(cat, sl.State, plan), extra)
	}
	tw.Flush()
}

// actionURLsThroughTray installs or uninstalls through the running tray
// process, which owns the listener and the phone's connection and then
// checks that the phone's requests arrive. done is false when there is no
// tray process, or the command names its own phone, listener or account.
func actionURLsThroughTray(ctx context.Context, g *globals, f actionURLFlags) (done bool, err error) {
	if !g.viaTray() || f.listen != "" || f.host != "" || f.user != cti.DefaultWebUser {
		return false, nil
	}
	if err := canConfirm(g, f.yes, "gxptray actionurl --install --yes"); err != nil {
		return true, err
	}
	c, err := trayClient(g)
	if err != nil {
		return false, nil
	}
	defer c.Close()
	cat := userCatalog(g)
	if f.uninstall {
		if err := confirm(g, f.yes, cat.T("webphone.confirm_uninstall", f.user), "gxptray actionurl --uninstall --yes"); err != nil {
			return true, err
		}
		res, err := c.UninstallActionURLs(ctx)
		return true, printTrayResult(g, cat, res, err, false)
	}
	return true, installThroughTray(ctx, g, c, cat, f)
}

// installThroughTray shows the tray's plan, asks, and has it write.
func installThroughTray(ctx context.Context, g *globals, c *localapi.Client, cat *i18n.Catalog, f actionURLFlags) error {
	plan, err := c.PlanActionURLs(ctx, f.replace)
	if err != nil || !plan.OK {
		return printTrayResult(g, cat, plan, err, true)
	}
	phone := ""
	if st, err := c.State(ctx); err == nil {
		phone = st.Phone
	}
	fmt.Fprintln(g.env.Stdout, cat.T("webphone.plan_title", phone))
	printOutcomes(g.env.Stdout, plan.Slots)
	todo, foreign := 0, 0
	for _, sl := range plan.Slots {
		switch sl.State {
		case cti.SlotInstalled, cti.SlotReplaced:
			todo++
		case cti.SlotForeign:
			foreign++
		}
	}
	if ok, err := confirmInstall(g, cat, f, todo, foreign); !ok {
		return err
	}
	res, err := c.InstallActionURLs(ctx, f.replace)
	if err == nil && res.OK {
		fmt.Fprintln(g.env.Stdout, cat.T("webphone.setup_done"))
	}
	return printTrayResult(g, cat, res, err, false)
}

// confirmInstall follows a plan with todo fields to write and foreign ones
// of other programs: it points at the foreign ones, says when there is
// nothing to do, else asks the person (unless --yes). ok: go on and write;
// when not, err is why (nil: nothing to do).
func confirmInstall(g *globals, cat *i18n.Catalog, f actionURLFlags, todo, foreign int) (ok bool, err error) {
	if foreign > 0 {
		fmt.Fprintln(g.env.Stdout, cat.T("webphone.foreign_hint", foreign))
	}
	if todo == 0 {
		fmt.Fprintln(g.env.Stdout, cat.T("webphone.nothing_to_do"))
		return false, nil
	}
	if err := confirm(g, f.yes, cat.T("webphone.confirm_install", todo, f.user), "gxptray actionurl --install --yes"); err != nil {
		return false, err
	}
	return true, nil
}

// printTrayResult prints the tray's field by field report and turns its
// worded failure into the command's error.
func printTrayResult(g *globals, cat *i18n.Catalog, res localapi.ActionURLResult, err error, plan bool) error {
	if err != nil {
		return err
	}
	if len(res.Slots) > 0 && !plan {
		fmt.Fprintln(g.env.Stdout, cat.T("webphone.result_title"))
		printOutcomes(g.env.Stdout, res.Slots)
	}
	if !res.OK {
		return trayProblem{res.Problem, res.Hint, res.Kind}
	}
	return nil
}

func printOutcomes(w io.Writer, slots []localapi.SlotOutcome) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, sl := range slots {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", sl.Label, sl.PValue, sl.Words, cti.CleanText(sl.Value))
	}
	tw.Flush()
}
