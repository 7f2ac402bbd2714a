package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/service"
	"github.com/gxptray/gxptray/ui/settings"
	"github.com/gxptray/gxptray/ui/tray"
	"github.com/gxptray/gxptray/ui/windows"
)

// runTray starts the resident tray process. Only the environment can override
// the saved phone and passcode here; flags other than --phone would have to
// carry a passcode on the command line.
func runTray(ctx context.Context, g *globals) error {
	paths, err := settings.DefaultPaths()
	if err != nil {
		return err
	}
	if g.demo {
		paths = tray.DemoPaths(paths)
	}
	ov := service.Override{Phone: firstNonEmpty(g.phone, g.env.Getenv("GXPTRAY_PHONE")), Passcode: passwordEnv(g.env.Getenv)}
	if g.passcodeFile != "" || g.passcodeStdin {
		if ov.Passcode, _, err = typedPasscode(g); err != nil {
			return err
		}
	}
	err = tray.Run(ctx, tray.Options{Paths: paths, Demo: g.demo, Override: ov, Version: g.env.Version, Logger: g.logger,
		Contacts: g.contactSources(), ContactsPassword: g.env.Getenv(EnvContactsPassword)})
	if errors.Is(err, localapi.ErrAlreadyRunning) {
		// Bring the running one forward rather than starting a second watcher.
		if c, cerr := localapi.Dial(paths.Socket); cerr == nil {
			sctx, cancel := context.WithTimeout(ctx, 3*time.Second)
			defer cancel()
			_ = c.Show(sctx, "main")
		}
		return fmt.Errorf("GXP Tray is already running: %w", err)
	}
	return err
}

// runUI shows one window in this short-lived process; it talks to the tray
// process through the local API and returns when the window closes.
func runUI(_ context.Context, g *globals, args []string) error {
	if len(args) == 0 {
		return usagef(fmt.Sprintf("ui: which window? one of %v", windows.Names()))
	}
	paths, err := settings.DefaultPaths()
	if err != nil {
		return err
	}
	var api windows.API
	if c, err := localapi.Dial(paths.Socket); err == nil {
		api = c
	} else if errors.Is(err, localapi.ErrNotTrusted) {
		fmt.Fprintf(g.env.Stderr, "gxptray: warning: %v\n", err)
	}
	var secrets settings.SecretStore = settings.NewKeyring(3 * time.Second)
	if g.env.Getenv(tray.EnvDemo) == "1" {
		secrets = &settings.MemoryStore{} // a window of the demo: not the real phone's keyring
	}
	err = windows.Run(args[0], args[1:], api, windows.Options{
		Paths:   paths,
		Secrets: secrets,
		Logger:  g.logger,
		Version: g.env.Version,
		Icon:    appIcon(),
	})
	if errors.Is(err, windows.ErrUnknownWindow) {
		return usagef(err.Error())
	}
	return err
}
