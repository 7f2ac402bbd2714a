package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/gxptray/gxptray/cti"
)

func runDial(ctx context.Context, g *globals, args []string) error {
	fs := subFlags("dial")
	tell := fs.Bool("notify", false, "also report the outcome in a desktop notification (links opened from a browser have no terminal)")
	text, number, method, err := dial(ctx, g, fs, args)
	if *tell {
		notifyDial(g, text, number, err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(g.env.Stdout, "Dialing %s (%s)\n", number, method)
	return nil
}

// dial parses the dial command line and dials; text is what was given.
func dial(ctx context.Context, g *globals, fs *flag.FlagSet, args []string) (text, number, method string, err error) {
	if err := parseSub(fs, args); err != nil {
		return "", "", "", err
	}
	if fs.NArg() == 0 {
		return "", "", "", usagef("dial: which number? e.g. gxptray dial '+7 (495) 123-45-67' or gxptray dial tel:203")
	}
	// Numbers arrive split by the shell ("8 800 555 35 35") or as one tel: URI.
	text = strings.Join(fs.Args(), " ")
	p, err := openPhone(ctx, g)
	if err != nil {
		return text, "", "", err
	}
	number, method, err = p.Dial(ctx, text)
	return text, number, method, err
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
