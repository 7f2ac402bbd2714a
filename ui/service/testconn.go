package service

import (
	"context"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/conntest"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// TestConnection checks settings the user is editing with a temporary client
// that never replaces the live one and never pins or saves anything. It asks
// for the line status and the accounts only: a test never places a call, so
// whether api-make_call works is known only from the live client's own dials.
//
// The stored passcode goes only to the phone it belongs to: testing another
// address with an empty passcode field sends nothing and says so
// (TestResult.PasscodeFor), unless the person confirmed in words that name
// both addresses (TestRequest.ReusePasscodeOf). A passcode the phone rejected
// is not sent again (s.rejections) unless the person typed it for this test.
func (s *Service) TestConnection(ctx context.Context, req localapi.TestRequest) (localapi.TestResult, error) {
	u, err := s.unitFor(ctx)
	if err != nil {
		return localapi.TestResult{}, err
	}
	set := s.Settings()
	u.mu.Lock()
	phone, pass, other := u.phone, u.passcode, u.passOther
	tls := u.entry.TLSMode
	u.mu.Unlock()
	if tls == "" {
		tls = set.TLSMode
	}
	live, _ := u.conn.Current()

	var res localapi.TestResult
	addr, tlsMode := req.Phone, req.TLSMode
	if addr == "" {
		addr, tlsMode = phone, tls
	}
	if addr == "" {
		res.Problem, res.Hint = s.t(msgNoPhone), s.t(msgHintAddress)
		return res, nil
	}
	target, err := cti.CanonicalAddress(addr)
	if err != nil {
		res.Problem, res.Hint = s.t(msgProbAddress, err.Error()), s.t(msgHintAddress)
		return res, nil
	}
	typed := req.Passcode != ""
	pass, res = s.testPasscode(req, target, phone, pass, other, set.Phone)
	if pass == "" {
		return res, nil
	}
	pinned := req.PinnedCert
	if pinned == "" && !req.Repin {
		pinned = settings.PinFor(s.cfg.Paths.ConfigFile, set, target)
	}
	r, err := conntest.Run(ctx, conntest.Config{
		Address: target, Passcode: pass, TLSMode: tlsMode, PinnedCert: pinned,
		Timeout: s.cfg.Tuning.RequestTimeout, Logger: s.log, Catalog: s.Catalog(),
		Rejections: &s.rejections, Retry: typed,
	})
	res = r.TestResult
	if err != nil {
		return res, err
	}
	if res.OK && r.Identity != nil {
		s.noteIdentity(r.BaseURL, *r.Identity, r.DND, r.NoDND)
	}
	if res.OK && live != nil && live.BaseURL() == r.BaseURL {
		res.MakeCall = makeCallOf(live.DialMethodInUse(), cti.DialMethod(set.DialMethod))
	}
	return res, nil
}

// makeCallOf says whether api-make_call works, from the method the live
// client dials with now.
func makeCallOf(inUse, configured cti.DialMethod) string {
	switch {
	case inUse == cti.DialMakeCall:
		return conntest.MakeCallWorks
	case inUse == cti.DialKeys && configured != cti.DialKeys:
		// auto mode fell back to keys: make_call answered Invalid Request.
		return conntest.MakeCallDisabled
	}
	return conntest.MakeCallUnknown
}

// testPasscode picks the passcode a test may send to target: the one typed,
// else the current one if it belongs to target, else the stored one of the
// phone the person agreed to reuse it from. "" with res saying why when
// none may go.
func (s *Service) testPasscode(req localapi.TestRequest, target, phone, pass string, other *settings.OtherPhoneError, savedPhone string) (string, localapi.TestResult) {
	var res localapi.TestResult
	switch {
	case req.Passcode != "":
		return req.Passcode, res
	case !cti.SameAddress(target, phone) || other != nil:
		owner := canonicalOr(phone)
		if other != nil {
			owner = other.SavedFor
		}
		if s.cfg.Secrets != nil && req.ReusePasscodeOf != "" {
			if p, err := settings.PasscodeFor(s.cfg.Secrets, req.ReusePasscodeOf, savedPhone); err == nil {
				s.log.Info("sending the saved passcode to another phone, as confirmed", "saved_for", canonicalOr(req.ReusePasscodeOf), "phone", target)
				return p, res
			}
		}
		res.Problem, res.PasscodeFor = s.t(msgPassOther, owner, target), owner
		return "", res
	case pass == "":
		res.Problem, res.Hint = s.t(msgNoPasscode), s.t(msgHintUnauth)
	}
	return pass, res
}
