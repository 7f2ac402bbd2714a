package service

import (
	"context"
	"errors"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/problem"
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
func (s *Service) TestConnection(ctx context.Context, req localapi.TestRequest) (localapi.TestResult, error) {
	s.mu.Lock()
	set := s.set
	phone, pass, live := s.phone, s.passcode, s.client
	s.mu.Unlock()

	addr, tlsMode, pinned := req.Phone, req.TLSMode, req.PinnedCert
	if addr == "" {
		addr, tlsMode, pinned = phone, set.TLSMode, set.PinnedCert
	}
	if req.Passcode != "" {
		pass = req.Passcode
	}
	var res localapi.TestResult
	if addr == "" {
		res.Problem, res.Hint = s.t(msgNoPhone), s.t(msgHintAddress)
		return res, nil
	}
	c, err := cti.New(cti.Config{
		Address:    addr,
		Passcode:   pass,
		Timeout:    s.cfg.Tuning.RequestTimeout,
		TLSMode:    cti.TLSMode(tlsMode),
		PinnedCert: pinned,
		Logger:     s.log,
	})
	if err != nil {
		res.Problem, res.Hint = s.t(msgProbAddress, err.Error()), s.t(msgHintAddress)
		return res, nil
	}
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

// explain turns a phone error into a problem and a hint in the user's
// language (ui/problem: the same words as everywhere else).
func (s *Service) explain(err error) (text, hint string) {
	w := problem.Describe(s.Catalog(), err)
	return w.Text, w.Hint
}
