package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// phone is what the call commands need, whether they go through the running
// tray process or straight to the phone.
type phone interface {
	// Dial dials the number in text (the text, or the one number it holds).
	// announce: the tray process tells how it goes in a notification.
	Dial(ctx context.Context, text string, announce bool) (localapi.Dialed, error)
	// FinishDial presses the extension of a dialed number once the far end
	// answers, when no tray process does it; progress goes to out.
	FinishDial(ctx context.Context, d localapi.Dialed, out io.Writer) error
	Operate(ctx context.Context, op cti.Operation) error
	SendKeys(ctx context.Context, keys []string) error
	System(ctx context.Context, request string) error
}

// openPhone prefers the running tray process, which serializes every command
// to the phone; a phone named on the command line is always talked to directly.
func openPhone(ctx context.Context, g *globals) (phone, error) {
	if g.viaTray() {
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
// The client's requests are for the phone named with --phone.
func trayClient(g *globals) (*localapi.Client, error) {
	paths, err := settings.DefaultPaths()
	if err != nil {
		return nil, err
	}
	c, err := localapi.Dial(paths.Socket)
	if errors.Is(err, localapi.ErrNotTrusted) {
		fmt.Fprintf(g.env.Stderr, "gxptray: warning: %v; talking to the phone directly\n", err)
	}
	if err != nil {
		return nil, err
	}
	return c.ForPhone(g.phoneName), nil
}

// directClient builds a cti.Client from flags, environment and saved settings.
func directClient(ctx context.Context, g *globals) (*cti.Client, settings.Settings, error) {
	// Without a tray process (or with one this user cannot trust).
	s := g.phoneSettings(userSettings(ctx))
	paths, _ := settings.DefaultPaths()
	addr := g.phoneAddress(s)
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

// passcode finds the password of the phone at addr without ever taking it
// from argv: typed by the person (standard input, a file, GXPTRAY_PASSWORD)
// for whatever phone they name, or the one stored in the keyring, which goes
// only to the phone it was saved for (savedPhone: the settings' phone, the
// owner of a password saved before owners were recorded).
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
		return "", usagef(fmt.Sprintf("the password saved in the keyring belongs to %s, not to %s: set GXPTRAY_PASSWORD or use --password-file for %[2]s", other.SavedFor, other.Asked))
	case errors.Is(err, settings.ErrNoKeyring), errors.Is(err, settings.ErrKeyringTimeout):
		return "", usagef(fmt.Sprintf("no password: set GXPTRAY_PASSWORD or use --password-file (%v)", err))
	}
	return "", usagef("no password: set GXPTRAY_PASSWORD, use --password-file, or save it in Settings")
}

// typedPasscode is a password the person gave this run; ok is false when
// they gave none.
func typedPasscode(g *globals) (pass string, ok bool, err error) {
	switch {
	case g.passcodeStdin:
		line, ok := firstLine(g.env.Stdin)
		if !ok {
			return "", false, usagef("--password-stdin: nothing to read on standard input")
		}
		return line, true, nil
	case g.passcodeFile != "":
		p, err := passcodeFileText(g.passcodeFile)
		return p, err == nil, err
	}
	if p := passwordEnv(g.env.Getenv); p != "" {
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

func (t trayPhone) Dial(ctx context.Context, text string, announce bool) (localapi.Dialed, error) {
	if announce {
		return t.c.DialNotify(ctx, text)
	}
	return t.c.Dial(ctx, text)
}

// FinishDial: the tray process presses the extension itself.
func (t trayPhone) FinishDial(context.Context, localapi.Dialed, io.Writer) error { return nil }
func (t trayPhone) Operate(ctx context.Context, op cti.Operation) error          { return t.c.Operate(ctx, op) }
func (t trayPhone) SendKeys(ctx context.Context, keys []string) error            { return t.c.SendKeys(ctx, keys) }
func (t trayPhone) System(ctx context.Context, request string) error {
	return t.c.System(ctx, request, request)
}

type directPhone struct {
	c     *cti.Client
	rules cti.NumberRules
}

func (d *directPhone) Dial(ctx context.Context, text string, _ bool) (localapi.Dialed, error) {
	f, err := d.rules.FindOne(text)
	if err != nil {
		return localapi.Dialed{}, err
	}
	res, err := d.c.Dial(ctx, f.Number)
	return localapi.Dialed{Number: f.Number.String(), Method: string(res.Method), Ext: f.Ext}, err
}

// answerWait bounds how long `gxptray dial` waits for the far end to answer
// before it gives up pressing the extension; answerPoll is how often it
// looks (the phone's own pace: once a second).
var (
	answerWait = 2 * time.Minute
	answerPoll = cti.DefaultPollInterval
)

// FinishDial waits until the call to d.Number is connected and presses its
// extension (digits after a pause are for whoever answers, not for the
// network). It gives up when the call ends unanswered or after answerWait.
func (d *directPhone) FinishDial(ctx context.Context, dialed localapi.Dialed, out io.Writer) error {
	if dialed.Ext == "" {
		return nil
	}
	keys, err := cti.DigitKeys(strings.ReplaceAll(dialed.Ext, ",", ""))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Will press %s once the call is answered\n", dialed.Ext)
	ctx, cancel := context.WithTimeout(ctx, answerWait)
	defer cancel()
	seen := false
	tick := time.NewTicker(answerPoll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s was not pressed: the call was not answered in time", dialed.Ext)
		case <-tick.C:
		}
		lines, err := d.c.LineStatus(ctx)
		if err != nil {
			return err
		}
		state, found := callState(lines, dialed.Number)
		switch {
		case found && state == cti.StateConnected:
			if err := d.c.SendKeys(ctx, keys...); err != nil {
				return err
			}
			fmt.Fprintf(out, "Pressed %s\n", dialed.Ext)
			return nil
		case found:
			seen = true
		case seen:
			return fmt.Errorf("%s was not pressed: the call ended before it was answered", dialed.Ext)
		}
	}
}

// callState is the state of the line calling number.
func callState(lines []cti.Line, number string) (cti.LineState, bool) {
	for _, l := range lines {
		if l.State.Busy() && l.RemoteNumber == number {
			return l.State, true
		}
	}
	return "", false
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
