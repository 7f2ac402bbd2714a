package windows

import (
	"context"
	"errors"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// testDirect is "Test connection" without the tray process: the settings
// window asks the phone itself, read-only (line status and accounts; never a
// call). It is the only place a window talks to the phone.
func testDirect(ctx context.Context, e *Env, req localapi.TestRequest, secrets settings.SecretStore) localapi.TestResult {
	saved, _, _ := settings.Load(e.Paths.ConfigFile)
	pass := req.Passcode
	if pass == "" && secrets != nil {
		// The stored passcode goes only to the phone it was saved for (or
		// to the one the person confirmed it for).
		p, err := settings.PasscodeFor(secrets, req.Phone, saved.Phone)
		var other *settings.OtherPhoneError
		if errors.As(err, &other) && req.ReusePasscodeOf != "" {
			if p2, err2 := settings.PasscodeFor(secrets, req.ReusePasscodeOf, saved.Phone); err2 == nil {
				p, err = p2, nil
			}
		}
		if errors.As(err, &other) {
			return localapi.TestResult{Problem: e.t("service.passcode_other_phone", other.SavedFor, other.Asked), PasscodeFor: other.SavedFor}
		}
		pass = p // none stored: cti.New says so
	}
	pin := req.PinnedCert
	if pin == "" && !req.Repin {
		pin = settings.PinFor(e.Paths.ConfigFile, saved, req.Phone)
	}
	var pinned string
	c, err := cti.New(cti.Config{
		Address:    req.Phone,
		Passcode:   pass,
		Timeout:    5 * time.Second,
		TLSMode:    cti.TLSMode(req.TLSMode),
		PinnedCert: pin,
		OnPin:      func(fp string) { pinned = fp },
		Logger:     e.Logger,
	})
	if err != nil {
		return localapi.TestResult{Problem: e.t("window.test.bad_address", err.Error()), Hint: e.t("window.test.hint_address")}
	}
	defer c.Close()
	lines, err := c.LineStatus(ctx)
	if err != nil {
		return e.testProblem(err)
	}
	res := localapi.TestResult{OK: true, Lines: lines, MakeCall: "unknown", Fingerprint: c.Fingerprint()}
	if res.Fingerprint == "" {
		res.Fingerprint = pinned
	}
	accounts, err := c.Accounts(ctx)
	switch {
	case err == nil:
		res.Accounts = accounts
	case errors.Is(err, cti.ErrNotSupported):
	default:
		e.Logger.Info("test connection: accounts", "err", err)
	}
	return res
}

// testProblem explains a failed test with a hint on what to check.
func (e *Env) testProblem(err error) localapi.TestResult {
	r := localapi.TestResult{}
	switch {
	case errors.Is(err, cti.ErrUnauthorized):
		r.Problem, r.Hint = e.t("window.err.unauthorized"), e.t("window.test.hint_unauthorized")
	case errors.Is(err, cti.ErrCertChanged):
		r.Problem, r.Hint = err.Error(), e.t("window.test.hint_cert")
	case errors.Is(err, cti.ErrBadReply):
		r.Problem, r.Hint = e.t("window.test.bad_reply"), e.t("window.test.hint_bad_reply")
	case errors.Is(err, cti.ErrUnreachable), errors.Is(err, context.DeadlineExceeded):
		r.Problem, r.Hint = e.t("window.err.unreachable"), e.t("window.test.hint_unreachable")
	default:
		r.Problem = e.errText(err)
	}
	return r
}
