package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/autostart"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// runPasscode saves the phone's password in the system keyring (Secret
// Service, Windows Credential Manager), as Settings does, for set-ups without
// a window (scripts, installers, remote sessions). It is read from the first
// line of standard input, or from --password-file; never from an argument.
// The running tray process is told, so it logs in with the new one.
func runPasscode(ctx context.Context, g *globals, args []string) error {
	fs := subFlags("password")
	del := fs.Bool("delete", false, "remove the saved password")
	if err := parseSub(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		// The argument is not quoted back: it may be the password itself.
		return usagef("password: takes no argument (the password is read from standard input or --password-file, never from the command line, where it would stay in the shell's history)")
	}
	store := settings.NewKeyring(settings.DefaultKeyringTimeout)
	if *del {
		var err error
		if g.phoneName != "" {
			err = settings.DeletePasscodeFor(store, g.phoneEntry.Address)
		} else {
			err = store.Delete(settings.SecretPasscode)
		}
		if err != nil && !errors.Is(err, settings.ErrNotFound) {
			return fmt.Errorf("removing the password from the keyring: %w", err)
		}
		reloadTray(ctx, g)
		fmt.Fprintln(g.env.Stdout, "Password removed from the keyring.")
		return nil
	}
	pass, err := passcodeInput(g)
	if err != nil {
		return err
	}
	// The password belongs to one phone (the one it goes to): --phone,
	// GXPTRAY_PHONE or the one in Settings. A phone of the list other than
	// the first keeps its own (settings.SavePasscodeFor).
	s := userSettings(ctx)
	addr := g.phoneAddress(s)
	if addr == "" {
		return usagef("password: no phone address to keep it for: use --phone NAME or ADDRESS, set GXPTRAY_PHONE, or save the address in Settings")
	}
	save := settings.SavePasscode
	if g.phoneName != "" && !cti.SameAddress(addr, s.Phone) {
		save = settings.SavePasscodeFor
	}
	if err := save(store, addr, pass); err != nil {
		return fmt.Errorf("saving the password in the keyring: %w", err)
	}
	reloadTray(ctx, g)
	fmt.Fprintln(g.env.Stdout, "Password saved in the keyring.")
	return nil
}

// passcodeInput is --password-file's content or standard input's first line.
func passcodeInput(g *globals) (string, error) {
	var pass string
	if g.passcodeFile != "" {
		p, err := passcodeFileText(g.passcodeFile)
		if err != nil {
			return "", err
		}
		pass = p
	} else {
		line, ok := firstLine(g.env.Stdin)
		if !ok {
			return "", usagef("password: nothing on standard input; pipe it in, e.g. gxptray password < file")
		}
		pass = line
	}
	if pass == "" {
		return "", usagef("password: the password is empty")
	}
	return pass, nil
}

// reloadTray tells a running tray process that its settings changed.
func reloadTray(ctx context.Context, g *globals) {
	c, err := trayClient(g)
	if err != nil {
		return
	}
	defer c.Close()
	rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_ = c.Reload(rctx)
}

// runAutostart switches start at login on or off (what Settings -> Start at
// login does), or says whether it is on.
func runAutostart(_ context.Context, g *globals, args []string) error {
	fs := subFlags("autostart")
	if err := parseSub(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("autostart: on, off or status?")
	}
	switch fs.Arg(0) {
	case "on":
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("autostart: cannot find this program: %w", err)
		}
		if err := autostart.Enable(exe); err != nil {
			return err
		}
		fmt.Fprintln(g.env.Stdout, "GXP Tray starts at login.")
	case "off":
		if err := autostart.Disable(); err != nil {
			return err
		}
		fmt.Fprintln(g.env.Stdout, "GXP Tray no longer starts at login.")
	case "status":
		on, err := autostart.Enabled()
		if err != nil {
			return err
		}
		if on {
			fmt.Fprintln(g.env.Stdout, "on")
		} else {
			fmt.Fprintln(g.env.Stdout, "off")
		}
	default:
		return usagef(fmt.Sprintf("autostart: %q is not on, off or status", fs.Arg(0)))
	}
	return nil
}

// runQuit ends the running tray process and waits until it is gone (its
// local API no longer answers), so an installer can replace or remove the
// program's files next. Nothing running is not an error.
func runQuit(ctx context.Context, g *globals, args []string) error {
	fs := subFlags("quit")
	if err := parseSub(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef(fmt.Sprintf("quit: unexpected argument %q", fs.Arg(0)))
	}
	c, err := trayClient(g)
	if errors.Is(err, localapi.ErrNotRunning) {
		fmt.Fprintln(g.env.Stdout, "GXP Tray is not running.")
		return nil
	}
	if err != nil {
		return err
	}
	qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err = c.Quit(qctx)
	c.Close()
	if err != nil {
		return fmt.Errorf("quit: %w", err)
	}
	paths, err := settings.DefaultPaths()
	if err != nil {
		return err
	}
	for {
		probe, err := localapi.Dial(paths.Socket)
		if errors.Is(err, localapi.ErrNotRunning) {
			break
		}
		if err == nil {
			probe.Close()
		}
		select {
		case <-qctx.Done():
			return errors.New("quit: GXP Tray was asked to quit but is still running after 10 s")
		case <-time.After(100 * time.Millisecond):
		}
	}
	fmt.Fprintln(g.env.Stdout, "GXP Tray has quit.")
	return nil
}

// isLinkArg: Windows starts a URL handler with the link as the only
// argument (HKCU\Software\Classes\tel\shell\open\command "%1").
func isLinkArg(arg string) bool {
	l := strings.ToLower(arg)
	return strings.HasPrefix(l, "tel:") || strings.HasPrefix(l, "callto:")
}
