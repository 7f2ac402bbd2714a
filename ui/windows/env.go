package windows

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// Env is what every window needs. Only App and Catalog are required.
type Env struct {
	App     fyne.App
	API     API // nil when the tray process is not running
	Catalog *i18n.Catalog
	Paths   settings.Paths
	Secrets settings.SecretStore // the settings window stores the passcode here
	Logger  *slog.Logger
	Exe     string // this program, for "start at login"
	Version string
	// Do runs f on the UI goroutine; nil means fyne.Do. Tests pass a queue
	// they drain themselves, so widgets are only touched by one goroutine.
	Do func(f func())
	// Timeout bounds one local API call; 0 means 10 s.
	Timeout time.Duration
}

// Timeouts beyond Env.Timeout: a dial by keys takes about a second per key
// and the tray may wait for it; a connection test may wait for a phone that
// does not answer.
const (
	defaultTimeout = 10 * time.Second
	dialTimeout    = 90 * time.Second
	testTimeout    = 30 * time.Second
)

func (e *Env) fill() {
	if c, ok := e.API.(*localapi.Client); ok && c == nil {
		e.API = nil // a nil *Client in the interface: no tray process
	}
	if e.Logger == nil {
		e.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if e.Catalog == nil {
		e.Catalog = i18n.New("en")
	}
	if e.Timeout <= 0 {
		e.Timeout = defaultTimeout
	}
}

// t translates a catalog key.
func (e *Env) t(key string, args ...any) string { return e.Catalog.T(key, args...) }

// do runs f on the UI goroutine.
func (e *Env) do(f func()) {
	if e.Do != nil {
		e.Do(f)
		return
	}
	fyne.Do(f)
}

// async runs work in a goroutine with a deadline, then done on the UI
// goroutine. work must not touch widgets: it gets what it needs captured
// before the call.
func (e *Env) async(ctx context.Context, timeout time.Duration, work func(ctx context.Context) error, done func(err error)) {
	if timeout <= 0 {
		timeout = e.Timeout
	}
	go func() {
		cctx, cancel := context.WithTimeout(ctx, timeout)
		err := work(cctx)
		cancel()
		if done != nil {
			e.do(func() { done(err) })
		}
	}()
}

// loadSettings reads the settings: from the tray process, their one reader
// and writer while it runs, else from the file (settings.Load, with its
// fallbacks). reset lists the fields replaced by defaults, problem says in
// words why the file was unusable ("" = fine).
func (e *Env) loadSettings(ctx context.Context) (s settings.Settings, reset []settings.Field, problem string) {
	if api, err := e.api(); err == nil {
		v, err := api.SettingsView(ctx)
		if err == nil {
			return v.Settings, v.Reset, v.Problem
		}
		if !errors.Is(err, localapi.ErrNotRunning) {
			e.Logger.Warn("reading the settings from GXP Tray", "err", err)
		}
	}
	if e.Paths.ConfigFile == "" {
		return settings.Defaults(), nil, ""
	}
	s, problems, err := settings.Load(e.Paths.ConfigFile)
	if err != nil {
		problem = settings.Message(err, e.Catalog)
		if ce := (*settings.CorruptError)(nil); errors.As(err, &ce) {
			problem = ce.Text(e.Catalog)
		}
	}
	return s, problems.Fields(), problem
}

// saveSettings saves a change of the settings: through the tray process,
// the one writer of the file while it runs (it applies the change at once),
// else in the file itself, with the same locked load-modify-save the tray
// uses (settings.Update). applied reports whether the tray took it. saved
// is what the file holds afterwards.
func (e *Env) saveSettings(ctx context.Context, c settings.Change) (saved settings.Settings, applied bool, err error) {
	if api, aerr := e.api(); aerr == nil {
		saved, err = api.UpdateSettings(ctx, c)
		if !errors.Is(err, localapi.ErrNotRunning) {
			return saved, err == nil, err
		}
	}
	saved, err = settings.Update(e.Paths.ConfigFile, c)
	return saved, false, err
}

// api returns the tray's API or ErrNotRunning, so callers handle "no tray
// process" like any other failed call.
func (e *Env) api() (API, error) {
	if e.API == nil {
		return nil, errNotRunning
	}
	return e.API, nil
}
