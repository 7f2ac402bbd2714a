package service

import (
	"context"
	"errors"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/problem"
	"github.com/gxptray/gxptray/ui/settings"
)

// Values of TestResult.MakeCall.
const (
	makeCallWorks    = "works"
	makeCallDisabled = "disabled (turn on Click-To-Dial)"
	makeCallUnknown  = "unknown"
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
	s.mu.Lock()
	set := s.set
	phone, pass, live, other := s.phone, s.passcode, s.client, s.passOther
	s.mu.Unlock()

	var res localapi.TestResult
	addr, tlsMode := req.Phone, req.TLSMode
	if addr == "" {
		addr, tlsMode = phone, set.TLSMode
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
	c, err := cti.New(cti.Config{
		Address:    target,
		Passcode:   pass,
		Timeout:    s.cfg.Tuning.RequestTimeout,
		TLSMode:    cti.TLSMode(tlsMode),
		PinnedCert: pinned,
		Logger:     s.log,
		Rejections: &s.rejections,
		Retry:      typed,
	})
	if err != nil {
		res.Problem, res.Hint = s.t(msgProbAddress, err.Error()), s.t(msgHintAddress)
		return res, nil
	}
	defer c.Close()
	lines, err := c.LineStatus(ctx)
	res.Fingerprint = c.Fingerprint()
	if err != nil {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		s.log.Info("connection test failed", "err", err)
		res.Problem, res.Hint = s.explain(err)
		return res, nil
	}
	res.OK = true
	res.Lines = lines
	if accts, err := c.Accounts(ctx); err == nil {
		res.Accounts = accts
	} else if !errors.Is(err, cti.ErrNotSupported) {
		s.log.Info("connection test: accounts not read", "err", err)
	}
	s.testIdentity(ctx, c, &res)
	res.MakeCall = makeCallUnknown
	if live != nil && live.BaseURL() == c.BaseURL() {
		switch live.DialMethodInUse() {
		case cti.DialMakeCall:
			res.MakeCall = makeCallWorks
		case cti.DialKeys:
			if cti.DialMethod(set.DialMethod) != cti.DialKeys {
				// auto mode fell back to keys: make_call answered Invalid Request.
				res.MakeCall = makeCallDisabled
			}
		}
	}
	return res, nil
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

// explain turns a phone error into a problem and a hint in the user's
// language (ui/problem: the same words as everywhere else); a rejected
// passcode also says whether it was sent (ui/problem adds the tries left).
func (s *Service) explain(err error) (text, hint string) {
	if errors.Is(err, cti.ErrUnauthorized) {
		return s.authProblem(err)
	}
	w := problem.Describe(s.Catalog(), err)
	return w.Text, w.Hint
}

// authProblem explains a rejected passcode: sent and refused, or not sent
// because the phone refused it before; with the tries the phone says are left.
func (s *Service) authProblem(err error) (text, hint string) {
	w := problem.Describe(s.Catalog(), err)
	text, hint = w.Text, w.Hint
	var ae *cti.AuthError
	if !errors.As(err, &ae) {
		return text, hint
	}
	if ae.NotSent && !ae.Locked {
		text = s.t(msgPassRejected)
	}
	return text, hint
}
