package cti

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"time"
)

// The web session: what the phone's own web page logs in with, and what
// reading and writing its settings needs (CTI calls keep passcode=). Three
// firmware families exist; two log in differently and are told apart by
// probing /cgi-bin/access, which costs no login attempt:
//
//   - plain: POST dologin username=..&password=PLAIN;
//   - challenge: POST access access=sha256hex(user) -> nonce, then dologin
//     with password=sha256hex(password+nonce).
//
// Either way the reply carries a sid, sent back as a form field and as the
// session-identity cookie; Referer and Origin are required. A session lives
// only while a task needs it (WithSession): dorefresh keeps it alive
// meanwhile, logout ends it, because the phone has one session per account
// and logging in logs the person out of the phone's web page.

// MaxValueLen is the longest value the phones keep; longer ones are dropped
// silently (the write answers success).
const MaxValueLen = 256

// DefaultRefreshInterval is how often an open session is kept alive: newer
// firmware ends a session after about 60 s without dorefresh.
const DefaultRefreshInterval = 30 * time.Second

// DefaultWebUser is the web account used when none is given.
const DefaultWebUser = "admin"

// Web session function names.
const (
	fnAccess       = "access"
	fnLogin        = "dologin"
	fnRefresh      = "dorefresh"
	fnLogout       = "dologout"
	fnValuesGet    = "api.values.get"
	fnValuesPost   = "api.values.post"
	fnConfigGet    = "config_get"
	fnConfigUpdate = "config_update"
)

// WebFamily is how a phone's web session logs in.
type WebFamily string

// Login families.
const (
	WebPlain     WebFamily = "plain"     // dologin with the password (GXP16xx, GRP26xx, older GXP21xx)
	WebChallenge WebFamily = "challenge" // access nonce + hashed dologin (GXP2170 1.0.11.x, WP8xx)
)

// SessionOptions configures a web session.
type SessionOptions struct {
	User            string        // web account; default "admin" (the password is the client's passcode)
	RefreshInterval time.Duration // keep-alive period; default DefaultRefreshInterval
}

// SessionInfo is what the login told about the phone and the session.
type SessionInfo struct {
	Family  WebFamily
	User    string
	Role    string // "admin", "user", or on some firmware a hash of role and sid
	Version string // firmware version, e.g. "1.0.7.81"
	MAC     string
}

// Session is one logged-in web session. Its methods are safe for concurrent
// use; requests go one at a time. Close it (WithSession does).
type Session struct {
	c        *Client
	http     *http.Client
	opt      SessionOptions
	password string

	mu       sync.Mutex // one request at a time; guards the fields below
	info     SessionInfo
	sid      string
	relogins int
	closed   bool

	stop chan struct{}
	done chan struct{}
}

// maxRelogins: an expired session is logged in again at most this often per
// task (the password worked minutes ago; a loop would hammer the phone).
const maxRelogins = 1

// WithSession opens a web session, runs f with it and logs out, whatever f
// returns.
func (c *Client) WithSession(ctx context.Context, opt SessionOptions, f func(*Session) error) error {
	s, err := c.OpenSession(ctx, opt)
	if err != nil {
		return err
	}
	ferr := f(s)
	cerr := s.Close(ctx)
	if ferr != nil {
		return ferr
	}
	if cerr != nil {
		c.log.Debug("web session logout failed", "err", cerr)
	}
	return nil
}

// readInSession opens a web session, reads a value with read and logs out.
func readInSession[T any](ctx context.Context, c *Client, opt SessionOptions, read func(*Session, context.Context) (T, error)) (T, error) {
	var v T
	err := c.WithSession(ctx, opt, func(s *Session) error {
		var err error
		v, err = read(s, ctx)
		return err
	})
	return v, err
}

// OpenSession probes the login family and logs in, once: a rejected
// password is an *AuthError (with the tries left), and is not sent again by
// any client sharing the Config's Rejections until it changes. The session
// is kept alive until Close.
func (c *Client) OpenSession(ctx context.Context, opt SessionOptions) (*Session, error) {
	if opt.User == "" {
		opt.User = DefaultWebUser
	}
	if opt.RefreshInterval <= 0 {
		opt.RefreshInterval = DefaultRefreshInterval
	}
	pass := c.cfg.Passcode
	if pa, ok := c.auth.(PasscodeAuth); ok && pass == "" {
		pass = pa.Passcode
	}
	if pass == "" {
		return nil, fmt.Errorf("%s: %w: the web session needs the phone's web password", fnLogin, ErrInvalidConfig)
	}
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	s := &Session{
		c:        c,
		http:     &http.Client{Transport: c.http.Transport, Jar: jar, CheckRedirect: c.http.CheckRedirect},
		opt:      opt,
		password: pass,
		info:     SessionInfo{User: opt.User},
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
	}
	s.mu.Lock()
	err = s.loginLocked(ctx)
	s.mu.Unlock()
	if err != nil {
		return nil, missing(FeatureWebSession, err)
	}
	go s.keepAlive()
	return s, nil
}

// Info is what the login reported.
func (s *Session) Info() SessionInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.info
}

// Close stops the keep-alive and logs out.
func (s *Session) Close(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sid == "" {
		return nil
	}
	// Log out even when the task's context is done: leaving the session
	// open keeps the person out of the phone's web page.
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.c.cfg.Timeout)
	defer cancel()
	_, err := s.roundTripLocked(lctx, http.MethodPost, fnLogout, url.Values{}, nil)
	s.sid = ""
	return err
}

func (s *Session) keepAlive() {
	defer close(s.done)
	t := time.NewTicker(s.opt.RefreshInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		s.mu.Lock()
		if s.sid != "" {
			ctx, cancel := context.WithTimeout(context.Background(), s.c.cfg.Timeout)
			if _, err := s.roundTripLocked(ctx, http.MethodPost, fnRefresh, url.Values{}, nil); err != nil {
				s.c.log.Debug("web session keep-alive failed", "err", err)
			}
			cancel()
		}
		s.mu.Unlock()
	}
}

// loginLocked probes the family (first time) and sends one dologin.
func (s *Session) loginLocked(ctx context.Context) error {
	c := s.c
	// The web login and the CTI passcode are remembered apart: a phone may
	// take a password for CTI and refuse it for this account's web login.
	// Both count towards the same lockout, so a password either refused is
	// not sent here again.
	// They are kept under separate entries (the web login's under the
	// address plus "#web"), so that a working CTI poll does not clear a
	// refused web login, nor a refused web login stop the poll.
	ctiAddr, webAddr := c.base.String(), c.base.String()+"#web"
	ctiKey, webKey := []string{s.password}, []string{s.opt.User, s.password}
	if rj := c.cfg.Rejections; rj != nil && !c.cfg.Retry {
		for _, k := range []struct {
			addr    string
			secrets []string
		}{{ctiAddr, ctiKey}, {webAddr, webKey}} {
			if ae, rejected := rj.check(k.addr, k.secrets); rejected {
				ae.Function = fnLogin
				return ae
			}
		}
	}
	s.sid = ""
	pass := s.password
	if s.info.Family != WebPlain {
		body, err := s.roundTripLocked(ctx, http.MethodPost, fnAccess, url.Values{"access": {sha256hex(s.opt.User)}}, nil)
		switch {
		case err == nil:
			nonce, err := parseNonce(body)
			if err != nil {
				return err
			}
			s.info.Family = WebChallenge
			pass = sha256hex(s.password + nonce)
		case errors.Is(err, ErrNotSupported), errors.As(err, new(*PhoneError)):
			// No challenge here (404, or an error answer from firmware
			// that does not know the function): the plain login.
			s.info.Family = WebPlain
		default:
			return err
		}
	}
	body, err := s.roundTripLocked(ctx, http.MethodPost, fnLogin, url.Values{"username": {s.opt.User}, "password": {pass}}, nil)
	if rj := c.cfg.Rejections; rj != nil {
		var ae *AuthError
		if err == nil || errors.As(err, &ae) {
			rj.note(webAddr, webKey, err)
		}
	}
	if err != nil {
		return err
	}
	reply := parseLoginReply(body)
	s.sid = reply.sid
	if s.sid == "" {
		// Some firmware sends the session id only as its cookie.
		s.sid = s.cookie("session-identity")
	}
	if s.sid == "" {
		return fmt.Errorf("%s: %w (no session id in the reply)", fnLogin, ErrBadReply)
	}
	s.info.Role, s.info.Version, s.info.MAC = reply.role, reply.ver, reply.mac
	c.log.Debug("web session open", "phone", c.base.Host, "family", s.info.Family, "user", s.opt.User)
	return nil
}

// cookie is the value of the phone's cookie name ("" without one).
func (s *Session) cookie(name string) string {
	for _, ck := range s.http.Jar.Cookies(s.c.base) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// call runs one request of the open session. An expired session is logged
// in again once and the request repeated, so a task resumes where it was.
func (s *Session) call(ctx context.Context, method, fn string, form url.Values, jsonBody []byte) (json.RawMessage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.sid == "" {
		// Closed, or a renewal failed: nothing to send the request with.
		return nil, &SessionError{Function: fn, Reason: SessionExpired, User: s.opt.User, Detail: "no open session"}
	}
	body, err := s.roundTripLocked(ctx, method, fn, form, jsonBody)
	var se *SessionError
	if errors.As(err, &se) && se.Reason == SessionExpired && s.relogins < maxRelogins && ctx.Err() == nil {
		s.relogins++
		s.c.log.Debug("web session expired, logging in again", "function", fn)
		if lerr := s.loginLocked(ctx); lerr != nil {
			return nil, lerr
		}
		body, err = s.roundTripLocked(ctx, method, fn, form, jsonBody)
	}
	return body, err
}

// roundTripLocked sends one request and decodes the reply. Forms get the
// sid (except the login itself); every request carries Referer and Origin.
func (s *Session) roundTripLocked(ctx context.Context, method, fn string, form url.Values, jsonBody []byte) (json.RawMessage, error) {
	c := s.c
	u := *c.base
	u.Path = "/cgi-bin/" + fn
	if form == nil {
		form = url.Values{}
	}
	if s.sid != "" && fn != fnLogin && fn != fnAccess {
		form.Set("sid", s.sid)
	}
	var body io.Reader
	ctype := "application/x-www-form-urlencoded"
	switch {
	case method == http.MethodGet:
		u.RawQuery = form.Encode()
	case jsonBody != nil:
		u.RawQuery = form.Encode()
		body, ctype = bytes.NewReader(jsonBody), "application/json"
	default:
		body = strings.NewReader(form.Encode())
	}
	rctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (%v)", fn, ErrInvalidConfig, err)
	}
	origin := c.base.String()
	req.Header.Set("Referer", origin+"/")
	req.Header.Set("Origin", origin)
	req.Header.Set("User-Agent", "gxptray")
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", ctype)
	}
	start := time.Now()
	data, status, err := s.send(ctx, req, fn)
	if err == nil {
		var raw json.RawMessage
		raw, err = decodeWebReply(fn, s.opt.User, status, data)
		if err == nil {
			return raw, s.finish(fn, status, nil, start)
		}
	}
	return nil, s.finish(fn, status, err, start)
}

func (s *Session) send(ctx context.Context, req *http.Request, fn string) ([]byte, int, error) {
	resp, err := s.http.Do(req)
	if err != nil {
		return nil, 0, s.c.classifyTransport(ctx, fn, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxReplyBytes+1))
	if err != nil {
		return nil, resp.StatusCode, s.c.classifyTransport(ctx, fn, err)
	}
	if len(data) > maxReplyBytes {
		return nil, resp.StatusCode, fmt.Errorf("%s: %w (reply larger than %d MiB)", fn, ErrBadReply, maxReplyBytes>>20)
	}
	return data, resp.StatusCode, nil
}

// finish scrubs the password and the sid out of err and logs the outcome.
func (s *Session) finish(fn string, status int, err error, start time.Time) error {
	secrets := append([]string{s.password, s.sid}, s.c.secrets...)
	var pe *PhoneError
	if errors.As(err, &pe) {
		pe.Body = scrub(pe.Body, secrets)
	}
	err = redactErr(err, secrets)
	attrs := []any{"function", fn, "phone", s.c.base.Host, "status", status, "duration", time.Since(start).Round(time.Millisecond)}
	if err != nil {
		attrs = append(attrs, "error", err.Error())
	}
	s.c.log.Debug("web session request", attrs...)
	return err
}

// decodeWebReply checks one reply of the web session API and returns the
// body of a success.
func decodeWebReply(fn, user string, status int, data []byte) (json.RawMessage, error) {
	login := fn == fnLogin || fn == fnAccess
	switch {
	case status == http.StatusUnauthorized && !login:
		return nil, &SessionError{Function: fn, Reason: SessionExpired, User: user, Detail: "HTTP 401"}
	case status == http.StatusUnauthorized:
		return nil, &AuthError{Function: fn, TriesLeft: -1, Detail: "HTTP 401"}
	case status == http.StatusForbidden:
		return nil, &SessionError{Function: fn, Reason: SessionForbidden, User: user, Detail: "HTTP 403"}
	case status == http.StatusNotFound:
		return nil, fmt.Errorf("%s: %w (HTTP 404: this firmware has no web session %s)", fn, ErrNotSupported, fn)
	case status == http.StatusServiceUnavailable:
		return nil, fmt.Errorf("%s: %w (HTTP 503: the phone is busy or restarting)", fn, ErrUnreachable)
	}
	data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(data) > 0 && data[0] == '<' {
		return nil, fmt.Errorf("%s: %w (an HTML page instead of the web session's JSON: is this the phone's web address?)", fn, ErrBadReply)
	}
	env, err := parseEnvelope(data)
	if status < 200 || status > 299 {
		if err == nil && env.response == "error" {
			return nil, webError(fn, user, env.body, login)
		}
		return nil, fmt.Errorf("%s: %w (HTTP %d)", fn, ErrBadReply, status)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w (%s)", fn, ErrBadReply, err.Error())
	}
	if env.response == "success" {
		return env.body, nil
	}
	return nil, webError(fn, user, env.body, login)
}

// webError reads an error body: "wrongN" and "locked" (the password),
// "user is not allow", an expired session (text or {"status":...}).
func webError(fn, user string, body json.RawMessage, login bool) error {
	text := bodyText(body)
	var obj struct {
		Status string `json:"status"`
	}
	if isObject(body) && json.Unmarshal(body, &obj) == nil && obj.Status != "" {
		text = obj.Status
	}
	low := strings.ToLower(strings.TrimSpace(text))
	if ae, ok := authErrorFromBody(fn, low); ok {
		return ae
	}
	switch {
	case strings.HasPrefix(low, "user is not allow"):
		return &SessionError{Function: fn, Reason: SessionNotAllowed, User: user, Detail: excerpt(text, 40)}
	case low == "session-expired" || low == "session expired" || low == "unauthorized" && !login:
		return &SessionError{Function: fn, Reason: SessionExpired, User: user, Detail: excerpt(text, 40)}
	case isAuthText(body):
		return &AuthError{Function: fn, TriesLeft: -1, Detail: excerpt(text, 40)}
	}
	return &PhoneError{Function: fn, Body: text}
}

// parseNonce reads the challenge of /cgi-bin/access: the body is the nonce.
func parseNonce(body json.RawMessage) (string, error) {
	var nonce string
	if json.Unmarshal(body, &nonce) != nil || strings.TrimSpace(nonce) == "" {
		return "", fmt.Errorf("%s: %w (no nonce in the reply)", fnAccess, ErrBadReply)
	}
	return nonce, nil
}

// loginReply is what a successful dologin says; any field may be missing.
type loginReply struct{ sid, role, ver, mac string }

// parseLoginReply reads {"sid","role","ver","mac"}, each a string or a
// number; anything else in the body counts as missing.
func parseLoginReply(body json.RawMessage) loginReply {
	var raw struct {
		SID  json.RawMessage `json:"sid"`
		Role json.RawMessage `json:"role"`
		Ver  json.RawMessage `json:"ver"`
		MAC  json.RawMessage `json:"mac"`
	}
	if !isObject(body) || json.Unmarshal(body, &raw) != nil {
		return loginReply{}
	}
	return loginReply{
		sid:  scalarText(raw.SID),
		role: scalarText(raw.Role),
		ver:  excerpt(scalarText(raw.Ver), 40),
		mac:  excerpt(scalarText(raw.MAC), 40),
	}
}

// scalarText is a JSON string or number as text; "" for objects, arrays,
// booleans and null (a sid of {"x":1} is no sid).
func scalarText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] == '{' || raw[0] == '[' || raw[0] == 't' || raw[0] == 'f' {
		return ""
	}
	return flexString(raw)
}

func sha256hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
