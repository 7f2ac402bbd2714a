package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
)

func runDial(ctx context.Context, g *globals, args []string) error {
	fs := subFlags("dial")
	tell := fs.Bool("notify", false, "also report the outcome in a desktop notification (links opened from a browser have no terminal)")
	if err := parseSub(fs, args); err != nil {
		if *tell || slices.Contains(args, "--notify") || slices.Contains(args, "-notify") {
			notifyDial(g, "", "", err) // a link's command line: nobody reads standard error
		}
		return err
	}
	if fs.NArg() == 0 {
		err := usagef("dial: which number? e.g. gxptray dial '+7 (495) 123-45-67' or gxptray dial tel:203")
		if *tell {
			notifyDial(g, "", "", err)
		}
		return err
	}
	// Numbers arrive split by the shell ("8 800 555 35 35") or as one tel: URI.
	text := strings.Join(fs.Args(), " ")
	p, err := openPhone(ctx, g)
	var d localapi.Dialed
	if err == nil {
		d, err = p.Dial(ctx, text, *tell)
	}
	_, viaTray := p.(trayPhone)
	if *tell && !viaTray {
		// The tray process announces its dials itself, with their outcome.
		notifyDial(g, text, d.Number, err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(g.env.Stdout, "Dialing %s (%s)\n", d.Number, dialMethodText(d.Method))
	return p.FinishDial(ctx, d, g.env.Stdout)
}

// dialMethodText says how the phone dials, without the API's names.
func dialMethodText(m string) string {
	switch cti.DialMethod(m) {
	case cti.DialMakeCall:
		return "instant dialing"
	case cti.DialKeys:
		return "by pressing the keys"
	}
	return m
}

// opCommand runs one api-phone_operation.
func opCommand(op cti.Operation) func(context.Context, *globals, []string) error {
	return func(ctx context.Context, g *globals, args []string) error {
		fs := subFlags(string(op))
		if err := parseSub(fs, args); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			return usagef(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
		}
		p, err := openPhone(ctx, g)
		if err != nil {
			return err
		}
		return p.Operate(ctx, op)
	}
}

func runKeys(ctx context.Context, g *globals, args []string) error {
	fs := subFlags("keys")
	if err := parseSub(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("keys: give the keys as one argument, e.g. gxptray keys LINE1:2:0:3:SEND")
	}
	keys, err := cti.ParseKeys(fs.Arg(0))
	if err != nil {
		return err
	}
	p, err := openPhone(ctx, g)
	if err != nil {
		return err
	}
	return p.SendKeys(ctx, keys)
}

// sysCommand runs api-sys_operation, which needs --yes: a reset erases the
// phone's whole configuration.
func sysCommand(request string) func(context.Context, *globals, []string) error {
	return func(ctx context.Context, g *globals, args []string) error {
		name := strings.ToLower(request)
		fs := subFlags(name)
		yes := fs.Bool("yes", false, "really do it")
		if err := parseSub(fs, args); err != nil {
			return err
		}
		if !*yes {
			if request == "RESET" {
				return usagef("reset erases the phone's whole configuration (accounts, passwords, settings); run `gxptray reset --yes` if you mean it")
			}
			return usagef("reboot cuts calls in progress; run `gxptray reboot --yes` if you mean it")
		}
		p, err := openPhone(ctx, g)
		if err != nil {
			return err
		}
		if err := p.System(ctx, request); err != nil {
			return err
		}
		fmt.Fprintf(g.env.Stdout, "The phone accepted %s; it will be unreachable for a minute or two.\n", name)
		return nil
	}
}
