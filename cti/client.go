package cti

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ErrInvalidConfig: New was given a configuration it cannot work with (empty
// or malformed address, unknown mode...). The message says which field.
var ErrInvalidConfig = errors.New("invalid phone connection settings")

// Defaults.
const (
	DefaultTimeout     = 5 * time.Second
	DefaultKeyInterval = time.Second
	maxAccount         = 16
)

// Config describes one phone and how to talk to it.
type Config struct {
	Address    string        // "192.168.1.20", "phone.lan:8080", "http://..", "https://..": no scheme = http
	Passcode   string        // the phone's admin (or end-user) web password
	Auth       Authenticator // optional; nil = PasscodeAuth{Passcode}
	Timeout    time.Duration // per request; default 5 s
	TLSMode    TLSMode       // https only; default TLSPin
	PinnedCert string        // hex SHA-256 of the leaf certificate ("" = none yet); colons allowed
	// OnPin is called once when a first certificate gets pinned (TLSPin with
	// no PinnedCert), so the caller can save it. It runs during the TLS
	// handshake: keep it short.
	OnPin       func(sha256hex string)
	DialMethod  DialMethod    // default DialAuto
	Account     int           // 1-based account used for dialing; 0 = phone default
	KeyInterval time.Duration // time the phone takes per key (default 1 s)
	Logger      *slog.Logger  // nil = discard
	HTTPClient  *http.Client  // optional (tests); otherwise an own Transport with keep-alive
	// Rejections, when set, is shared by every client of the process: a
	// passcode this phone rejected is not sent to it again (the request
	// fails at once with an *AuthError whose NotSent is true), whichever
	// client asks.
	Rejections *Rejections
	// Retry sends the credentials even if the phone rejected them before:
	// only for a request the person started with a passcode they just typed.
	Retry bool
}

// Client talks to one phone's CTI API. It is safe for concurrent use: at most
// one polling request (line status, phone status, accounts) and one command
// are in flight at a time, and a command waits until the keys of the last
// api-send_key have been pressed (keys*KeyInterval after its reply, plus
// half a key of margin).
type Client struct {
	cfg     Config
	base    *url.URL
	http    *http.Client
	auth    Authenticator
	log     *slog.Logger
	pins    *pinStore
	secrets []string

	pollSem chan struct{} // one polling request in flight
	cmdSem  chan struct{} // one command in flight; guards keysDone
	// keysDone is when the phone will have pressed the keys of the last
	// api-send_key: the next command waits for it.
	keysDone time.Time

	dialMu       sync.Mutex
	learned      DialMethod   // what auto mode found to work ("" until known)
	learnedForm  MakeCallForm // the make_call form that worked
	learnedKnown bool         // learnedForm is set
}

// New checks cfg and returns a client. It does not contact the phone.
func New(cfg Config) (*Client, error) {
	base, err := parseAddress(cfg.Address)
	if err != nil {
		return nil, err
	}
	if cfg.Auth == nil {
		if cfg.Passcode == "" {
			return nil, fmt.Errorf("%w: the passcode is empty (the phone's admin or user web password)", ErrInvalidConfig)
		}
		cfg.Auth = PasscodeAuth{Passcode: cfg.Passcode}
	}
	switch {
	case cfg.Timeout == 0:
		cfg.Timeout = DefaultTimeout
	case cfg.Timeout < 0:
		return nil, fmt.Errorf("%w: negative timeout %s", ErrInvalidConfig, cfg.Timeout)
	}
	switch {
	case cfg.KeyInterval == 0:
		cfg.KeyInterval = DefaultKeyInterval
	case cfg.KeyInterval < 0:
		return nil, fmt.Errorf("%w: negative key interval %s", ErrInvalidConfig, cfg.KeyInterval)
	}
	switch cfg.TLSMode {
	case "":
		cfg.TLSMode = TLSPin
	case TLSPin, TLSVerifyCA:
	default:
		return nil, fmt.Errorf("%w: unknown TLS mode %q (use %q or %q)", ErrInvalidConfig, cfg.TLSMode, TLSPin, TLSVerifyCA)
	}
	switch cfg.DialMethod {
	case "":
		cfg.DialMethod = DialAuto
	case DialAuto, DialMakeCall, DialKeys:
	default:
		return nil, fmt.Errorf("%w: unknown dial method %q (use %q, %q or %q)", ErrInvalidConfig, cfg.DialMethod, DialAuto, DialMakeCall, DialKeys)
	}
	if cfg.Account < 0 || cfg.Account > maxAccount {
		return nil, fmt.Errorf("%w: account %d out of range 0..%d", ErrInvalidConfig, cfg.Account, maxAccount)
	}
	pinned, err := normalizeFingerprint(cfg.PinnedCert)
	if err != nil {
		return nil, err
	}
	cfg.PinnedCert = pinned
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	c := &Client{
		cfg:     cfg,
		base:    base,
		auth:    cfg.Auth,
		log:     cfg.Logger,
		pins:    &pinStore{pinned: pinned, onPin: cfg.OnPin},
		secrets: cfg.Auth.Secrets(),
		pollSem: make(chan struct{}, 1),
		cmdSem:  make(chan struct{}, 1),
	}
	if c.http, err = c.httpClient(cfg.HTTPClient); err != nil {
		return nil, err
	}
	return c, nil
}

// parseAddress turns what a user typed into the phone's base URL, in its
// canonical form (see CanonicalAddress).
func parseAddress(addr string) (*url.URL, error) {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return nil, fmt.Errorf("%w: the phone address is empty (e.g. 192.168.1.20 or https://phone.lan)", ErrInvalidConfig)
	}
	if len(addr) > 512 {
		return nil, fmt.Errorf("%w: the phone address is too long", ErrInvalidConfig)
	}
	if i := strings.Index(addr, "://"); i >= 0 {
		scheme := strings.ToLower(addr[:i])
		if scheme != "http" && scheme != "https" {
			return nil, fmt.Errorf("%w: the phone address must start with http:// or https://, not %s://", ErrInvalidConfig, excerpt(addr[:i], 16))
		}
		addr = scheme + addr[i:]
	} else {
		addr = "http://" + addr
	}
	u, err := url.Parse(addr)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("%w: %q is not a host name or IP address (e.g. 192.168.1.20, phone.lan:8080)", ErrInvalidConfig, excerpt(redactURL(addr), 60))
	}
	if u.User != nil {
		return nil, fmt.Errorf("%w: put the passcode in the passcode field, not in the address", ErrInvalidConfig)
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%w: the phone address is only the host and an optional port, e.g. 192.168.1.20 or https://phone.lan:8443 (got %q)", ErrInvalidConfig, excerpt(redactURL(addr), 60))
	}
	host := u.Hostname()
	if !validHost(host) {
		return nil, fmt.Errorf("%w: %q is not a host name or IP address", ErrInvalidConfig, excerpt(host, 60))
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("%w: port %q is not a number between 1 and 65535", ErrInvalidConfig, excerpt(p, 10))
		}
	} else {
		u.Host = strings.TrimSuffix(u.Host, ":") // "phone.lan:" has no port
	}
	return canonicalURL(u), nil
}

// validHost accepts IP addresses and DNS names (letters, digits, '-', '_').
func validHost(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	if net.ParseIP(h) != nil {
		return true
	}
	for _, label := range strings.Split(strings.TrimSuffix(h, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}

// httpClient builds the HTTP client: one Transport per Client for keep-alive,
// no proxy (the phone is on the LAN and the passcode travels in the URL), no
// redirects (a CTI function never redirects; a login page does).
func (c *Client) httpClient(given *http.Client) (*http.Client, error) {
	var tr http.RoundTripper
	https := c.base.Scheme == "https"
	if given != nil {
		tr = given.Transport
		if tr == nil {
			tr = http.DefaultTransport
		}
		if https {
			t, ok := tr.(*http.Transport)
			if !ok {
				return nil, fmt.Errorf("%w: an https phone needs an *http.Transport to check its certificate", ErrInvalidConfig)
			}
			t = t.Clone()
			t.TLSClientConfig = c.pins.tlsConfig(c.cfg.TLSMode, c.base.Hostname(), t.TLSClientConfig)
			tr = t
		}
	} else {
		t := &http.Transport{
			Proxy:                 nil,
			DialContext:           (&net.Dialer{Timeout: c.cfg.Timeout, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   c.cfg.Timeout,
			MaxIdleConns:          2,
			MaxIdleConnsPerHost:   2,
			MaxConnsPerHost:       2, // one poll and one command
			IdleConnTimeout:       60 * time.Second,
			ResponseHeaderTimeout: c.cfg.Timeout,
		}
		if https {
			t.TLSClientConfig = c.pins.tlsConfig(c.cfg.TLSMode, c.base.Hostname(), nil)
		}
		tr = t
	}
	return &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}, nil
}

// BaseURL is "http(s)://host[:port]", without credentials: the phone's
// CanonicalAddress.
func (c *Client) BaseURL() string { return c.base.String() }

// Fingerprint is the hex SHA-256 of the phone's certificate: the pinned one,
// or in CA mode the last one seen; "" for http or before the first connection.
func (c *Client) Fingerprint() string {
	if c.base.Scheme != "https" {
		return ""
	}
	return c.pins.fingerprint()
}

// Close drops the idle connections. The client stays usable.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// LineStatus returns one entry per line (api-get_line_status).
func (c *Client) LineStatus(ctx context.Context) ([]Line, error) {
	var lines []Line
	err := c.call(ctx, c.pollSem, fnLineStatus, fieldPasscode, nil, 0, func(status int, data []byte) error {
		var err error
		lines, err = decodeLineStatus(status, data)
		return err
	})
	return lines, err
}

// PhoneStatus returns "available", "busy", "ringing"... (api-get_phone_status).
func (c *Client) PhoneStatus(ctx context.Context) (PhoneStatus, error) {
	var st PhoneStatus
	err := c.call(ctx, c.pollSem, fnPhoneStatus, fieldPasscode, nil, 0, func(status int, data []byte) error {
		body, err := decodeReply(fnPhoneStatus, status, data)
		if err == nil {
			st, err = parsePhoneStatus(body)
		}
		return err
	})
	return st, err
}

// Accounts returns the phone's SIP accounts (api-get_accounts). Older GXP
// firmware lacks the function: ErrNotSupported.
func (c *Client) Accounts(ctx context.Context) ([]Account, error) {
	var accts []Account
	err := c.call(ctx, c.pollSem, fnAccounts, fieldPasscode, nil, 0, func(status int, data []byte) error {
		body, err := decodeReply(fnAccounts, status, data)
		if err != nil {
			return notSupported(err, "")
		}
		accts, err = parseAccounts(body)
		return err
	})
	return accts, err
}

// SendKeys presses keys on the phone (api-send_key). Each argument is a key
// token or a ':'-separated sequence, checked with the ParseKeys rules. The
// phone presses them about KeyInterval apart and cannot take another sequence
// meanwhile: the next command waits until they are done.
func (c *Client) SendKeys(ctx context.Context, keys ...string) error {
	tokens, err := ParseKeys(strings.Join(keys, ":"))
	if err != nil {
		return fmt.Errorf("%s: %w", fnSendKey, err)
	}
	return c.sendKeyTokens(ctx, tokens)
}

func (c *Client) sendKeyTokens(ctx context.Context, tokens []string) error {
	params := []param{{"keys", strings.Join(tokens, ":")}}
	return c.call(ctx, c.cmdSem, fnSendKey, fieldPasscode, params, len(tokens), func(status int, data []byte) error {
		_, err := decodeReply(fnSendKey, status, data)
		return err
	})
}

// Operation is a call operation of api-phone_operation.
type Operation string

// Operations. The phone applies them to its active line; select another line
// with SendKeys("LINEn") first. OpHold toggles hold on real phones.
const (
	OpAccept Operation = "acceptcall"
	OpReject Operation = "rejectcall"
	OpHold   Operation = "holdcall"
	OpEnd    Operation = "endcall"
	OpCancel Operation = "cancel" // rejects a ringing call or ends the active one
)

// Valid reports whether op is one of the operations above.
func (op Operation) Valid() bool {
	switch op {
	case OpAccept, OpReject, OpHold, OpEnd, OpCancel:
		return true
	}
	return false
}

// Operate runs a call operation (api-phone_operation). The phone answers
// {"response":"error","body":false} when it does not apply (e.g. accept with
// nothing ringing): a *NoCallError (ErrNoCall) around the *PhoneError.
func (c *Client) Operate(ctx context.Context, op Operation) error {
	if !op.Valid() {
		return fmt.Errorf("%s: unknown operation %q (known: acceptcall, rejectcall, holdcall, endcall, cancel): %w", fnPhoneOp, excerpt(string(op), 20), ErrNotSupported)
	}
	return c.call(ctx, c.cmdSem, fnPhoneOp, fieldPasscode, []param{{"cmd", string(op)}}, 0, func(status int, data []byte) error {
		body, err := decodeReply(fnPhoneOp, status, data)
		var pe *PhoneError
		switch {
		case err == nil && strings.TrimSpace(string(body)) == "false":
			err = &NoCallError{Op: op, Err: &PhoneError{Function: fnPhoneOp, Body: "false"}}
		case errors.As(err, &pe) && strings.TrimSpace(pe.Body) == "false":
			err = &NoCallError{Op: op, Err: pe}
		}
		return err
	})
}

// Reboot restarts the phone (api-sys_operation REBOOT). It stops answering
// for a while afterwards.
func (c *Client) Reboot(ctx context.Context) error { return c.sysOperation(ctx, "REBOOT") }

// FactoryReset resets the phone to factory settings (api-sys_operation
// RESET): it destroys the phone's whole configuration. Ask the user first.
func (c *Client) FactoryReset(ctx context.Context) error { return c.sysOperation(ctx, "RESET") }

func (c *Client) sysOperation(ctx context.Context, request string) error {
	return c.call(ctx, c.cmdSem, fnSysOp, fieldPasscode, []param{{"request", request}}, 0, func(status int, data []byte) error {
		_, err := decodeReply(fnSysOp, status, data)
		return err
	})
}

// notSupported makes a phone's "Invalid Request" also match ErrNotSupported.
func notSupported(err error, hint string) error {
	if !isInvalidRequest(err) {
		return err
	}
	if hint != "" {
		return fmt.Errorf("%w; %w (%s)", err, ErrNotSupported, hint)
	}
	return fmt.Errorf("%w; %w", err, ErrNotSupported)
}

type param struct{ key, value string }

// call runs one CTI request: one in flight per semaphore, per-request
// timeout, capped reply, errors classified and redacted. keys > 0 marks an
// api-send_key of that many keys, which makes the next command wait.
func (c *Client) call(ctx context.Context, sem chan struct{}, fn, authField string, params []param, keys int, decode func(status int, data []byte) error) error {
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return c.finish(fn, 0, c.ctxError(ctx, fn), time.Time{})
	}
	defer func() { <-sem }()

	if sem == c.cmdSem {
		if wait := time.Until(c.keysDone); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return c.finish(fn, 0, c.ctxError(ctx, fn), time.Time{})
			}
		}
	}

	if rj := c.cfg.Rejections; rj != nil && !c.cfg.Retry {
		if ae, rejected := rj.check(c.base.String(), c.secrets); rejected {
			ae.Function = fn
			return c.finish(fn, 0, ae, time.Time{})
		}
	}
	start := time.Now()
	rctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	status, err := c.roundTrip(rctx, ctx, fn, authField, params, decode)
	if rj := c.cfg.Rejections; rj != nil {
		rj.note(c.base.String(), c.secrets, err)
	}
	refused := errors.Is(err, ErrPhone) || errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrNotSupported) || errors.Is(err, ErrCertChanged)
	if keys > 0 && !refused {
		// The phone may be pressing the keys even if its answer got lost
		// (timeout, caller gave up). Half a key of margin: "about one
		// second" per key is not exact.
		c.keysDone = time.Now().Add(time.Duration(keys)*c.cfg.KeyInterval + c.cfg.KeyInterval/2)
	}
	return c.finish(fn, status, err, start)
}

func (c *Client) roundTrip(rctx, ctx context.Context, fn, authField string, params []param, decode func(int, []byte) error) (int, error) {
	u := *c.base
	u.Path = "/cgi-bin/" + fn
	u.RawQuery = encodeParams(params)
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, fmt.Errorf("%s: %w (%v)", fn, ErrInvalidConfig, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "gxptray")
	if err := c.auth.Authenticate(rctx, req, authField); err != nil {
		return 0, c.classifyTransport(ctx, fn, err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, c.classifyTransport(ctx, fn, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxReplyBytes+1))
	if err != nil {
		return resp.StatusCode, c.classifyTransport(ctx, fn, err)
	}
	if len(data) > maxReplyBytes {
		return resp.StatusCode, fmt.Errorf("%s: %w (reply larger than %d MiB)", fn, ErrBadReply, maxReplyBytes>>20)
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		loc := redactURL(resp.Header.Get("Location"))
		if strings.HasPrefix(strings.ToLower(loc), "https:") && c.base.Scheme == "http" {
			return resp.StatusCode, fmt.Errorf("%s: %w (HTTP %d redirect to %q)", fn, &WrongSchemeError{Used: "http", Want: "https", Host: c.base.Host}, resp.StatusCode, excerpt(loc, 80))
		}
		return resp.StatusCode, fmt.Errorf("%s: %w (HTTP %d redirect to %q)", fn, ErrBadReply, resp.StatusCode, excerpt(loc, 80))
	}
	if resp.StatusCode == http.StatusBadRequest && c.base.Scheme == "http" && plainHTTPToHTTPS(data) {
		return resp.StatusCode, fmt.Errorf("%s: %w (HTTP 400)", fn, &WrongSchemeError{Used: "http", Want: "https", Host: c.base.Host})
	}
	return resp.StatusCode, decode(resp.StatusCode, data)
}

// classifyTransport maps a failed round trip to ErrUnreachable,
// ErrCertChanged or a cancellation, without the request URL (it holds the
// passcode).
func (c *Client) classifyTransport(ctx context.Context, fn string, err error) error {
	var changed *CertChangedError
	if errors.As(err, &changed) {
		return fmt.Errorf("%s: %w", fn, changed)
	}
	var notTLS tls.RecordHeaderError
	if c.base.Scheme == "https" && (errors.Is(err, http.ErrSchemeMismatch) || errors.As(err, &notTLS)) {
		// The first bytes of the reply are not TLS: a plain http server.
		return fmt.Errorf("%s: %w", fn, &WrongSchemeError{Used: "https", Want: "http", Host: c.base.Host})
	}
	inner := err
	var ue *url.Error
	if errors.As(err, &ue) {
		inner = ue.Err
	}
	if ctx.Err() != nil {
		return c.ctxError(ctx, fn)
	}
	if certVerifyError(inner) {
		fp := ""
		var cve *tls.CertificateVerificationError
		if errors.As(inner, &cve) && len(cve.UnverifiedCertificates) > 0 {
			fp = certFingerprint(cve.UnverifiedCertificates[0].Raw)
		}
		return fmt.Errorf("%s: %w", fn, &CertNotTrustedError{Fingerprint: fp, Err: inner})
	}
	why := &UnreachableError{Host: c.base.Host, Scheme: c.base.Scheme}
	var ne net.Error
	var dns *net.DNSError
	switch {
	case errors.Is(inner, context.DeadlineExceeded) || errors.As(inner, &ne) && ne.Timeout():
		why.Reason, why.Detail = UnreachableTimeout, fmt.Sprintf("no answer within %s", c.cfg.Timeout)
	case errors.Is(inner, syscall.ECONNREFUSED):
		why.Reason, why.Detail = UnreachableRefused, fmt.Sprintf("connection refused by %s: wrong address or port, or the phone is restarting", c.base.Host)
	case errors.As(inner, &dns):
		why.Reason, why.Detail = UnreachableUnknownHost, "cannot resolve "+c.base.Hostname()
	default:
		why.Detail = scrub(redactText(inner.Error()), c.secrets)
	}
	return fmt.Errorf("%s: %w", fn, why)
}

// ctxError reports the caller's cancellation. A caller's deadline also
// counts as the phone being unreachable (pollers use their own deadlines).
func (c *Client) ctxError(ctx context.Context, fn string) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%s: %w (%w)", fn, ErrUnreachable, context.DeadlineExceeded)
	}
	return fmt.Errorf("%s: %w", fn, ctx.Err())
}

// finish scrubs and logs the outcome of one request.
func (c *Client) finish(fn string, status int, err error, start time.Time) error {
	var pe *PhoneError
	if errors.As(err, &pe) {
		pe.Body = scrub(pe.Body, c.secrets)
	}
	err = redactErr(err, c.secrets)
	if c.log.Enabled(context.Background(), slog.LevelDebug) {
		attrs := []any{"function", fn, "phone", c.base.Host}
		if status != 0 {
			attrs = append(attrs, "status", status)
		}
		if !start.IsZero() {
			attrs = append(attrs, "duration", time.Since(start).Round(time.Millisecond))
		}
		if err != nil {
			attrs = append(attrs, "error", err.Error())
		}
		c.log.Debug("cti request", attrs...)
	}
	return err
}

// plainHTTPToHTTPS recognizes the 400 page web servers send for a plain
// http request to their https port (Go: "Client sent an HTTP request to an
// HTTPS server."; nginx: "The plain HTTP request was sent to HTTPS port").
func plainHTTPToHTTPS(body []byte) bool {
	b := bytes.ToLower(body)
	if len(b) > 4096 {
		b = b[:4096]
	}
	return bytes.Contains(b, []byte("http request to an https server")) || bytes.Contains(b, []byte("plain http request was sent to https port"))
}

// encodeParams builds a query string in the given order.
func encodeParams(params []param) string {
	var b strings.Builder
	for i, p := range params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(queryEscape(p.key))
		b.WriteByte('=')
		b.WriteString(queryEscape(p.value))
	}
	return b.String()
}

// queryEscape percent-encodes a query value but keeps ':' ',' and '*' as they
// are: the phones' own examples send keys=LINE2:2:0:3:SEND unescaped, and
// naive firmware parsers are safest with exactly that. '#' becomes %23, '+'
// becomes %2B (a raw '+' would read as a space).
func queryEscape(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9',
			ch == '-', ch == '_', ch == '.', ch == '~', ch == ':', ch == ',', ch == '*':
			b.WriteByte(ch)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[ch>>4])
			b.WriteByte(hexDigits[ch&15])
		}
	}
	return b.String()
}
