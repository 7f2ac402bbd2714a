package windows

import (
	"context"
	"errors"
	"time"

	"github.com/gxptray/gxptray/ui/conntest"
	"github.com/gxptray/gxptray/ui/localapi"
	words "github.com/gxptray/gxptray/ui/problem"
	"github.com/gxptray/gxptray/ui/settings"
)

// testDirect is "Test connection" without the tray process: the settings
// window runs the tray's test (ui/conntest) itself, with the passcode that
// may go to the phone. It is the only place a window talks to the phone.
// testConnection is the one connection test of the windows: through the
// tray process, else (it does not run) the phone directly.
func testConnection(ctx context.Context, e *Env, req localapi.TestRequest, secrets settings.SecretStore) (localapi.TestResult, error) {
	api, err := e.api()
	if err == nil {
		var res localapi.TestResult
		if res, err = api.TestConnection(ctx, req); !errors.Is(err, localapi.ErrNotRunning) {
			return res, err
		}
	}
	return testDirect(ctx, e, req, secrets), nil
}

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
	r, err := conntest.Run(ctx, conntest.Config{Address: req.Phone, Passcode: pass, TLSMode: req.TLSMode,
		PinnedCert: pin, Timeout: 5 * time.Second, Logger: e.Logger, Catalog: e.Catalog})
	if err != nil {
		return e.testProblem(err)
	}
	return r.TestResult
}

// testProblem explains a test that could not finish: ui/problem's words
// and hint, as the tray's own test gives them.
func (e *Env) testProblem(err error) localapi.TestResult {
	w := words.Describe(e.Catalog, err)
	return localapi.TestResult{Problem: w.Text, Hint: w.Hint}
}
