package cli

import (
	"context"
	"errors"
	"time"

	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/service"
	"github.com/gxptray/gxptray/ui/settings"
	"github.com/gxptray/gxptray/ui/tray"
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
		Contacts: g.contactSources(), ContactsPassword: g.env.Getenv(EnvContactsPassword), Directory: openDirectory})
	if errors.Is(err, localapi.ErrAlreadyRunning) {
		// Bring the running one forward rather than starting a second watcher.
		if c, cerr := localapi.Dial(paths.Socket); cerr == nil {
			sctx, cancel := context.WithTimeout(ctx, 3*time.Second)
			defer cancel()
			_ = c.Show(sctx, "main")
		}
		return err // "GXP Tray is already running (pid N)": it says it once
	}
	return err
}
