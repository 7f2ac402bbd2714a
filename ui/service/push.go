package service

import (
	"context"
	"errors"
	"net"
	"slices"
	"sync"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/settings"
)

// One Action URL listener serves every phone: the settings have one listen
// address, and a port per phone would be one more thing to configure and
// open in a firewall. Each phone has its own token (settings.PushTokenFor)
// and its own URLs; a push is taken for the phone whose token it carries,
// and only asks that phone's monitor to look. A request with phone A's
// token never makes phone B look.

// pushOwner owns the listener: the one running, or why the configured one
// is not. It has a lock of its own.
type pushOwner struct {
	mu  sync.Mutex
	run *pushRun
	err error // why the configured listener is not running (nil: none configured, or it runs)
}

// pushRun is the running Action URL listener.
type pushRun struct {
	addr   string   // as configured
	ln     net.Addr // where it listens
	tokens []string // the tokens it takes, sorted: a change restarts it
	cancel context.CancelFunc
	done   chan struct{}
}

// Current is the running listener, nil when none runs.
func (p *pushOwner) Current() *pushRun {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.run
}

// Err is why the configured listener is not running.
func (p *pushOwner) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

func (p *pushOwner) set(r *pushRun, err error) {
	p.mu.Lock()
	p.run, p.err = r, err
	p.mu.Unlock()
}

func (p *pushOwner) take() *pushRun {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.run
	p.run, p.err = nil, nil
	return r
}

// baseURL is what phone should call, without the token: a wildcard listen
// address is replaced by this computer's address on the route to phone.
func (r *pushRun) baseURL(phone string) string { return pushBaseURL(r.ln, phone) }

// ActionURLs are the values to paste into the Action URL fields of the
// request's phone (they contain its secret token: show them only to the user).
func (s *Service) ActionURLs(ctx context.Context) ([]cti.ActionURLField, error) {
	u, err := s.unitFor(ctx)
	if err != nil {
		return nil, err
	}
	fields, _, err := s.phoneFields(u)
	return fields, err
}

// phoneFields are the Action URL values of u, and its token.
func (s *Service) phoneFields(u *phoneUnit) ([]cti.ActionURLField, string, error) {
	r := s.push.Current()
	token, _ := u.Token()
	if r == nil || token == "" || !slices.Contains(r.tokens, token) {
		return nil, "", s.pushOff(u)
	}
	return cti.ActionURLFields(r.baseURL(u.Addr()), token), token, nil
}

// pushOff says why u has no Action URLs: no listener is configured, or
// the configured one could not start (the port taken, say), or u has no
// token, with the reason.
func (s *Service) pushOff(u *phoneUnit) error {
	if err := s.pushErr(u); err != nil {
		return errors.New(s.t(msgPushFailed, err))
	}
	return errors.New(s.t(msgPushOff))
}

// pushErr is why the listener u's pushes go to is not taking them, nil
// when it is or when none is configured.
func (s *Service) pushErr(u *phoneUnit) error {
	if err := s.push.Err(); err != nil {
		return err
	}
	if s.push.Current() == nil {
		return nil
	}
	if _, err := u.Token(); err != nil {
		return err
	}
	return nil
}

// applyPush starts, stops or moves the listener, and restarts it when the
// phones' tokens changed. Callers hold applyMu.
func (s *Service) applyPush(ctx context.Context, set settings.Settings) {
	var tokens []string
	if set.PushListen != "" {
		tokens = s.assignTokens(set)
	}
	slices.Sort(tokens)
	cur := s.push.Current()
	if cur != nil && cur.addr == set.PushListen && slices.Equal(cur.tokens, tokens) {
		return
	}
	s.stopPush()
	if set.PushListen == "" {
		return
	}
	if err := s.startPush(ctx, set.PushListen, tokens); err != nil {
		s.log.Warn("Action URL listener not started", "addr", set.PushListen, "err", err)
		s.push.set(nil, err)
	}
}

// assignTokens gives every phone its Action URL token and returns them.
func (s *Service) assignTokens(set settings.Settings) []string {
	var tokens []string
	for _, u := range s.phones.List() {
		tok, err := s.pushToken(u.Addr(), set.Phone)
		u.mu.Lock()
		u.token, u.tokenErr = tok, err
		u.mu.Unlock()
		if err == nil && !slices.Contains(tokens, tok) {
			tokens = append(tokens, tok)
		}
	}
	return tokens
}

func (s *Service) startPush(ctx context.Context, addr string, tokens []string) error {
	if len(tokens) == 0 {
		return errors.New("no phone has an Action URL token")
	}
	l, err := cti.NewPushListener(cti.PushConfig{
		Addr:   addr,
		Token:  tokens[0],
		Tokens: tokens[1:],
		OnPush: s.onPush,
		Logger: s.log,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	pctx, cancel := context.WithCancel(ctx)
	r := &pushRun{addr: addr, ln: ln.Addr(), tokens: tokens, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(r.done)
		if err := l.Serve(pctx, ln); err != nil && pctx.Err() == nil {
			s.log.Warn("Action URL listener stopped", "err", err)
		}
	}()
	s.push.set(r, nil)
	s.log.Info("Action URL listener started", "addr", ln.Addr().String(), "phones", len(tokens))
	return nil
}

// onPush takes an accepted Action URL request for the phone whose token it
// carries; it only asks that phone's monitor to look.
func (s *Service) onPush(ev cti.PushEvent) {
	u := s.phones.byToken(ev.Token)
	if u == nil {
		return // a phone removed since the listener started
	}
	s.notePushArrived(u, ev)
	m := u.conn.Monitor()
	if m == nil {
		return
	}
	if ev.Event == cti.PushEstablished {
		// Answered: even if the call ends before the poll this push asks
		// for, it is not recorded as missed or unanswered.
		m.NoteEstablished(ev.Remote)
	}
	m.NotePush()
}

func (s *Service) stopPush() {
	r := s.push.take()
	if r == nil {
		return
	}
	r.cancel()
	<-r.done
}

// pushToken is the secret path element of the Action URLs of the phone at
// addr: kept in the secret store, created on first use. Without a usable
// store it lives for this session only (the URLs on the phone then need
// updating after a restart).
func (s *Service) pushToken(addr, savedPhone string) (string, error) {
	if s.cfg.Secrets != nil {
		tok, err := settings.PushTokenFor(s.cfg.Secrets, addr, savedPhone)
		if err == nil {
			return tok, nil
		}
		s.log.Warn("keyring unavailable: the Action URL token lasts for this session only", "err", err)
	}
	return settings.PushTokenFor(&s.sessionSecrets, addr, savedPhone)
}

// pushBaseURL is the URL the phone must call: a wildcard listen address is
// replaced by this computer's address on the route to the phone.
func pushBaseURL(addr net.Addr, phone string) string {
	if u := cti.PushBaseURL(addr, phone); u != "" {
		return u
	}
	return "http://" + addr.String()
}
