package service

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// config owns the configuration the phones share: the settings in use,
// what the last read of the file found wrong, the message catalog, why the
// keyring cannot be used, the hotkey's status and the passcode typed for
// this session. It has a lock of its own and calls nothing out.
type config struct {
	mu         sync.Mutex
	set        settings.Settings
	loadReset  []settings.Field // fields of the file replaced by their defaults at the last reload
	loadErr    error            // why the file was unusable at the last reload (nil = fine)
	cat        *i18n.Catalog
	keyringErr string
	hotkey     string
	hotkeyErr  string
	// sessionPass is a passcode kept for this session only, typed for the
	// phone sessionPhone.
	sessionPass, sessionPhone string
}

// Settings are the settings in use.
func (c *config) Settings() settings.Settings {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.set
}

// Catalog is the message catalog of the current language.
func (c *config) Catalog() *i18n.Catalog {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cat
}

// Session is the passcode typed for this session, and its phone.
func (c *config) Session() (pass, phone string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sessionPass, c.sessionPhone
}

// loaded takes what a reload read.
func (c *config) loaded(set settings.Settings, problems settings.Problems, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.set = set
	c.loadReset, c.loadErr = problems.Fields(), err
	c.cat = i18n.New(set.Language)
}

// ReloadSettings re-reads the settings file and the stored passcodes and
// applies them without a restart: a new client for each phone whose
// address, passcode or TLS settings changed, phones added and removed, the
// poll interval, the push listener, the language.
func (s *Service) ReloadSettings(ctx context.Context) error {
	return s.reload(ctx)
}

// Settings returns the settings in use: the tray process owns them, and
// its other parts (the hotkey) read them here rather than from the file.
func (s *Service) Settings() settings.Settings { return s.conf.Settings() }

// SettingsView is the settings in use, for the windows and the command
// line (which read them here, not from the file, while the tray runs), with
// what the last read of the file found wrong, in the user's language.
func (s *Service) SettingsView(ctx context.Context) (localapi.SettingsView, error) {
	s.conf.mu.Lock()
	defer s.conf.mu.Unlock()
	v := localapi.SettingsView{Settings: s.conf.set, Reset: slices.Clone(s.conf.loadReset)}
	if s.conf.loadErr != nil {
		v.Problem = settings.Message(s.conf.loadErr, s.conf.cat)
		if ce := (*settings.CorruptError)(nil); errors.As(s.conf.loadErr, &ce) {
			v.Problem = ce.Text(s.conf.cat)
		}
	}
	return v, nil
}

// UpdateSettings is the one way the settings file changes while the tray
// runs: the windows and the command line send the fields they changed, the
// change is applied to the file as it is now (settings.Update: locked,
// validated, atomic) and the result applied at once. What the tray saved
// meanwhile, a pinned certificate above all, stays.
func (s *Service) UpdateSettings(ctx context.Context, c settings.Change) (settings.Settings, error) {
	saved, err := settings.Update(s.cfg.Paths.ConfigFile, c)
	if err != nil {
		return saved, err
	}
	return saved, s.reload(ctx)
}

// SetSessionPasscode keeps a passcode in memory for this session only (no
// keyring) and applies it. It is for the request's phone.
func (s *Service) SetSessionPasscode(ctx context.Context, passcode string) error {
	u, err := s.unitFor(ctx)
	if err != nil {
		return err
	}
	phone := u.Addr()
	s.conf.mu.Lock()
	// Typed for that phone right now: it is that phone's.
	s.conf.sessionPass, s.conf.sessionPhone = passcode, phone
	s.conf.mu.Unlock()
	return s.reload(ctx)
}

// phoneEntries is the list of phones to watch: the settings' list, or the
// one phone of the override (--phone, GXPTRAY_PHONE, demo), which watches
// that phone alone for this run. There is always one entry: without a
// phone, the default phone has no address (and says so).
func (s *Service) phoneEntries(set settings.Settings) []settings.Phone {
	list := set.PhoneList()
	if s.cfg.Override.Phone != "" || len(list) == 0 {
		name := set.PhoneName
		if name == "" {
			name = settings.DefaultPhoneName
		}
		return []settings.Phone{{Name: name, Address: s.cfg.Override.Phone, TLSMode: set.TLSMode, Account: set.Account}}
	}
	return list
}

func (s *Service) reload(ctx context.Context) error {
	s.applyMu.Lock()
	defer s.applyMu.Unlock()

	set, problems, err := settings.Load(s.cfg.Paths.ConfigFile)
	if err != nil {
		s.log.Warn("settings file unusable, using defaults", "file", s.cfg.Paths.ConfigFile, "err", err)
	}
	for field, p := range problems {
		s.log.Warn("setting replaced by its default", "field", field, "problem", p)
	}
	s.configureContacts(set)
	s.conf.loaded(set, problems, err)
	cat := s.conf.Catalog()

	var keyringErr error
	var units []*phoneUnit
	changed := map[*phoneUnit]bool{}
	for i, e := range s.phoneEntries(set) {
		u := s.phones.find(canonicalOr(e.Address))
		if u == nil {
			u = newUnit(canonicalOr(e.Address))
			s.loadIdentity(u, e.Address)
		}
		pass, other, kerr := s.readPasscode(e.Address, set.Phone, i == 0)
		if kerr != nil && keyringErr == nil {
			keyringErr = kerr
		}
		u.mu.Lock()
		u.name, u.entry, u.phone = e.Name, e, e.Address
		u.passcode, u.passOther, u.needPass = pass, other, pass == ""
		changed[u] = s.updateClientLocked(u, set, cat)
		u.mu.Unlock()
		units = append(units, u)
	}
	gone := s.phones.replace(units)
	s.conf.mu.Lock()
	s.conf.keyringErr = ""
	if keyringErr != nil {
		s.conf.keyringErr = translate(cat, msgKeyring, keyringErr.Error())
	}
	s.conf.mu.Unlock()

	s.mu.Lock()
	running, runCtx := s.running, s.runCtx
	s.mu.Unlock()
	for _, u := range gone {
		// Another phone, or one removed: its lines have nothing to do
		// with the phones watched now.
		s.stopMonitor(u)
		u.conn.Update(clientKey{}, func() *cti.Client { return nil })
	}
	if running {
		s.applyRuntimeChanges(runCtx, changed)
	}
	s.markDirty()
	return nil
}

// readPasscode finds the passcode of phone: the override first (typed by
// the person for this run, for the phone of the override), then the
// keyring, then the one kept for this session. A stored passcode goes only
// to the phone it was saved for: other is set (and pass empty) when the
// default phone's belongs to another phone (def: phone is the default
// phone; for another phone that only means none is stored for it).
// keyringErr says why the keyring cannot be used (locked, missing); a
// passcode simply not stored is not an error.
func (s *Service) readPasscode(phone, savedPhone string, def bool) (pass string, other *settings.OtherPhoneError, keyringErr error) {
	if s.cfg.Override.Passcode != "" && def {
		return s.cfg.Override.Passcode, nil, nil
	}
	if phone == "" {
		return "", nil, nil
	}
	session, sessionPhone := s.conf.Session()
	if session != "" && !cti.SameAddress(sessionPhone, phone) {
		session = "" // typed for another phone
	}
	if s.cfg.Secrets == nil {
		return session, nil, settings.ErrNoKeyring
	}
	v, err := settings.PasscodeFor(s.cfg.Secrets, phone, savedPhone)
	switch {
	case err == nil && v != "":
		return v, nil, nil
	case errors.As(err, &other):
		if session != "" {
			return session, nil, nil
		}
		if !def {
			return "", nil, nil
		}
		s.log.Warn("the saved passcode belongs to another phone: not sent", "saved_for", other.SavedFor, "phone", other.Asked)
		return "", other, nil
	case err == nil, errors.Is(err, settings.ErrNotFound):
		return session, nil, nil
	default:
		// The error text comes from the keyring library and never holds the secret.
		s.log.Warn("keyring unavailable", "err", err)
		return session, nil, err
	}
}

// updateClientLocked builds a new client for u when what it depends on
// changed. It reports whether the client was replaced (or removed). The
// caller holds u.mu.
func (s *Service) updateClientLocked(u *phoneUnit, set settings.Settings, cat *i18n.Catalog) bool {
	pin := settings.PinFor(s.cfg.Paths.ConfigFile, set, u.phone)
	tlsMode := u.entry.TLSMode
	if tlsMode == "" {
		tlsMode = set.TLSMode
	}
	key := clientKey{
		phone: canonicalOr(u.phone), passcode: u.passcode, tlsMode: tlsMode, pinned: pin,
		dialMethod: set.DialMethod, account: u.entry.Account,
	}
	// Runs under u.conn's lock, with u.mu held by the caller.
	return u.conn.Update(key, func() *cti.Client {
		u.confErr = ""
		switch {
		case u.phone == "":
			u.confErr = translate(cat, msgNoPhone)
		case u.passOther != nil:
			u.confErr = translate(cat, msgPassOther, u.passOther.SavedFor, u.passOther.Asked)
		case u.passcode == "":
			u.confErr = translate(cat, msgNoPasscode)
		default:
			phone := u.phone
			c, err := cti.New(cti.Config{
				Address:     phone,
				Passcode:    u.passcode,
				Timeout:     s.cfg.Tuning.RequestTimeout,
				TLSMode:     cti.TLSMode(tlsMode),
				PinnedCert:  pin,
				Rejections:  &s.rejections,
				OnPin:       func(fp string) { s.goBG(func() { s.savePin(phone, fp) }) },
				DialMethod:  cti.DialMethod(set.DialMethod),
				Account:     u.entry.Account,
				KeyInterval: s.cfg.Tuning.KeyInterval,
				Logger:      s.log.With("phone", u.name),
			})
			if err != nil {
				u.confErr = translate(cat, msgProbAddress, err.Error())
				return nil
			}
			return c
		}
		return nil
	})
}

// savePin stores the first certificate fingerprint of phone: in the
// settings file for the settings' phone, in the known-phones file for a
// phone given with --phone or GXPTRAY_PHONE (the same trust on first use,
// and the same refusal when it changes).
func (s *Service) savePin(phone, fp string) {
	s.applyMu.Lock()
	defer s.applyMu.Unlock()
	s.conf.mu.Lock()
	if cti.SameAddress(s.conf.set.Phone, phone) {
		s.conf.set.PinnedCert = fp
	}
	s.conf.mu.Unlock()
	if u := s.phones.find(canonicalOr(phone)); u != nil {
		u.conn.NotePinned(canonicalOr(phone), fp)
	}
	if err := settings.SavePin(s.cfg.Paths.ConfigFile, phone, fp); err != nil {
		s.log.Warn("could not save the pinned certificate", "err", err)
		return
	}
	s.log.Info("pinned the phone's certificate", "phone", canonicalOr(phone), "sha256", fp)
}

// canonicalOr is the phone's canonical address, or addr itself when it is
// not a valid one (the client then refuses it with the reason).
func canonicalOr(addr string) string {
	if c, err := cti.CanonicalAddress(addr); err == nil {
		return c
	}
	return addr
}

// pollInterval is the monitor interval: the tuning override or the setting.
func (s *Service) pollInterval(set settings.Settings) time.Duration {
	if s.cfg.Tuning.PollInterval > 0 {
		return s.cfg.Tuning.PollInterval
	}
	return set.PollInterval.Duration()
}

// applyRuntime starts what the current settings need, for every phone
// (called by Run and after reloads). Callers hold applyMu. The Action URL
// listener comes first: once a phone's first poll is in the state, whether
// its pushes can arrive is known too (an "actionurl" asked for at that
// moment must not hear that no listen address is set).
func (s *Service) applyRuntime(ctx context.Context) {
	set := s.Settings()
	s.applyPush(ctx, set)
	for _, u := range s.phones.List() {
		c, _ := u.conn.Current()
		switch {
		case c == nil:
			s.stopMonitor(u)
		case u.conn.Monitor() == nil:
			s.startMonitor(ctx, u)
		default:
			u.conn.Monitor().SetInterval(s.pollInterval(set))
		}
	}
}

// applyRuntimeChanges adjusts the running monitors after a reload; changed
// are the phones whose client was replaced.
func (s *Service) applyRuntimeChanges(ctx context.Context, changed map[*phoneUnit]bool) {
	s.applyRuntime(ctx)
	for u, ch := range changed {
		if m := u.conn.Monitor(); ch && m != nil {
			// A new passcode (or TLS setting) may cure an unauthorized stop.
			m.Resume()
			m.Poke()
		}
	}
}

// monitorRun is one running monitor.
type monitorRun struct {
	mon    *cti.Monitor
	gen    uint64
	cancel context.CancelFunc
	done   chan struct{}
}

func (s *Service) startMonitor(ctx context.Context, u *phoneUnit) {
	set := s.Settings()
	gen := u.conn.nextMonitor()
	m := cti.NewMonitor(liveSource{s, u}, cti.MonitorConfig{
		Interval: s.pollInterval(set),
		// Only a tuned (test or simulated-phone) interval may go below the
		// floor that protects real phones.
		AllowFastPolling: s.cfg.Tuning.PollInterval > 0 && s.cfg.Tuning.PollInterval < cti.MinPollInterval,
		Logger:           s.log.With("phone", u.Name()),
		// The State shows the lines from the monitor's snapshot, published
		// once the monitor has them: a line shown ringing is one that an
		// answer from the app can be noted for.
		Polled: s.markDirty,
	})
	mctx, cancel := context.WithCancel(ctx)
	r := &monitorRun{mon: m, gen: gen, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		err := m.Run(mctx, func(e cti.Event) {
			select {
			case s.events <- loopMsg{unit: u, ev: e, gen: gen}:
			case <-mctx.Done():
			}
		})
		if err != nil && mctx.Err() == nil {
			s.log.Warn("monitor stopped", "phone", u.Name(), "err", err)
		}
	}()
	u.conn.setMonitor(r)
}

func (s *Service) stopMonitor(u *phoneUnit) {
	r := u.conn.takeMonitor() // events still queued from r are stale now
	if r == nil {
		return
	}
	r.cancel()
	<-r.done
	// Behind the events already queued (stale now), ahead of any of the
	// next monitor.
	s.toLoop(loopMsg{unit: u, drop: true})
}

// liveSource lets one monitor follow client replacements (new passcode, TLS
// mode) of its phone without losing what it knows about the lines.
type liveSource struct {
	s *Service
	u *phoneUnit
}

func (src liveSource) LineStatus(ctx context.Context) ([]cti.Line, error) {
	u := src.u
	for attempt := 0; ; attempt++ {
		c, gen := u.conn.Current()
		if c == nil {
			return nil, ErrNotConfigured
		}
		lines, err := c.LineStatus(ctx)
		u.conn.NoteAuth(gen, err)
		if err == nil {
			u.conn.Accepted(gen) // the passcode works
			return lines, nil
		}
		// A request of the replaced client was rejected: ask once more with
		// the new passcode instead of stopping on a stale answer.
		if errors.Is(err, cti.ErrUnauthorized) && attempt == 0 {
			if _, now := u.conn.Current(); now != gen {
				continue
			}
		}
		return nil, err
	}
}
