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
		if c, err := trayClient(); err == nil {
			return trayPhone{c}, nil
		}
	}
	c, s, err := directClient(ctx, g)
	if err != nil {
		return nil, err
	}
	return &directPhone{c: c, rules: cti.NumberRules{Prefix: s.DialPrefix, PlusReplacement: s.PlusReplacement}}, nil
}

// trayClient connects to the running tray process, or returns localapi.ErrNotRunning.
func trayClient() (*localapi.Client, error) {
	paths, err := settings.DefaultPaths()
	if err != nil {
		return nil, err
	}
	return localapi.Dial(paths.Socket)
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
	pass, err := passcode(g)
	if err != nil {
		return nil, s, err
	}
	cfg := cti.Config{
		Address:    addr,
		Passcode:   pass,
		TLSMode:    cti.TLSMode(s.TLSMode),
		DialMethod: cti.DialMethod(s.DialMethod),
		Account:    s.Account,
		Logger:     g.logger,
	}
	// The pinned certificate belongs to the saved phone only.
	if addr == s.Phone {
		cfg.PinnedCert = s.PinnedCert
	}
	c, err := cti.New(cfg)
	if err != nil {
		return nil, s, usagef(err.Error())
	}
	return c, s, nil
}

// passcode finds the phone's password without ever taking it from argv.
func passcode(g *globals) (string, error) {
	switch {
	case g.passcodeStdin:
		line, err := bufio.NewReader(g.env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", usagef("--password-stdin: nothing to read on standard input")
		}
		return strings.TrimRight(line, "\r\n"), nil
	case g.passcodeFile != "":
		b, err := os.ReadFile(g.passcodeFile)
		if err != nil {
			return "", usagef(fmt.Sprintf("--password-file: %v", err))
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	if p := passwordEnv(g.env.Getenv); p != "" {
		return p, nil
	}
	p, err := settings.NewKeyring(3 * time.Second).Get("passcode")
	switch {
	case err == nil && p != "":
		return p, nil
	case errors.Is(err, settings.ErrNoKeyring), errors.Is(err, settings.ErrKeyringTimeout):
		return "", usagef(fmt.Sprintf("no password: set GXPTRAY_PASSWORD or use --password-file (%v)", err))
	}
	return "", usagef("no password: set GXPTRAY_PASSWORD, use --password-file, or save it in Settings")
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
