// Package conntest is "Test connection": it tries settings being edited
// against the phone with a client of its own, read-only (the line status
// and the accounts; never a call; then the phone's identity and Do Not
// Disturb through one web-session login, which the person asked for by
// testing), and says what it found in ui/problem's words. The tray process runs it for the Settings window; the window runs
// it itself only when no tray process answers. Choosing which passcode may
// go to the phone stays with the caller, which knows where passcodes are.
package conntest

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/problem"
	"github.com/gxptray/gxptray/ui/webphone"
)

// Config is the connection to try.
type Config struct {
	Address    string // as typed
	Passcode   string // the one that may go to Address
	TLSMode    string
	PinnedCert string // "" = accept the certificate seen (reported in Fingerprint)
	Timeout    time.Duration
	Logger     *slog.Logger
	// Rejections and Retry are the lockout budget (cti.Config): a passcode
	// the phone rejected is not sent again unless typed for this test.
	Rejections *cti.Rejections
	Retry      bool
	Catalog    *i18n.Catalog // the words' language; nil = English
}

// Result is what the test found; BaseURL is the tested phone's (to compare
// with a live client's), "" when no client could be made.
type Result struct {
	localapi.TestResult
	BaseURL string
	// DND as the web session read it (nil: unknown); NoDND: the firmware
	// has none. For the tray, which keeps them with the identity.
	DND   *bool
	NoDND bool
}

// Run tries cfg. A bad address, a phone that does not answer or refuses
// the passcode: Result says so in words (Problem, Hint). The error is only
// ctx's, when the caller gave up.
func Run(ctx context.Context, cfg Config) (Result, error) {
	var res Result
	var pinned string
	c, err := cti.New(cti.Config{
		Address:    cfg.Address,
		Passcode:   cfg.Passcode,
		Timeout:    cfg.Timeout,
		TLSMode:    cti.TLSMode(cfg.TLSMode),
		PinnedCert: cfg.PinnedCert,
		OnPin:      func(fp string) { pinned = fp }, // a test pins nothing: it reports
		Logger:     cfg.Logger,
		Rejections: cfg.Rejections,
		Retry:      cfg.Retry,
	})
	if err != nil {
		res.Problem, res.Hint = text(cfg.Catalog, "problem.bad_address", err.Error()), text(cfg.Catalog, "problem.bad_address_hint")
		return res, nil
	}
	defer c.Close()
	res.BaseURL = c.BaseURL()
	lines, err := c.LineStatus(ctx)
	res.Fingerprint = c.Fingerprint()
	if res.Fingerprint == "" {
		res.Fingerprint = pinned
	}
	if err != nil {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		if cfg.Logger != nil {
			cfg.Logger.Info("connection test failed", "err", err)
		}
		w := problem.Describe(cfg.Catalog, err)
		res.Problem, res.Hint = w.Text, w.Hint
		return res, nil
	}
	res.OK, res.Lines, res.MakeCall = true, lines, MakeCallUnknown
	if accts, err := c.Accounts(ctx); err == nil {
		res.Accounts = accts
	} else if !errors.Is(err, cti.ErrNotSupported) && cfg.Logger != nil {
		cfg.Logger.Info("connection test: accounts not read", "err", err)
	}
	readIdentity(ctx, c, cfg, &res)
	return res, nil
}

// readIdentity adds the phone's identity (and DND) from one web-session
// login; a failure only costs them, in IdentityProblem.
func readIdentity(ctx context.Context, c *cti.Client, cfg Config, res *Result) {
	var id cti.PhoneIdentity
	err := c.WithSession(ctx, cti.SessionOptions{}, func(sess *cti.Session) error {
		var err error
		if id, err = sess.Identity(ctx); err != nil {
			return err
		}
		switch on, derr := sess.DND(ctx); {
		case derr == nil:
			res.DND = &on
		case errors.Is(derr, cti.ErrNotSupported):
			res.NoDND = true
		}
		return nil
	})
	if err != nil {
		if cfg.Logger != nil {
			cfg.Logger.Info("connection test: identity not read", "err", err)
		}
		res.IdentityProblem = problem.Describe(cfg.Catalog, err).Text
		return
	}
	id.Accounts = res.Accounts
	res.Identity = &id
	cat := cfg.Catalog
	if cat == nil {
		cat = i18n.New(i18n.English)
	}
	for _, a := range id.Advisories() {
		res.Warnings = append(res.Warnings, webphone.AdvisoryWords(cat, id, a))
	}
}

// Values of TestResult.MakeCall: a test never places a call, so whether
// api-make_call works is known only from the live client's own dials.
const (
	MakeCallWorks    = "works"
	MakeCallDisabled = "disabled (turn on Click-To-Dial)"
	MakeCallUnknown  = "unknown"
)

func text(cat *i18n.Catalog, key string, args ...any) string {
	if cat == nil {
		cat = i18n.New(i18n.English)
	}
	return cat.T(key, args...)
}
