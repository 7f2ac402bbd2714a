package phonesim

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Server serves a Phone on a TCP address. During a reboot it closes its
// listener, so clients get "connection refused" like with a real phone, and
// listens again on the same address when the phone is back. The control
// surface (/sim/) shares the listener and is unreachable meanwhile too.
type Server struct {
	p        *Phone
	log      *slog.Logger
	bindAddr string // host as given, port as bound
	url      string
	unhook   func()

	mu     sync.Mutex
	closed bool
	srv    *http.Server
	stop   chan struct{} // closed by Close; ends a relisten loop
	wg     sync.WaitGroup
}

// Listen starts serving p on addr ("127.0.0.1:0" picks a free port). Close
// the Server to stop; the Phone is not closed with it.
func Listen(addr string, p *Phone) (*Server, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	urlHost := host
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		urlHost = "127.0.0.1"
		if ip != nil && ip.To4() == nil {
			urlHost = "::1"
		}
	}
	s := &Server{
		p:        p,
		log:      p.log,
		bindAddr: net.JoinHostPort(host, port),
		url:      "http://" + net.JoinHostPort(urlHost, port),
		stop:     make(chan struct{}),
	}
	s.serve(ln)
	s.unhook = p.onBoot(s.boot)
	return s, nil
}

// URL is the phone's base URL, e.g. "http://127.0.0.1:41234"; a wildcard
// listen address is given as loopback.
func (s *Server) URL() string { return s.url }

// Addr is the address the server listens on (again after a reboot).
func (s *Server) Addr() string { return s.bindAddr }

// serve starts an http.Server on ln. One http.Server per boot: a shut down
// server cannot serve again.
func (s *Server) serve(ln net.Listener) {
	srv := &http.Server{
		Handler:           s.p.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ln.Close()
		return
	}
	s.srv = srv
	s.wg.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Debug("phone listener stopped", "err", err)
		}
	}()
}

// boot follows the phone's reboot: down closes the listener at once (new
// connections are refused) and lets the request in flight, the REBOOT
// reply, finish; up listens again.
func (s *Server) boot(up bool) {
	if !up {
		s.mu.Lock()
		srv := s.srv
		s.srv = nil
		s.mu.Unlock()
		if srv == nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		if srv.Shutdown(ctx) != nil {
			srv.Close()
		}
		return
	}
	ln, err := net.Listen("tcp", s.bindAddr)
	if err == nil {
		s.serve(ln)
		return
	}
	// Someone took the port meanwhile: keep trying in the background rather
	// than holding up the phone's reboot.
	s.log.Warn("cannot listen again after reboot, retrying", "addr", s.bindAddr, "err", err)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.wg.Add(1)
	go s.relisten()
}

func (s *Server) relisten() {
	defer s.wg.Done()
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		if ln, err := net.Listen("tcp", s.bindAddr); err == nil {
			s.serve(ln)
			return
		}
	}
}

// Close stops serving and waits for the server's goroutines. It does not
// close the Phone.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.stop)
	srv := s.srv
	s.srv = nil
	s.mu.Unlock()
	s.unhook()
	var err error
	if srv != nil {
		err = srv.Close()
	}
	s.wg.Wait()
	return err
}
