package cti

import (
	"bufio"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Action URL events the phone can be told to report (the path element after
// the token). Other names are accepted too and passed on as they are.
const (
	PushIncoming    = "incoming"
	PushOutgoing    = "outgoing"
	PushMissed      = "missed"
	PushEstablished = "established"
	PushTerminated  = "terminated"
	PushHold        = "hold"
	PushUnhold      = "unhold"
)

// Push listener limits.
const (
	MinPushTokenLen        = 16
	DefaultPushMaxRequest  = 4096
	DefaultPushRate        = 10 // requests per second with the token; burst twice that
	DefaultPushReadTimeout = 2 * time.Second
	DefaultPushMaxConns    = 32
	// Requests without the right token get their own budget per sender
	// (they never use up the token's): answered at this rate, then closed
	// without an answer.
	pushRefusedRate  = 5
	pushRefusedBurst = 50
	maxPushSources   = 256 // senders remembered; more forget them all
	// pushIdleGrace: a connection that sent nothing for this long is idle
	// (a phone sends its request at once) and may be closed to make room.
	pushIdleGrace = 250 * time.Millisecond
)

// PushConfig configures a PushListener.
type PushConfig struct {
	Addr  string // listen address for ListenAndServe, e.g. "0.0.0.0:8765"
	Token string // secret first path element: >= 16 chars of A-Z a-z 0-9 - _ . ~
	// Tokens are more tokens taken like Token: one listener for several
	// phones, each with its own token (PushEvent.Token says whose). Each
	// token has its own rate budget, so one phone's flood never costs
	// another phone its pushes.
	Tokens []string
	// OnPush is called for each accepted request, one call at a time,
	// before the phone gets its reply: keep it short. Typically:
	// func(PushEvent) { monitor.NotePush() }.
	OnPush          func(PushEvent)
	MaxRequestBytes int           // request line + headers; default 4096
	RatePerSecond   float64       // requests with the token; default 10, burst twice that; negative = unlimited
	ReadTimeout     time.Duration // whole request; default 2 s (phones send at once; idle and slow senders are cut off)
	// MaxConns caps concurrent connections (default 32). When all are
	// taken, the oldest one still waiting for its request is closed to make
	// room, so idle connections cannot lock the phone out.
	MaxConns int
	Logger   *slog.Logger // nil = discard
}

// PushEvent is one accepted Action URL request.
type PushEvent struct {
	Event  string // incoming, outgoing, missed, established, terminated, hold, unhold, or another path name
	Remote string // the far end's number: ?remote= (the phone's $remote), "" when it had none
	From   string // the sender's IP address
	// Token is the token the request carried (one of PushConfig's), for a
	// listener of several phones to tell whose push it is.
	Token string
}

// PushListener receives the phone's Action URL requests.
//
// A push is a trigger to poll, not a source of truth: the phone's requests
// prove nothing (anyone on the network can send them, and they can be
// lost), so OnPush is typically Monitor.NotePush and the line-status poll
// says what happened. One payload is used: the far end's number of an
// established push, for Monitor.NoteEstablished, so that a call answered on
// the handset and hung up before the next poll is recorded as answered, not
// as missed. Nothing else of a request is read (display names and the other
// variables the phone may add are ignored); the request must still be
// answered whatever it holds (see push_parse.go for the phones' quirks).
type PushListener struct {
	cfg      PushConfig
	log      *slog.Logger
	tokens   []string
	tokenSum [][32]byte
	limiter  []*pushRateLimiter // requests with each token (nil: unlimited)
	refused  refusedBudget      // requests without it, per sender
	sem      chan struct{}
	warn     throttledWarn

	mu      sync.Mutex
	addr    net.Addr
	waiting map[net.Conn]waitingConn // connections still reading their request

	pushMu sync.Mutex // serializes OnPush
}

// ErrPushToken: the push token is missing, too short or not URL-safe.
var ErrPushToken = errors.New("the Action URL token must be at least 16 URL-safe characters (A-Z a-z 0-9 - _ . ~)")

// NewPushListener checks cfg and fills in defaults.
func NewPushListener(cfg PushConfig) (*PushListener, error) {
	tokens := append([]string{cfg.Token}, cfg.Tokens...)
	for _, t := range tokens {
		if len(t) < MinPushTokenLen || !urlSafeToken(t) {
			return nil, ErrPushToken
		}
	}
	if cfg.MaxRequestBytes <= 0 {
		cfg.MaxRequestBytes = DefaultPushMaxRequest
	}
	cfg.MaxRequestBytes = min(max(cfg.MaxRequestBytes, 512), 64<<10)
	if cfg.RatePerSecond == 0 {
		cfg.RatePerSecond = DefaultPushRate
	}
	if cfg.ReadTimeout <= 0 {
		cfg.ReadTimeout = DefaultPushReadTimeout
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = DefaultPushMaxConns
	}
	if cfg.OnPush == nil {
		cfg.OnPush = func(PushEvent) {}
	}
	l := &PushListener{cfg: cfg, log: cfg.Logger, tokens: tokens,
		sem: make(chan struct{}, cfg.MaxConns), waiting: map[net.Conn]waitingConn{}}
	for _, t := range tokens {
		l.tokenSum = append(l.tokenSum, sha256.Sum256([]byte(t)))
	}
	if l.log == nil {
		l.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	l.warn.log = l.log
	if cfg.RatePerSecond > 0 {
		for range tokens {
			l.limiter = append(l.limiter, newPushRateLimiter(cfg.RatePerSecond, max(2*cfg.RatePerSecond, 1)))
		}
	}
	return l, nil
}

func urlSafeToken(t string) bool {
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.~", c) >= 0) {
			return false
		}
	}
	return true
}

// ListenAndServe listens on cfg.Addr and serves until ctx is done.
func (l *PushListener) ListenAndServe(ctx context.Context) error {
	ln, err := net.Listen("tcp", l.cfg.Addr)
	if err != nil {
		return fmt.Errorf("action URL listener: %w", err)
	}
	return l.Serve(ctx, ln)
}

// Addr is the address being served, nil before Serve.
func (l *PushListener) Addr() net.Addr {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.addr
}

// Serve accepts connections on ln until ctx is done, then closes ln, waits
// for the connections in progress and returns ctx.Err(). It returns earlier
// only if ln fails for good.
func (l *PushListener) Serve(ctx context.Context, ln net.Listener) error {
	l.mu.Lock()
	l.addr = ln.Addr()
	l.mu.Unlock()
	stop := context.AfterFunc(ctx, func() { ln.Close() })
	defer stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	var pause time.Duration
	for {
		conn, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if errors.Is(err, net.ErrClosed) {
				return fmt.Errorf("action URL listener: %w", err)
			}
			// Out of file descriptors and the like: wait, do not spin.
			pause = min(max(2*pause, 5*time.Millisecond), time.Second)
			l.warn.warn("action URL listener: accept failed, retrying", "err", err)
			select {
			case <-time.After(pause):
			case <-ctx.Done():
				return ctx.Err()
			}
			continue
		}
		pause = 0
		if !l.takeSlot(ctx) {
			l.warn.warn("action URL listener: too many connections, dropping one")
			conn.Close()
			continue
		}
		l.waitingFor(conn, time.Now())
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-l.sem }()
			l.serveConn(ctx, conn)
		}()
	}
}

// serveConn answers one request and closes the connection.
func (l *PushListener) serveConn(ctx context.Context, conn net.Conn) {
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	defer conn.Close()
	defer l.received(conn) // also when it ends early
	now := time.Now()
	_ = conn.SetDeadline(now.Add(l.cfg.ReadTimeout))
	from := remoteIP(conn.RemoteAddr())

	req, herr := readPushRequest(&io.LimitedReader{R: conn, N: int64(l.cfg.MaxRequestBytes) + 1})
	l.received(conn)
	event, tok, withToken := "", -1, false
	if herr == nil {
		event, tok, herr = l.check(req, now)
		withToken = tok >= 0
	}
	if herr != nil {
		l.refuse(conn, req, herr, from, withToken, now)
		return
	}
	l.log.Debug("action URL request", "event", event, "from", from)
	// Handled before the answer, so that whoever got the answer (the phone,
	// a test) may count on what OnPush did.
	l.pushMu.Lock()
	l.cfg.OnPush(PushEvent{Event: event, Remote: pushRemote(req.URL.RawQuery), From: from, Token: l.tokens[tok]})
	l.pushMu.Unlock()
	if l.reply(conn, http.StatusOK, req) {
		finishConn(conn)
	}
}

// check decides on a request that was read: its event and the index of
// its token (-1: none of ours), or why it is refused.
func (l *PushListener) check(req *http.Request, now time.Time) (event string, tok int, herr *pushHTTPError) {
	token, event, ok := splitPushPath(req.URL.Path)
	tok = -1
	if ok {
		tok = l.tokenIndex(token)
	}
	switch {
	case tok < 0:
		// No hint whether the token or the shape was wrong; the path is
		// not logged since it may hold a near-miss of the token.
		return "", -1, &pushHTTPError{http.StatusNotFound, "unknown path"}
	case l.limiter != nil && !l.limiter[tok].allow(now):
		return "", tok, &pushHTTPError{http.StatusTooManyRequests, "rate limit exceeded"}
	case req.Method != http.MethodGet && req.Method != http.MethodHead && req.Method != http.MethodPost:
		return "", tok, &pushHTTPError{http.StatusMethodNotAllowed, "method not allowed"}
	}
	if event = strings.ToLower(event); !validPushEvent(event) {
		return "", tok, &pushHTTPError{http.StatusBadRequest, "malformed event name"}
	}
	return event, tok, nil
}

// refuse answers a refused request, unless it came without the token from
// a sender over its budget: that one gets no answer and no log line.
func (l *PushListener) refuse(conn net.Conn, req *http.Request, herr *pushHTTPError, from string, withToken bool, now time.Time) {
	if !withToken && !l.refused.allow(from, now) {
		return
	}
	if herr.status == http.StatusNotFound {
		l.warn.warn("action URL listener: request with a wrong token or path refused", "from", from)
	} else {
		l.log.Debug("action URL listener: request refused", "from", from, "status", herr.status, "reason", herr.reason)
	}
	if herr.status != 0 && l.reply(conn, herr.status, req) {
		finishConn(conn)
	}
}

// tokenIndex is the index of the token got among ours, -1 when none.
func (l *PushListener) tokenIndex(got string) int {
	// Hashing first makes the comparison constant-time in the length too;
	// every token is compared, so the time says nothing of which matched.
	sum := sha256.Sum256([]byte(got))
	found := -1
	for i := range l.tokenSum {
		if subtle.ConstantTimeCompare(sum[:], l.tokenSum[i][:]) == 1 {
			found = i
		}
	}
	return found
}

// reply writes a short response (no body to a HEAD request; req is nil when
// the request could not be read) and reports whether it got out.
func (l *PushListener) reply(conn net.Conn, status int, req *http.Request) bool {
	body := strings.ToLower(http.StatusText(status)) + "\n"
	resp := &http.Response{StatusCode: status, ProtoMajor: 1, ProtoMinor: 1, Request: req, Close: true,
		Header:        http.Header{"Content-Type": {"text/plain; charset=utf-8"}},
		ContentLength: int64(len(body)), Body: io.NopCloser(strings.NewReader(body))}
	if status == http.StatusMethodNotAllowed {
		resp.Header.Set("Allow", "GET, HEAD, POST")
	}
	_ = conn.SetWriteDeadline(time.Now().Add(l.cfg.ReadTimeout))
	w := bufio.NewWriterSize(conn, 512)
	return resp.Write(w) == nil && w.Flush() == nil
}

// finishConn half-closes and drains what the client still sends before the
// caller closes: closing with unread data would send a reset, and the
// client could lose the reply.
func finishConn(conn net.Conn) {
	if cw, ok := conn.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
		_ = conn.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
		_, _ = io.CopyN(io.Discard, conn, 256<<10)
	}
}

func remoteIP(a net.Addr) string {
	if a == nil {
		return ""
	}
	if host, _, err := net.SplitHostPort(a.String()); err == nil {
		return host
	}
	return a.String()
}

// waitingConn is a connection whose request has not arrived yet.
type waitingConn struct {
	since time.Time
	from  string
}

// takeSlot waits for a connection slot. When all are taken it makes room:
// it closes the oldest connection still waiting for its request of the
// sender that holds the most such connections (a flood's, never the one
// connection of a phone among them), and waits, briefly, for its slot.
func (l *PushListener) takeSlot(ctx context.Context) bool {
	select {
	case l.sem <- struct{}{}:
		return true
	default:
	}
	l.mu.Lock()
	perSender := map[string]int{}
	for _, w := range l.waiting {
		perSender[w.from]++
	}
	var victim net.Conn
	var vw waitingConn
	idleFor := time.Now().Add(-pushIdleGrace)
	for c, w := range l.waiting {
		// A sender's only connection is spared while it is fresh: it is
		// likely the phone, whose request is on its way.
		if perSender[w.from] < 2 && w.since.After(idleFor) {
			continue
		}
		if victim == nil || perSender[w.from] > perSender[vw.from] ||
			perSender[w.from] == perSender[vw.from] && w.since.Before(vw.since) {
			victim, vw = c, w
		}
	}
	if victim != nil {
		delete(l.waiting, victim)
	}
	l.mu.Unlock()
	if victim != nil {
		victim.Close()
	}
	// Connections being answered finish within moments: wait for a slot.
	t := time.NewTimer(time.Second)
	defer t.Stop()
	select {
	case l.sem <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

func (l *PushListener) waitingFor(c net.Conn, since time.Time) {
	l.mu.Lock()
	l.waiting[c] = waitingConn{since: since, from: remoteIP(c.RemoteAddr())}
	l.mu.Unlock()
}

func (l *PushListener) received(c net.Conn) {
	l.mu.Lock()
	delete(l.waiting, c)
	l.mu.Unlock()
}

// refusedBudget is a token bucket per sender for requests without the
// token: a flood from one host neither costs the phone's requests their
// answers nor fills the log.
type refusedBudget struct {
	mu      sync.Mutex
	buckets map[string]*pushRateLimiter
}

func (b *refusedBudget) allow(from string, now time.Time) bool {
	b.mu.Lock()
	if b.buckets == nil || len(b.buckets) >= maxPushSources {
		b.buckets = map[string]*pushRateLimiter{}
	}
	lim := b.buckets[from]
	if lim == nil {
		lim = newPushRateLimiter(pushRefusedRate, pushRefusedBurst)
		b.buckets[from] = lim
	}
	b.mu.Unlock()
	return lim.allow(now)
}

// pushRateLimiter is a token bucket: for the requests carrying the token
// (the phone is one host, and anything faster than a phone is noise), and
// per sender for those without it.
type pushRateLimiter struct {
	mu     sync.Mutex
	rate   float64
	burst  float64
	tokens float64
	last   time.Time
}

func newPushRateLimiter(rate, burst float64) *pushRateLimiter {
	return &pushRateLimiter{rate: rate, burst: burst, tokens: burst}
}

func (b *pushRateLimiter) allow(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.last.IsZero() {
		if dt := now.Sub(b.last).Seconds(); dt > 0 {
			b.tokens = min(b.burst, b.tokens+dt*b.rate)
		}
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// throttledWarn logs a warning at most once a minute, with how many were
// left out, so that a flood of bad requests cannot flood the log.
type throttledWarn struct {
	log        *slog.Logger
	mu         sync.Mutex
	last       time.Time
	suppressed int
}

func (w *throttledWarn) warn(msg string, args ...any) {
	w.mu.Lock()
	now := time.Now()
	if !w.last.IsZero() && now.Sub(w.last) < time.Minute {
		w.suppressed++
		w.mu.Unlock()
		return
	}
	n := w.suppressed
	w.last, w.suppressed = now, 0
	w.mu.Unlock()
	if n > 0 {
		args = append(args, "suppressed", n)
	}
	w.log.Warn(msg, args...)
}
