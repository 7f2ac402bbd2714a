package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// phone is what the call commands need, whether they go through the running
// tray process or straight to the phone.
type phone interface {
	Dial(ctx context.Context, text string) (number, method string, err error)
	Operate(ctx context.Context, op cti.Operation) error
	SendKeys(ctx context.Context, keys []string) error
	System(ctx context.Context, request string) error
}

// openPhone prefers the running tray process, which serializes every command
// to the phone; a phone named on the command line is always talked to directly.
func openPhone(ctx context.Context, g *globals) (phone, error) {
	if !g.direct && g.phone == "" && g.env.Getenv("GXPTRAY_PHONE") == "" {
		if c, err := trayClient(g); err == nil {
			return trayPhone{c}, nil
		}
	}
	c, s, err := directClient(ctx, g)
	if err != nil {
		return nil, err
	}
	return &directPhone{c: c, rules: cti.NumberRules{Prefix: s.DialPrefix, PlusReplacement: s.PlusReplacement}}, nil
}

// trayClient connects to the running tray process, or returns
// localapi.ErrNotRunning. A socket that is not the user's own is refused,
// and the person is told so before the command goes to the phone directly.
func trayClient(g *globals) (*localapi.Client, error) {
	paths, err := settings.DefaultPaths()
	if err != nil {
		return nil, err
	}
	c, err := localapi.Dial(paths.Socket)
	if errors.Is(err, localapi.ErrNotTrusted) {
		fmt.Fprintf(g.env.Stderr, "gxptray: warning: %v; talking to the phone directly\n", err)
	}
	return c, err
}

// directClient builds a cti.Client from flags, environment and saved settings.
func directClient(ctx context.Context, g *globals) (*cti.Client, settings.Settings, error) {
	s := settings.Defaults()
	paths, err := settings.DefaultPaths()
	if err == nil {
		if loaded, _, lerr := settings.Load(paths.ConfigFile); lerr == nil {
			s = loaded
		}
	}
	addr := firstNonEmpty(g.phone, g.env.Getenv("GXPTRAY_PHONE"), s.Phone)
	if addr == "" {
		return nil, s, usagef("no phone address: use --phone ADDRESS, set GXPTRAY_PHONE, or save it in Settings")
	}
	pass, err := passcode(g, addr, s.Phone)
	if err != nil {
		return nil, s, err
	}
	configFile := paths.ConfigFile
	cfg := cti.Config{
		Address:    addr,
		Passcode:   pass,
		TLSMode:    cti.TLSMode(s.TLSMode),
		DialMethod: cti.DialMethod(s.DialMethod),
		Account:    s.Account,
		Logger:     g.logger,
		// Every phone is pinned by its canonical address, whichever way it
		// was given: the settings' phone in the settings file, others in
		// the known-phones file next to it (trust on first use).
		PinnedCert: settings.PinFor(configFile, s, addr),
		OnPin: func(fp string) {
			if configFile == "" {
				return
			}
			if err := settings.SavePin(configFile, addr, fp); err != nil {
				g.logger.Warn("could not save the pinned certificate", "err", err)
			}
		},
	}
	c, err := cti.New(cfg)
	if err != nil {
		return nil, s, usagef(err.Error())
	}
	return c, s, nil
}

// passcode finds the passcode of the phone at addr without ever taking it
// from argv: typed by the person (standard input, a file, GXPTRAY_PASSCODE)
// for whatever phone they name, or the one stored in the keyring, which goes
// only to the phone it was saved for (savedPhone: the settings' phone, the
// owner of a passcode saved before owners were recorded).
func passcode(g *globals, addr, savedPhone string) (string, error) {
	if p, ok, err := typedPasscode(g); ok || err != nil {
		return p, err
	}
	p, err := settings.PasscodeFor(settings.NewKeyring(3*time.Second), addr, savedPhone)
	var other *settings.OtherPhoneError
	switch {
	case err == nil && p != "":
		return p, nil
	case errors.As(err, &other):
		return "", usagef(fmt.Sprintf("the passcode saved in the keyring belongs to %s, not to %s: set GXPTRAY_PASSCODE or use --passcode-file for %[2]s", other.SavedFor, other.Asked))
	case errors.Is(err, settings.ErrNoKeyring), errors.Is(err, settings.ErrKeyringTimeout):
		return "", usagef(fmt.Sprintf("no passcode: set GXPTRAY_PASSCODE or use --passcode-file (%v)", err))
	}
	return "", usagef("no passcode: set GXPTRAY_PASSCODE, use --passcode-file, or save it in Settings")
}

// typedPasscode is a passcode the person gave this run; ok is false when
// they gave none.
func typedPasscode(g *globals) (pass string, ok bool, err error) {
	switch {
	case g.passcodeStdin:
		line, err := bufio.NewReader(g.env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", false, usagef("--passcode-stdin: nothing to read on standard input")
		}
		return strings.TrimRight(line, "\r\n"), true, nil
	case g.passcodeFile != "":
		b, err := os.ReadFile(g.passcodeFile)
		if err != nil {
			return "", false, usagef(fmt.Sprintf("--passcode-file: %v", err))
		}
		return strings.TrimRight(string(b), "\r\n"), true, nil
	}
	if p := g.env.Getenv("GXPTRAY_PASSCODE"); p != "" {
		return p, true, nil
	}
	return "", false, nil
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

type trayPhone struct{ c *localapi.Client }

func (t trayPhone) Dial(ctx context.Context, text string) (string, string, error) {
	d, err := t.c.Dial(ctx, text)
	return d.Number, d.Method, err
}
func (t trayPhone) Operate(ctx context.Context, op cti.Operation) error { return t.c.Operate(ctx, op) }
func (t trayPhone) SendKeys(ctx context.Context, keys []string) error   { return t.c.SendKeys(ctx, keys) }
func (t trayPhone) System(ctx context.Context, request string) error {
	return t.c.System(ctx, request, request)
}

type directPhone struct {
	c     *cti.Client
	rules cti.NumberRules
}

func (d *directPhone) Dial(ctx context.Context, text string) (string, string, error) {
	number, err := d.rules.Normalize(text)
	if err != nil {
		return "", "", err
	}
	res, err := d.c.Dial(ctx, number)
	return number, string(res.Method), err
}
func (d *directPhone) Operate(ctx context.Context, op cti.Operation) error {
	return d.c.Operate(ctx, op)
}
func (d *directPhone) SendKeys(ctx context.Context, keys []string) error {
	return d.c.SendKeys(ctx, keys...)
}
func (d *directPhone) System(ctx context.Context, request string) error {
	if request == "RESET" {
		return d.c.FactoryReset(ctx)
	}
	return d.c.Reboot(ctx)
}
