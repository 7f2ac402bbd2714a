package tray

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/systray"
	"github.com/gen2brain/beeep"

	"github.com/gxptray/gxptray/assets"
	"github.com/gxptray/gxptray/cti/contacts/dirapi"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/clipboard"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/problem"
	"github.com/gxptray/gxptray/ui/service"
	"github.com/gxptray/gxptray/ui/settings"
)

// Options configure Run.
type Options struct {
	Paths settings.Paths // zero: settings.DefaultPaths()
	// Demo runs a simulated phone in this process that rings every
	// DemoEvery (default 30 s), and points the service at it. Paths should
	// then be DemoPaths; secrets stay in memory (Secrets is ignored).
	Demo      bool
	DemoEvery time.Duration
	Override  service.Override // GXPTRAY_PHONE / GXPTRAY_PASSCODE; the demo phone wins over it
	Version   string
	Logger    *slog.Logger
	// Contacts are address books for this run only (--contacts), with
	// their password from GXPTRAY_CONTACTS_PASSWORD ("" = the keyring).
	Contacts         []dirapi.SourceConfig
	ContactsPassword string
	// Directory opens the address books (see service.Config.Directory).
	Directory dirapi.Opener
	// Secrets is where the passcode and the push token live; nil: the
	// system keyring.
	Secrets settings.SecretStore
}

// Run is the resident tray process. It blocks until Quit (menu, main window,
// local API) or until ctx is cancelled, and must be called on the main
// goroutine (the tray library needs it on some systems). When another
// instance runs it returns an error wrapping localapi.ErrAlreadyRunning.
func Run(ctx context.Context, opts Options) error {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	paths := opts.Paths
	if paths == (settings.Paths{}) {
		p, err := settings.DefaultPaths()
		if err != nil {
			return err
		}
		paths = p
	}
	if err := paths.Ensure(); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	override := opts.Override
	if opts.Demo {
		ov, stop, err := startDemo(ctx, opts.DemoEvery, log)
		if err != nil {
			return fmt.Errorf("demo phone: %w", err)
		}
		defer stop()
		override = ov
	}

	notifier := notify.NewWithOptions(notify.Options{AppName: "GXP Tray", DesktopEntry: "gxptray",
		Icon: writeIcon(paths.RuntimeDir, log), Logger: log})
	defer notifier.Shutdown()
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("cannot find the gxptray program for its windows: %w", err)
	}
	secrets, env := secretsFor(opts, windowEnv(os.Environ(), paths))
	windows := newLauncher(exe, env, log)
	defer windows.Close(2 * time.Second)

	svc, err := service.New(service.Config{
		Paths:      paths,
		Secrets:    secrets,
		Notifier:   notifier,
		Override:   override,
		Demo:       opts.Demo,
		Version:    opts.Version,
		Logger:     log,
		OpenWindow: windows.Open,
		Beep:       beep(log),

		Contacts:         opts.Contacts,
		ContactsPassword: opts.ContactsPassword,
		Directory:        opts.Directory,
	})
	if err != nil {
		return err
	}
	say := notifyText(notifier, log)
	keys := &hotkeys{
		svc:        svc,
		log:        log,
		read:       clipboard.Read,
		register:   registerHotkey,
		configured: func() string { return svc.Settings().Hotkey },
		life:       ctx,
		failed: func(err error) {
			say(svc.Catalog().T("tray.error.clipboard", err.Error()))
		},
	}
	api := apiBackend{Service: svc, reloaded: func() { go keys.sync() }}
	srv, err := localapi.Listen(paths.Socket, api, localapi.Options{Logger: log, Version: opts.Version,
		Describe: func(err error) (string, string) {
			w := problem.Describe(svc.Catalog(), err)
			return w.Text, w.Hint
		}})
	if err != nil {
		return err
	}

	svcDone := make(chan struct{})
	go func() {
		defer close(svcDone)
		if err := svc.Run(ctx); err != nil {
			log.Error("service stopped", "err", err)
		}
	}()
	srvDone := make(chan struct{})
	go func() {
		defer close(srvDone)
		if err := srv.Serve(ctx); err != nil && !errors.Is(err, context.Canceled) {
			log.Error("local API stopped", "err", err)
		}
	}()
	// Registering talks to the X server: not on the way to the icon.
	go keys.sync()
	go trimAfter(ctx, log)
	openSetup(ctx, svc, windows.Open, log)

	host := DetectTrayHost(ctx)
	if host.Watcher {
		if !host.HostRegistered {
			log.Warn("tray icon may not be visible", "reason", host.Reason)
		}
		runTray(ctx, svc, say, log)
	} else {
		log.Warn("no system tray: opening the main window", "reason", host.Reason)
		say(svc.Catalog().T("tray.no_tray"))
		if err := windows.Open("main"); err != nil {
			log.Error("main window not opened", "err", err)
		}
		select {
		case <-ctx.Done():
		case <-svc.Done():
		}
	}

	cancel()
	<-svcDone
	<-srvDone
	if err := srv.Close(); err != nil {
		log.Debug("local API close", "err", err)
	}
	keys.close()
	return nil
}

// openSetup opens Settings at a first start: a red icon alone would not
// say what to do.
func openSetup(ctx context.Context, svc *service.Service, open func(string, ...string) error, log *slog.Logger) {
	if !needsSetup(svc.State(ctx)) {
		return
	}
	if err := open("settings"); err != nil {
		log.Error("settings window not opened", "err", err)
	}
}

// needsSetup: no phone address at all (a first start), so Settings opens.
func needsSetup(st localapi.State) bool { return st.Phone == "" && !st.Demo }

// secretsFor is where the run keeps its secrets, and the environment of its
// windows: a demo keeps them in memory (the keyring holds the real phone's
// passcode and push token) and tells its windows to do the same.
func secretsFor(opts Options, env []string) (settings.SecretStore, []string) {
	if opts.Demo {
		return &settings.MemoryStore{}, append(env, EnvDemo+"=1")
	}
	if opts.Secrets != nil {
		return opts.Secrets, env
	}
	return settings.NewKeyring(3 * time.Second), env
}

// runTray shows the icon and its menu until ctx ends or the service quits.
func runTray(ctx context.Context, svc *service.Service, say func(string), log *slog.Logger) {
	c := newController(svc, say, log)
	stopped := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
		case <-svc.Done():
		}
		systray.Quit()
		close(stopped)
	}()
	menuDone := make(chan struct{})
	systray.Run(func() {
		systray.SetTitle("GXP Tray")
		c.start(ctx, sysMenu{})
		c.reassertLater(time.Second)
		go watchClipboard(ctx, c.setClipboard, log)
		go refreshOnOpen(ctx, c.setClipboard)
		go func() {
			defer close(menuDone)
			c.run(ctx)
		}()
	}, nil)
	<-stopped
	select {
	case <-menuDone:
	case <-time.After(5 * time.Second):
		// onReady never ran (the tray library gave up): nothing to wait for.
	}
}

// watchClipboard feeds clipboard changes to set until ctx ends. Without a
// clipboard (no display yet) it tries again now and then.
func watchClipboard(ctx context.Context, set func(string), log *slog.Logger) {
	wait := 5 * time.Second
	for {
		err := clipboard.Watch(ctx, set)
		if ctx.Err() != nil {
			return
		}
		log.Info("clipboard not watched", "err", err, "retry_in", wait)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Minute)
	}
}

// refreshOnOpen reads the clipboard when the user opens the menu, for
// desktops where changes cannot be watched.
func refreshOnOpen(ctx context.Context, set func(string)) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-systray.TrayOpenedCh:
		}
		rctx, cancel := context.WithTimeout(ctx, time.Second)
		text, err := clipboard.Read(rctx)
		cancel()
		if err == nil {
			set(text)
		}
	}
}

// apiBackend is the service as the local API sees it: after a settings
// reload the hotkey follows the new settings too.
type apiBackend struct {
	*service.Service
	reloaded func()
}

func (b apiBackend) ReloadSettings(ctx context.Context) error {
	err := b.Service.ReloadSettings(ctx)
	b.reloaded()
	return err
}

func (b apiBackend) UpdateSettings(ctx context.Context, c settings.Change) (settings.Settings, error) {
	saved, err := b.Service.UpdateSettings(ctx, c)
	b.reloaded()
	return saved, err
}

// windowEnv is the environment of the window processes: ours without any
// secret (windows ask the tray), with the directories pinned so that they
// find this process's socket and files.
func windowEnv(env []string, p settings.Paths) []string {
	env = settings.WithoutSecrets(env)
	out := make([]string, 0, len(env)+3)
	set := map[string]string{
		settings.EnvConfigDir:  p.ConfigDir,
		settings.EnvDataDir:    p.DataDir,
		settings.EnvRuntimeDir: p.RuntimeDir,
	}
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if v, ok := set[name]; ok && v != "" {
			continue
		}
		out = append(out, kv)
	}
	for _, name := range []string{settings.EnvConfigDir, settings.EnvDataDir, settings.EnvRuntimeDir} {
		if v := set[name]; v != "" {
			out = append(out, name+"="+v)
		}
	}
	return out
}

// beep sounds the ring beep (the PC speaker, else the terminal bell).
func beep(log *slog.Logger) func() {
	return func() {
		go func() {
			if err := beeep.Beep(beeep.DefaultFreq, beeep.DefaultDuration); err != nil {
				log.Debug("beep", "err", err)
			}
		}()
	}
}

// Interface checks.
var (
	_ localapi.Backend      = apiBackend{}
	_ backend               = (*service.Service)(nil)
	_ localapi.LineOperator = (*service.Service)(nil)
	_ localapi.LineOperator = apiBackend{}
	_ hotkeyService         = (*service.Service)(nil)
)

// writeIcon puts the application icon where the notification server can read
// it (notifications name icons by path or by an installed theme name, and a
// binary run from a build folder has no installed icon); "" if it cannot.
func writeIcon(dir string, log *slog.Logger) string {
	path := filepath.Join(dir, "gxptray.png")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		log.Warn("no icon for notifications", "err", err)
		return ""
	}
	if err := os.WriteFile(path, assets.Icon(assets.AppIcon), 0o600); err != nil {
		log.Warn("no icon for notifications", "err", err)
		return ""
	}
	return path
}
