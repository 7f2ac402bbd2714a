package service

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/contacts/dirapi"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// Config is what the tray process hands to the service.
type Config struct {
	Paths    settings.Paths
	Secrets  settings.SecretStore // keyring with timeout; nil = no keyring (session passcode only)
	Notifier notify.Notifier      // nil = no notifications
	Override Override             // from flags/env/demo, never saved
	Demo     bool                 // informational (State.Demo); the caller wires the simulated phone
	Version  string
	Logger   *slog.Logger
	// OpenWindow starts `gxptray ui <name> args...`; nil = no windows.
	OpenWindow func(name string, args ...string) error
	// OpenURL opens the screen-pop page; nil = the desktop's opener
	// (xdg-open, rundll32, open).
	OpenURL func(url string) error
	// Beep sounds the ring beep when the setting is on; nil = silent.
	Beep func()
	// Tuning shortens timings for tests and demo mode; zero values keep the
	// defaults and the settings.
	Tuning Tuning
	// Contacts are address books added for this run (--contacts), after
	// the saved ones; never saved.
	Contacts []dirapi.SourceConfig
	// ContactsPassword is the password of the books in Contacts
	// (GXPTRAY_CONTACTS_PASSWORD); "" = the keyring. Saved books always
	// use the keyring.
	ContactsPassword string
	// ContactsCacheDir keeps the server books' copies; "" = the user's cache dir.
	ContactsCacheDir string
	// Directory opens the address books: contacts.NewLocal in this
	// process, or a dirapi.Client, whose child process keeps the books'
	// code and memory out of the tray process. nil = no address books.
	Directory dirapi.Opener
}

// Override replaces settings for this run only (command-line flags,
// environment, demo mode). It is never written to the settings file.
type Override struct{ Phone, Passcode string }

// Tuning overrides timings that the settings do not expose or bound.
type Tuning struct {
	PollInterval   time.Duration // replaces Settings.PollInterval (which is bounded to 250ms..10s)
	KeyInterval    time.Duration // time the phone takes per key (default 1 s)
	PushGrace      time.Duration // how long a ring's Action URL request may lag the poll (default 3 s)
	RequestTimeout time.Duration // per request to the phone (default 5 s)
}

// ErrNotConfigured is returned for phone commands while no phone address is set.
var ErrNotConfigured = errors.New("no phone address is set")

// ErrNoPasscode is returned for phone commands while no passcode is known.
var ErrNoPasscode = errors.New("no password is set for the phone")

// ErrNoWindows is returned by Show when this process cannot open windows.
var ErrNoWindows = errors.New("windows are not available in this process")

const (
	secretPasscode  = settings.SecretPasscode
	secretPushToken = settings.SecretPushToken
	defaultKeyTime  = time.Second
	dialTimeout     = 30 * time.Second // a dial started from a notification or the hotkey
	operateTimeout  = 15 * time.Second
	maxBodyRunes    = 200 // notification body text from outside (clipboard, caller names)
)

// Service implements localapi.Backend for the resident process.
type Service struct {
	cfg  Config
	log  *slog.Logger
	done chan struct{}
	quit sync.Once

	settle dirapi.MemorySettler // returns a book load's garbage to the system (booksChanged)

	applyMu sync.Mutex // serializes reloads and settings-file writes

	conf   config    // the settings and what the phones share (config.go); its own lock
	phones phoneSet  // one owner per phone, in the settings' order (phoneunit.go)
	push   pushOwner // the one Action URL listener of all the phones (push.go)
	// rejections keeps, per phone (it is keyed by address), the passcode
	// each phone rejected, across reloads, tests and every client of this
	// process: it is never sent to that phone again until it changes. It
	// outlives the units on purpose: a phone removed and added again (or
	// an address changed and changed back) must not get the rejected
	// passcode once more.
	rejections cti.Rejections
	// The address books (the local API's ContactBook); lookups never
	// block on a server.
	localapi.DirectoryBook

	mu sync.Mutex
	// runtime, valid while Run runs
	running        bool
	runCtx         context.Context
	sessionSecrets settings.MemoryStore // the push tokens when no secret store works

	dials   dials    // what the dialer remembers (dials.go); its own lock
	history *callLog // the call history and what was seen of it (calllog.go); its own lock

	idMu sync.Mutex // serializes the writes of the identities' file

	annMu sync.Mutex    // guards ann and serializes its notification
	ann   *announcement // the dial being announced (announce.go)

	// events is the event loop's channel (calls.go): the monitors' events
	// and the other goroutines' messages, in order.
	events chan loopMsg

	hub   hub
	dirty chan struct{}
	bg    tasks // short background work (pin saves, actions, dial progress)
}

// New loads the settings (with fallbacks; problems are logged) and the history.
// It does not contact the phone: Run does.
func New(cfg Config) (*Service, error) {
	if cfg.Paths.ConfigFile == "" {
		return nil, errors.New("service: no settings file path")
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Service{
		cfg:    cfg,
		log:    log,
		done:   make(chan struct{}),
		dirty:  make(chan struct{}, 1),
		events: make(chan loopMsg, 256),
	}
	s.conf.cat, s.conf.set = i18n.New("system"), settings.Defaults()
	s.Directory = s.openDirectory()
	var h *cti.History
	if cfg.Paths.HistoryFile != "" {
		var err error
		if h, err = cti.OpenHistory(cfg.Paths.HistoryFile, 0); err != nil {
			// A partly corrupt file still gives a usable History.
			log.Warn("call history", "err", err)
		}
	}
	s.history = newCallLog(h)
	if err := s.reload(context.Background()); err != nil {
		return nil, err
	}
	return s, nil
}

// Run keeps the monitor (and the Action URL listener when configured) running
// until ctx is done or Quit is requested, applying settings reloads live.
func (s *Service) Run(ctx context.Context) error {
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.mu.Lock()
	if s.running {
		s.mu.Unlock()
		return errors.New("service: Run is already running")
	}
	s.running = true
	s.runCtx = runCtx
	s.mu.Unlock()

	var workers sync.WaitGroup
	workers.Add(3)
	go func() { defer workers.Done(); s.Directory.Run(runCtx) }()
	go func() { defer workers.Done(); s.publishLoop(runCtx) }()
	go func() { defer workers.Done(); s.eventLoop(runCtx) }()

	s.applyMu.Lock()
	s.applyRuntime(runCtx)
	s.applyMu.Unlock()
	s.markDirty()

	select {
	case <-ctx.Done():
	case <-s.done:
	}
	cancel()

	s.applyMu.Lock()
	for _, u := range s.phones.List() {
		s.stopMonitor(u)
	}
	s.stopPush()
	s.mu.Lock()
	s.running = false
	s.runCtx = nil
	s.mu.Unlock()
	s.applyMu.Unlock()

	workers.Wait()
	s.bg.Wait()
	s.dropAnnouncement() // the event loop closed the call notifications
	s.hub.closeAll()
	return nil
}

// Done is closed when Quit was requested.
func (s *Service) Done() <-chan struct{} { return s.done }

// Quit asks the tray process to stop (closes Done).
func (s *Service) Quit(ctx context.Context) error {
	s.quit.Do(func() { close(s.done) })
	return nil
}

// Show opens a window ("dialpad", "settings", "history", "main", ...).
func (s *Service) Show(ctx context.Context, window string) error {
	if s.cfg.OpenWindow == nil {
		return ErrNoWindows
	}
	if localapi.PhoneFromContext(ctx) == "" || window != "dialpad" {
		return s.cfg.OpenWindow(window)
	}
	// A dial pad asked for a phone opens on that phone (the others are
	// shared by all phones).
	u, err := s.unitFor(ctx)
	if err != nil {
		return err
	}
	return s.cfg.OpenWindow(window, "--phone", u.Name())
}

// Catalog is the message catalog of the current language.
func (s *Service) Catalog() *i18n.Catalog { return s.conf.Catalog() }

// SetHotkeyStatus records whether the tray could register the global hotkey.
func (s *Service) SetHotkeyStatus(combo string, err error) {
	s.conf.mu.Lock()
	s.conf.hotkey = combo
	s.conf.hotkeyErr = ""
	if err != nil {
		s.conf.hotkeyErr = err.Error()
	}
	s.conf.mu.Unlock()
	s.markDirty()
}

// t translates key with the current catalog, falling back to the service's
// own table when the catalog does not know the key yet.
func (s *Service) t(key string, args ...any) string {
	return translate(s.Catalog(), key, args...)
}

func translate(cat *i18n.Catalog, key string, args ...any) string {
	if cat == nil {
		cat = i18n.New("en")
	}
	return cat.T(key, args...)
}

// monitor is the default phone's running monitor (nil: none).
func (s *Service) monitor() *cti.Monitor {
	if u := s.def(); u != nil {
		return u.conn.Monitor()
	}
	return nil
}

// poke asks the default phone's monitor for a fresh look.
func (s *Service) poke() { s.pokeUnit(s.def()) }

// pokeUnit asks u's monitor for a fresh look after a command.
func (s *Service) pokeUnit(u *phoneUnit) {
	if u == nil {
		return
	}
	if m := u.conn.Monitor(); m != nil {
		m.Poke()
	}
}

// goBG runs f in the background; Run waits for it before returning.
func (s *Service) goBG(f func()) { s.bg.Go(f) }

// bgContext is the context for background work: the run context while Run
// runs, else a fresh one (commands outside Run, tests).
func (s *Service) bgContext(timeout time.Duration) (context.Context, context.CancelFunc) {
	s.mu.Lock()
	parent := s.runCtx
	s.mu.Unlock()
	if parent == nil {
		parent = context.Background()
	}
	return context.WithTimeout(parent, timeout)
}

func (s *Service) keyInterval() time.Duration {
	if s.cfg.Tuning.KeyInterval > 0 {
		return s.cfg.Tuning.KeyInterval
	}
	return defaultKeyTime
}

// Interface checks.
var (
	_ localapi.Backend         = (*Service)(nil)
	_ localapi.AnnouncedDialer = (*Service)(nil)
	_ localapi.SettingsOwner   = (*Service)(nil)
	_ localapi.CallHistory     = (*Service)(nil)
)
