package service

import (
	"context"
	"errors"
	"net"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/settings"
)

// pushRun is the running Action URL listener. phoneConn holds it: its
// pushes only ask the monitor there to look again.
type pushRun struct {
	addr    string // as configured
	baseURL string // what the phone should call, without the token
	token   string
	cancel  context.CancelFunc
	done    chan struct{}
}

// ActionURLs are the values to paste into the phone's Action URL fields
// (they contain the secret token: show them only to the user).
func (s *Service) ActionURLs(ctx context.Context) ([]cti.ActionURLField, error) {
	p := s.conn.Push()
	if p == nil {
		return nil, s.pushOff()
	}
	return cti.ActionURLFields(p.baseURL, p.token), nil
}

// pushOff says why there are no Action URLs: no listener is configured, or
// the configured one could not start (the port taken, say), with the reason.
func (s *Service) pushOff() error {
	if err := s.conn.PushErr(); err != nil {
		return errors.New(s.t(msgPushFailed, err))
	}
	return errors.New(s.t(msgPushOff))
}

// applyPush starts, stops or moves the listener. Callers hold applyMu.
func (s *Service) applyPush(ctx context.Context, set settings.Settings) {
	cur := s.conn.Push()
	s.mu.Lock()
	phone := s.phone
	s.mu.Unlock()
	if cur != nil && cur.addr == set.PushListen {
		return
	}
	s.stopPush()
	if set.PushListen == "" {
		return
	}
	if err := s.startPush(ctx, set.PushListen, phone); err != nil {
		s.log.Warn("Action URL listener not started", "addr", set.PushListen, "err", err)
		s.conn.setPush(nil, err)
	}
}

func (s *Service) startPush(ctx context.Context, addr, phone string) error {
	token, err := s.pushToken()
	if err != nil {
		return err
	}
	l, err := cti.NewPushListener(cti.PushConfig{
		Addr:  addr,
		Token: token,
		OnPush: func(ev cti.PushEvent) {
			s.notePushArrived(ev)
			m := s.monitor()
			if m == nil {
				return
			}
			if ev.Event == cti.PushEstablished {
				// Answered: even if the call ends before the poll this
				// push asks for, it is not recorded as missed or unanswered.
				m.NoteEstablished(ev.Remote)
			}
			m.NotePush()
		},
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
	r := &pushRun{addr: addr, token: token, cancel: cancel, done: make(chan struct{}),
		baseURL: pushBaseURL(ln.Addr(), phone)}
	go func() {
		defer close(r.done)
		if err := l.Serve(pctx, ln); err != nil && pctx.Err() == nil {
			s.log.Warn("Action URL listener stopped", "err", err)
		}
	}()
	s.conn.setPush(r, nil)
	s.log.Info("Action URL listener started", "url", r.baseURL)
	return nil
}

func (s *Service) stopPush() {
	r := s.conn.takePush()
	if r == nil {
		return
	}
	r.cancel()
	<-r.done
}

// pushToken is the secret path element of the Action URLs: kept in the
// secret store, created on first use. Without a usable store it lives for
// this session only (the URLs on the phone then need updating after a restart).
func (s *Service) pushToken() (string, error) {
	if s.cfg.Secrets != nil {
		tok, err := settings.PushToken(s.cfg.Secrets)
		if err == nil {
			return tok, nil
		}
		s.log.Warn("keyring unavailable: the Action URL token lasts for this session only", "err", err)
	}
	return settings.PushToken(&s.sessionSecrets)
}

// pushBaseURL is the URL the phone must call: a wildcard listen address is
// replaced by this computer's address on the route to the phone.
func pushBaseURL(addr net.Addr, phone string) string {
	if u := cti.PushBaseURL(addr, phone); u != "" {
		return u
	}
	return "http://" + addr.String()
}
