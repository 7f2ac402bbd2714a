package localapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// Limits and timeouts of the server.
const (
	maxBody          = 64 << 10 // request body
	maxConns         = 64       // concurrent connections; windows hold one each for events
	defaultHeartbeat = 30 * time.Second
	headerTimeout    = 5 * time.Second  // a client must send its headers within this
	bodyTimeout      = 10 * time.Second // ... and its body within this
	writeTimeout     = 10 * time.Second // a reply (or one stream item) must be taken within this
	idleTimeout      = 60 * time.Second
	shutdownGrace    = 2 * time.Second
	probeTimeout     = time.Second
)

// errLocked: another process holds the instance lock.
var errLocked = errors.New("instance lock is held")

// Options configure a Server.
type Options struct {
	Logger *slog.Logger // nil = discard
	// AllowUID decides whether a peer running as uid may talk to the server
	// (Linux only, where SO_PEERCRED tells). nil = only this process's uid.
	AllowUID  func(uid int) bool
	Version   string        // reported by /v1/ping and filled into State.Version when empty
	Heartbeat time.Duration // empty line on the event stream every so often; 0 = 30 s
	// Describe, when set, puts a backend error into words for a person
	// (ui/problem, in the user's language); they travel with the error
	// (Error.Text, Error.Hint), so that a window or the command line shows
	// the tray's words rather than taking its message apart.
	Describe func(error) (text, hint string)
}

// Server is the local API server of the tray process.
type Server struct {
	backend   Backend
	log       *slog.Logger
	allow     func(uid int) bool
	version   string
	heartbeat time.Duration
	describe  func(error) (text, hint string)
	// writeTimeout bounds the writing of one reply or stream item.
	writeTimeout time.Duration

	path    string
	ln      net.Listener
	sock    os.FileInfo // the socket file as created, so Close removes only ours (nil for a pipe)
	unlock  func()
	srv     *http.Server
	routes  map[string]route
	done    chan struct{} // closed when the server stops: event streams end
	stopped sync.Once
	served  atomic.Bool
	active  atomic.Int32
}

type route struct {
	method string
	handle func(http.ResponseWriter, *http.Request)
}

// Listen creates the socket (directory 0700, socket 0600) and returns a
// server ready to Serve. If a live tray process answers on the socket it
// returns an error wrapping ErrAlreadyRunning; a stale socket file left by a
// crashed process is removed.
func Listen(socketPath string, b Backend, opts Options) (*Server, error) {
	if b == nil {
		return nil, errors.New("localapi: nil Backend")
	}
	if socketPath == "" {
		return nil, errors.New("localapi: empty socket path")
	}
	s := &Server{
		backend:      b,
		log:          opts.Logger,
		allow:        opts.AllowUID,
		version:      opts.Version,
		heartbeat:    opts.Heartbeat,
		describe:     opts.Describe,
		writeTimeout: writeTimeout,
		path:         socketPath,
		done:         make(chan struct{}),
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.allow == nil {
		self := os.Getuid()
		s.allow = func(uid int) bool { return uid == self }
	}
	if s.heartbeat <= 0 {
		s.heartbeat = defaultHeartbeat
	}
	if err := prepareDir(filepath.Dir(socketPath)); err != nil {
		return nil, err
	}
	unlock, err := lockInstance(socketPath + ".lock")
	if errors.Is(err, errLocked) {
		// The holder is either serving (probe finds its pid) or still starting.
		if perr := probe(socketPath); perr != nil && errors.Is(perr, ErrAlreadyRunning) {
			return nil, perr
		}
		return nil, fmt.Errorf("%w (another instance is starting)", ErrAlreadyRunning)
	}
	if err != nil {
		return nil, fmt.Errorf("taking the instance lock: %w", err)
	}
	if err := s.listen(); err != nil {
		unlock()
		return nil, err
	}
	s.unlock = unlock
	s.routes = s.makeRoutes()
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: headerTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
		ConnContext:       connContext,
	}
	return s, nil
}

// listen removes a stale socket and listens. Called with the instance lock held.
func (s *Server) listen() error {
	if err := probe(s.path); err != nil {
		if !errors.Is(err, errStale) {
			return err
		}
		fi, lerr := os.Lstat(s.path)
		if lerr != nil {
			return fmt.Errorf("checking the old socket: %w", lerr)
		}
		if !isSocket(fi) {
			return fmt.Errorf("%s exists and is not a socket; remove it or choose another runtime directory", s.path)
		}
		if err := os.Remove(s.path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("removing the stale socket: %w", err)
		}
		s.log.Info("removed a stale socket", "path", s.path)
	}
	ln, fi, err := listenEndpoint(s.path)
	if err != nil {
		// Another instance may have taken the endpoint since the probe
		// (Windows: a pipe name has one owner; there is no lock file).
		if perr := probe(s.path); perr != nil && errors.Is(perr, ErrAlreadyRunning) {
			return perr
		}
		return err
	}
	s.ln, s.sock = ln, fi
	return nil
}

// errStale: a socket file exists but nothing accepts on it.
var errStale = errors.New("stale socket")

// probe looks at what is on the socket path: nil when nothing is there,
// errStale when a dead socket file is, an error wrapping ErrAlreadyRunning
// when something answers.
func probe(path string) error {
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	c, err := dialEndpoint(ctx, path)
	cancel()
	switch {
	case err == nil:
	case isMissing(err):
		return nil
	case isRefused(err):
		return errStale
	default:
		return fmt.Errorf("checking for a running GXP Tray on %s: %w", path, err)
	}
	c.Close()
	ctx, cancel = context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	cl := newClient(path)
	defer cl.Close()
	info, err := cl.Ping(ctx)
	if err != nil {
		// Something accepts connections there; never steal its socket.
		return fmt.Errorf("%w (the socket %s answers, but not as expected: %v)", ErrAlreadyRunning, path, err)
	}
	return fmt.Errorf("%w (pid %d)", ErrAlreadyRunning, info.PID)
}

// Path is the socket path.
func (s *Server) Path() string { return s.path }

// Serve answers requests until ctx is done or Close is called; then it stops
// the event streams, lets running requests finish for a moment and removes
// the socket. It returns nil after a normal stop.
func (s *Server) Serve(ctx context.Context) error {
	if !s.served.CompareAndSwap(false, true) {
		return errors.New("localapi: Serve called twice")
	}
	stopWatch := make(chan struct{})
	defer close(stopWatch)
	go func() {
		select {
		case <-ctx.Done():
			s.stop(true)
		case <-stopWatch:
		}
	}()
	err := s.srv.Serve(&guardedListener{Listener: s.ln, s: s})
	stopping := false
	select {
	case <-s.done:
		stopping = true
	default:
	}
	// Waits for a stop already under way (sync.Once), so that the socket
	// is gone when Serve returns.
	s.stop(false)
	if stopping || errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Close stops the server at once (open requests are cut) and removes the
// socket file.
func (s *Server) Close() error {
	s.stop(false)
	return nil
}

func (s *Server) stop(graceful bool) {
	s.stopped.Do(func() {
		close(s.done)
		if graceful {
			ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
			if err := s.srv.Shutdown(ctx); err != nil {
				s.srv.Close()
			}
			cancel()
		} else {
			s.srv.Close()
		}
		s.ln.Close() // when Serve never ran, the http.Server does not know it
		if fi, err := os.Lstat(s.path); err == nil && s.sock != nil && os.SameFile(fi, s.sock) {
			os.Remove(s.path)
		}
		s.unlock()
		s.log.Debug("local API stopped", "path", s.path)
	})
}

// guardedListener refuses peers of another user (where the OS tells) and
// caps the number of connections, before any byte of theirs is read.
type guardedListener struct {
	net.Listener
	s *Server
}

func (l *guardedListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		uid, pid, known, err := peerCred(c)
		if err != nil {
			l.s.log.Warn("refused a connection: cannot read its peer credentials", "err", err)
			c.Close()
			continue
		}
		if known && !l.s.allow(uid) {
			l.s.log.Warn("refused a connection from another user", "uid", uid, "pid", pid)
			c.Close()
			continue
		}
		if l.s.active.Add(1) > maxConns {
			l.s.active.Add(-1)
			l.s.log.Warn("refused a connection: too many open connections", "pid", pid)
			c.Close()
			continue
		}
		return &peerConn{Conn: c, pid: pid, s: l.s}, nil
	}
}

// peerConn remembers the peer's pid for the logs and frees its slot once.
type peerConn struct {
	net.Conn
	pid    int
	s      *Server
	closed sync.Once
}

func (c *peerConn) Close() error {
	c.closed.Do(func() { c.s.active.Add(-1) })
	return c.Conn.Close()
}

type pidKey struct{}

func connContext(ctx context.Context, c net.Conn) context.Context {
	if pc, ok := c.(*peerConn); ok && pc.pid != 0 {
		return context.WithValue(ctx, pidKey{}, pc.pid)
	}
	return ctx
}

// ServeHTTP routes a request, recovers from a panicking backend and logs the
// request (never its body).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w}
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.Error("local API handler panicked", "path", r.URL.Path, "panic", redact(fmt.Sprint(p)))
			if !rec.wrote {
				s.writeJSON(rec, http.StatusInternalServerError, wireError{Error: "internal error", Kind: KindInternal})
			}
		}
		pid, _ := r.Context().Value(pidKey{}).(int)
		s.log.Debug("local API request", "method", r.Method, "path", r.URL.Path,
			"status", rec.status, "duration", time.Since(start), "peer_pid", pid)
	}()
	rt, ok := s.routes[r.Method+" "+r.URL.Path]
	if !ok {
		rt, ok = s.routes[r.URL.Path]
	}
	if !ok {
		s.reject(rec, http.StatusNotFound, "no such endpoint: "+r.URL.Path)
		return
	}
	if r.Method != rt.method {
		rec.Header().Set("Allow", rt.method)
		s.reject(rec, http.StatusMethodNotAllowed, fmt.Sprintf("%s wants %s", r.URL.Path, rt.method))
		return
	}
	r, ok = s.withPhoneHeader(rec, r)
	if !ok {
		return
	}
	rt.handle(rec, r)
}

// recorder remembers the status for the log; Unwrap lets
// http.ResponseController reach Flush and the deadlines.
type recorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if !r.wrote {
		r.status, r.wrote = http.StatusOK, true
	}
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
