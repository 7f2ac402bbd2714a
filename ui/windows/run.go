package windows

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// AppID is the Fyne application id (preferences, desktop integration).
const AppID = "io.github.gxptray.GXPTray"

// Options configure Run.
type Options struct {
	Paths   settings.Paths
	Secrets settings.SecretStore // nil: no keyring (the settings window offers session-only)
	// Language is "system", "en" or "ru"; "" reads it from the settings file.
	Language string
	Logger   *slog.Logger
	Version  string
	Exe      string        // this program, for "start at login"; "" = os.Executable()
	Icon     fyne.Resource // the window icon; nil = Fyne's default
}

var (
	// ErrUnknownWindow: Run was asked for a window it does not have.
	ErrUnknownWindow = errors.New("unknown window")
	errBadLine       = errors.New("the popup needs --line N (a line number from 1 to 64)")
)

// Run shows one window (see Names) and returns when it is closed. api is the
// tray process's local API; nil (or a tray that does not answer) shows "GXP
// Tray is not running" instead, except for the settings window, which works
// on its own. Run must be called on the main goroutine.
func Run(window string, args []string, api API, opts Options) error {
	if !slices.Contains(Names(), window) {
		return fmt.Errorf("%w %q (known: %v)", ErrUnknownWindow, window, Names())
	}
	line := 0
	if window == WindowPopup {
		n, err := parseLineArg(args)
		if err != nil {
			return err
		}
		line = n
	}
	// --phone NAME: the phone the window is for (the default phone without).
	phone, err := parsePhoneArg(args)
	if err != nil {
		return err
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if c, ok := api.(*localapi.Client); ok && c == nil {
		api = nil
	}
	lang := opts.Language
	if lang == "" && (api != nil || opts.Paths.ConfigFile != "") {
		// The tray's settings while it runs, else the file's.
		e := Env{API: api, Paths: opts.Paths, Logger: opts.Logger, Catalog: i18n.New(i18n.English)}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		s, _, _ := e.loadSettings(ctx)
		cancel()
		lang = s.Language
	}
	cat := i18n.New(lang)
	registerTranslations(cat.Lang(), lang == "en" || lang == "ru", opts.Logger)
	if opts.Exe == "" {
		if exe, err := os.Executable(); err == nil {
			opts.Exe = exe
		}
	}

	if window != WindowSettings && !trayRunning(api) {
		window = WindowNotRunning
		api = nil
	}

	a := app.NewWithID(AppID)
	if opts.Icon != nil {
		a.SetIcon(opts.Icon)
	}
	env := Env{App: a, API: api, Catalog: cat, Paths: opts.Paths, Secrets: opts.Secrets,
		Logger: opts.Logger, Exe: opts.Exe, Version: opts.Version}
	w := build(env, window, phone, line)
	if window == WindowPopup {
		w.RequestFocus()
	}
	w.ShowAndRun()
	return nil
}

// optionValue finds the option name in a window's arguments, written
// `--name V`, `-name V`, `--name=V` or `-name=V`; the first one counts.
// given is false when it is not there; a `--name` that ends the arguments
// is given, with "" for its value.
func optionValue(args []string, name string) (value string, given bool) {
	for i, a := range args {
		if a == "--"+name || a == "-"+name {
			if i+1 < len(args) {
				return args[i+1], true
			}
			return "", true
		}
		for _, prefix := range []string{"--" + name + "=", "-" + name + "="} {
			if v, ok := strings.CutPrefix(a, prefix); ok {
				return v, true
			}
		}
	}
	return "", false
}

// build makes the named window.
func build(env Env, window, phone string, line int) fyne.Window {
	switch window {
	case WindowDialPad:
		return NewDialPadOn(env, phone).Window()
	case WindowSettings:
		return NewSettingsWindow(env).Window()
	case WindowPopup:
		return NewPopupOn(env, phone, line).Window()
	case WindowHistory:
		return NewHistoryWindow(env).Window()
	case WindowMain:
		return NewMainWindow(env).Window()
	case WindowReboot, WindowReset:
		// Every request of the window is for its phone.
		env.API = forPhone(env.API, phone)
		if window == WindowReboot {
			return NewRebootWindow(env).Window()
		}
		return NewResetWindow(env).Window()
	}
	return NewNotRunningWindow(env).Window()
}

// trayRunning asks the tray process for its state, briefly.
func trayRunning(api API) bool {
	if api == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err := api.State(ctx)
	return !errors.Is(err, localapi.ErrNotRunning)
}
