package service

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// ReloadSettings re-reads the settings file and the stored passcode and
// applies them without a restart: a new client when the address, passcode or
// TLS settings changed, the poll interval, the push listener, the language.
func (s *Service) ReloadSettings(ctx context.Context) error {
	return s.reload(ctx)
}

// Settings returns the settings in use: the tray process owns them, and
// its other parts (the hotkey) read them here rather than from the file.
func (s *Service) Settings() settings.Settings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.set
}

// SettingsView is the settings in use, for the windows and the command
// line (which read them here, not from the file, while the tray runs), with
// what the last read of the file found wrong, in the user's language.
func (s *Service) SettingsView(ctx context.Context) (localapi.SettingsView, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := localapi.SettingsView{Settings: s.set, Reset: slices.Clone(s.loadReset)}
	if s.loadErr != nil {
		v.Problem = settings.Message(s.loadErr, s.cat)
		if ce := (*settings.CorruptError)(nil); errors.As(s.loadErr, &ce) {
			v.Problem = ce.Text(s.cat)
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
// keyring) and applies it.
func (s *Service) SetSessionPasscode(ctx context.Context, passcode string) error {
	s.mu.Lock()
	// Typed for the phone shown in Settings right now: it is that phone's.
	s.sessionPass, s.sessionPhone = passcode, s.phone
	s.mu.Unlock()
	return s.reload(ctx)
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
	phone := set.Phone
	if s.cfg.Override.Phone != "" {
		phone = s.cfg.Override.Phone
	}
	pass, other, keyringErr := s.readPasscode(phone, set.Phone)
	s.configureContacts(set)

	s.mu.Lock()
	oldPhone := s.phone
	s.set = set
	s.loadReset, s.loadErr = problems.Fields(), err
	s.cat = i18n.New(set.Language)
	s.phone = phone
	s.passcode = pass
	s.passOther = other
	s.keyringErr = ""
	if keyringErr != nil {
		s.keyringErr = translate(s.cat, msgKeyring, keyringErr.Error())
	}
	s.needPass = pass == ""
	clientChanged := s.updateClientLocked()
	running := s.running
	runCtx := s.runCtx
	s.mu.Unlock()

	if running {
		s.applyRuntimeChanges(runCtx, oldPhone, clientChanged)
	}
	s.markDirty()
	return nil
}

// readPasscode finds the passcode of phone: the override first (typed by
// the person for this run), then the keyring, then the one kept for this
// session. A stored passcode goes only to the phone it was saved for:
// other is set (and pass empty) when it belongs to another phone.
// keyringErr says why the keyring cannot be used (locked, missing); a
// passcode simply not stored is not an error.
func (s *Service) readPasscode(phone, savedPhone string) (pass string, other *settings.OtherPhoneError, keyringErr error) {
	if s.cfg.Override.Passcode != "" {
		return s.cfg.Override.Passcode, nil, nil
	}
	s.mu.Lock()
	session, sessionPhone := s.sessionPass, s.sessionPhone
	s.mu.Unlock()
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

// updateClientLocked builds a new client when what it depends on changed.
// It reports whether the client was replaced (or removed).
func (s *Service) updateClientLocked() bool {
	set := s.set
	pin := settings.PinFor(s.cfg.Paths.ConfigFile, set, s.phone)
	key := clientKey{
		phone: canonicalOr(s.phone), passcode: s.passcode, tlsMode: set.TLSMode, pinned: pin,
		dialMethod: set.DialMethod, account: set.Account,
	}
	// Runs under s.conn's lock, with s.mu held by the caller.
	return s.conn.Update(key, func() *cti.Client {
		s.confErr = ""
		switch {
		case s.phone == "":
			s.confErr = translate(s.cat, msgNoPhone)
		case s.passOther != nil:
			s.confErr = translate(s.cat, msgPassOther, s.passOther.SavedFor, s.passOther.Asked)
		case s.passcode == "":
			s.confErr = translate(s.cat, msgNoPasscode)
		default:
			phone := s.phone
			c, err := cti.New(cti.Config{
				Address:     phone,
				Passcode:    s.passcode,
				Timeout:     s.cfg.Tuning.RequestTimeout,
				TLSMode:     cti.TLSMode(set.TLSMode),
				PinnedCert:  pin,
				Rejections:  &s.rejections,
				OnPin:       func(fp string) { s.goBG(func() { s.savePin(phone, fp) }) },
				DialMethod:  cti.DialMethod(set.DialMethod),
				Account:     set.Account,
				KeyInterval: s.cfg.Tuning.KeyInterval,
				Logger:      s.log,
			})
			if err != nil {
				s.confErr = translate(s.cat, msgProbAddress, err.Error())
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
	s.mu.Lock()
	if cti.SameAddress(s.phone, phone) {
		if cti.SameAddress(s.set.Phone, phone) {
			s.set.PinnedCert = fp
		}
		s.conn.NotePinned(canonicalOr(phone), fp)
	}
	s.mu.Unlock()
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

// applyRuntime starts what the current settings need (called by Run and
// after reloads). Callers hold applyMu.
func (s *Service) applyRuntime(ctx context.Context) {
	s.mu.Lock()
	c, _ := s.conn.Current()
	hasClient := c != nil
	monRunning := s.conn.Monitor() != nil
	set := s.set
	s.mu.Unlock()
	switch {
	case !hasClient:
		s.stopMonitor()
	case !monRunning:
		s.startMonitor(ctx)
	default:
		if m := s.monitor(); m != nil {
			m.SetInterval(s.pollInterval(set))
		}
	}
	s.applyPush(ctx, set)
}

// applyRuntimeChanges adjusts the running monitor after a reload.
func (s *Service) applyRuntimeChanges(ctx context.Context, oldPhone string, clientChanged bool) {
	s.mu.Lock()
	newPhone := s.phone
	s.mu.Unlock()
	if newPhone != oldPhone {
		// Another phone: its lines have nothing to do with the old ones.
		s.stopMonitor()
	}
	s.applyRuntime(ctx)
	if clientChanged {
		if m := s.monitor(); m != nil {
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

func (s *Service) startMonitor(ctx context.Context) {
	set := s.Settings()
	gen := s.conn.nextMonitor()
	m := cti.NewMonitor(liveSource{s}, cti.MonitorConfig{
		Interval: s.pollInterval(set),
		// Only a tuned (test or simulated-phone) interval may go below the
		// floor that protects real phones.
		AllowFastPolling: s.cfg.Tuning.PollInterval > 0 && s.cfg.Tuning.PollInterval < cti.MinPollInterval,
		Logger:           s.log,
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
			case s.events <- loopMsg{ev: e, gen: gen}:
			case <-mctx.Done():
			}
		})
		if err != nil && mctx.Err() == nil {
			s.log.Warn("monitor stopped", "err", err)
		}
	}()
	s.conn.setMonitor(r)
}

func (s *Service) stopMonitor() {
	r := s.conn.takeMonitor() // events still queued from r are stale now
	if r == nil {
		return
	}
	r.cancel()
	<-r.done
	// Behind the events already queued (stale now), ahead of any of the
	// next monitor.
	s.toLoop(loopMsg{drop: true})
}

// liveSource lets one monitor follow client replacements (new passcode, TLS
// mode) without losing what it knows about the lines.
type liveSource struct{ s *Service }

func (src liveSource) LineStatus(ctx context.Context) ([]cti.Line, error) {
	s := src.s
	for attempt := 0; ; attempt++ {
		c, gen := s.currentClient()
		if c == nil {
			return nil, ErrNotConfigured
		}
		lines, err := c.LineStatus(ctx)
		s.noteAuth(gen, err)
		if err == nil {
			s.conn.Accepted(gen) // the passcode works
			return lines, nil
		}
		// A request of the replaced client was rejected: ask once more with
		// the new passcode instead of stopping on a stale answer.
		if errors.Is(err, cti.ErrUnauthorized) && attempt == 0 {
			if _, now := s.currentClient(); now != gen {
				continue
			}
		}
		return nil, err
	}
}
