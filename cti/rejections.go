package cti

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// AuthError is the phone refusing the credentials, or this package refusing
// to send credentials the phone refused before (NotSent). It matches
// ErrUnauthorized.
type AuthError struct {
	Function string
	// TriesLeft is how many failed logins the phone still allows before it
	// locks the account, where it says so (a web-session login answers
	// "wrong4"); -1 when unknown.
	TriesLeft int
	Locked    bool   // the phone says the account is locked
	NotSent   bool   // refused here: this passcode was rejected by this phone before
	Detail    string // what the phone answered, excerpted
}

func (e *AuthError) Error() string {
	var b strings.Builder
	if e.Function != "" {
		b.WriteString(e.Function + ": ")
	}
	if e.NotSent {
		b.WriteString("not sent: the phone rejected this passcode before; it is sent again only once it is changed")
	} else {
		b.WriteString(ErrUnauthorized.Error())
		if e.Detail != "" {
			fmt.Fprintf(&b, " (%s)", e.Detail)
		}
	}
	switch {
	case e.Locked:
		b.WriteString("; the phone has locked the account for a while")
	case e.TriesLeft >= 0:
		fmt.Fprintf(&b, "; the phone allows %d more tries before it locks the account", e.TriesLeft)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrUnauthorized) true.
func (e *AuthError) Is(target error) bool { return target == ErrUnauthorized }

// authErrorFromBody reads the login refusals of the phones' web session:
// "wrongN" (N tries left) and "locked". ok is false for other bodies.
func authErrorFromBody(fn, body string) (*AuthError, bool) {
	s := strings.ToLower(strings.TrimSpace(body))
	switch {
	case s == "locked":
		return &AuthError{Function: fn, TriesLeft: 0, Locked: true, Detail: "locked"}, true
	case strings.HasPrefix(s, "wrong") && len(s) > 5 && len(s) <= 7:
		n, err := strconv.Atoi(s[5:])
		if err != nil || n < 0 {
			return nil, false
		}
		return &AuthError{Function: fn, TriesLeft: n, Detail: s}, true
	}
	return nil, false
}

// Rejections remembers, per phone (by CanonicalAddress), the passcode the
// phone last rejected, so that no client sharing it sends that passcode to
// that phone again: phones lock the account after 5 failed logins, and a
// reload, a connection test or a window opening is no reason to try again.
// Only a different passcode (or an explicit Retry) goes out. It keeps a hash,
// in memory only. The zero value is ready; safe for concurrent use.
type Rejections struct {
	mu sync.Mutex
	m  map[string]rejection
}

type rejection struct {
	sum       [32]byte
	triesLeft int
	locked    bool
}

func rejectionSum(addr string, secrets []string) [32]byte {
	return sha256.Sum256([]byte(addr + "\x00" + strings.Join(secrets, "\x00")))
}

// Rejected reports whether the phone at addr rejected these credentials
// (the passcode, for PasscodeAuth) and what it said about the tries left.
func (r *Rejections) Rejected(addr string, secrets ...string) (*AuthError, bool) {
	c, err := CanonicalAddress(addr)
	if err != nil {
		return nil, false
	}
	return r.check(c, secrets)
}

func (r *Rejections) check(addr string, secrets []string) (*AuthError, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rj, ok := r.m[addr]
	if !ok || rj.sum != rejectionSum(addr, secrets) {
		return nil, false
	}
	return &AuthError{TriesLeft: rj.triesLeft, Locked: rj.locked, NotSent: true}, true
}

// TriesLeft is what the phone at addr last said about the logins it still
// allows (-1 when it did not say, or nothing was rejected).
func (r *Rejections) TriesLeft(addr string) int {
	c, err := CanonicalAddress(addr)
	if err != nil {
		return -1
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if rj, ok := r.m[c]; ok {
		return rj.triesLeft
	}
	return -1
}

// note records the outcome of one request that carried the credentials.
func (r *Rejections) note(addr string, secrets []string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	sum := rejectionSum(addr, secrets)
	if errors.Is(err, ErrUnauthorized) {
		var ae *AuthError
		if errors.As(err, &ae) && ae.NotSent {
			return
		}
		rj := rejection{sum: sum, triesLeft: -1}
		if errors.As(err, &ae) {
			rj.triesLeft, rj.locked = ae.TriesLeft, ae.Locked
		}
		if r.m == nil {
			r.m = map[string]rejection{}
		}
		r.m[addr] = rj
		return
	}
	if err == nil || errors.Is(err, ErrPhone) || errors.Is(err, ErrNotSupported) {
		// The phone took the credentials: whatever was rejected before
		// (this passcode after a session takeover, or another) is over.
		delete(r.m, addr)
	}
}
