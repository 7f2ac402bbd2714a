package cti

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// minScrubLen is the shortest secret that is scrubbed from free text. Shorter
// secrets cannot be told apart from ordinary text ("123" is also part of an IP
// address); URLs are redacted structurally whatever the secret's length.
const minScrubLen = 4

// secretParams are query parameters whose values never leave this package.
var secretParams = map[string]bool{"passcode": true, "password": true, "pass": true, "pwd": true, "sid": true}

// secretParamRe finds secret query parameters inside free text.
var secretParamRe = regexp.MustCompile(`(?i)\b(passcode|password|pass|pwd|sid)=[^&\s"']*`)

// redactText replaces the values of secret query parameters in free text,
// such as an error message that quotes a URL.
func redactText(s string) string { return secretParamRe.ReplaceAllString(s, "$1=***") }

// redactURL returns raw with the values of secret query parameters replaced by
// "***" and any user info removed. Unparsable input loses its whole query.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		if i := strings.IndexAny(raw, "?#"); i >= 0 {
			return raw[:i] + "?***"
		}
		return raw
	}
	u.User = nil
	u.Fragment = ""
	if u.RawQuery != "" {
		parts := strings.Split(u.RawQuery, "&")
		for i, p := range parts {
			k, _, _ := strings.Cut(p, "=")
			if name, err := url.QueryUnescape(k); err != nil || secretParams[strings.ToLower(name)] {
				parts[i] = k + "=***"
			}
		}
		u.RawQuery = strings.Join(parts, "&")
	}
	return u.String()
}

// scrub replaces every occurrence of the secrets (raw and percent-encoded) in s.
func scrub(s string, secrets []string) string {
	for _, sec := range secrets {
		if len(sec) < minScrubLen {
			continue
		}
		for _, form := range []string{sec, url.QueryEscape(sec), url.PathEscape(sec), queryEscape(sec)} {
			if form != "" && strings.Contains(s, form) {
				s = strings.ReplaceAll(s, form, "***")
			}
		}
	}
	return s
}

// excerpt turns untrusted reply text into something safe to put in an error
// message: valid UTF-8, no control characters, at most n runes.
func excerpt(s string, n int) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	count := 0
	for i, r := range s {
		if count == n {
			if i < len(s) {
				b.WriteString("…")
			}
			break
		}
		switch {
		case r == utf8.RuneError:
			b.WriteRune('\uFFFD')
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
		count++
	}
	return strings.TrimSpace(b.String())
}

// redactedError keeps the chain of an error (errors.Is/As still work) but
// shows a message with the secrets scrubbed. It is the last line of defence:
// the messages are built from redacted parts in the first place.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redactErr scrubs err's message when it holds a secret.
func redactErr(err error, secrets []string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := scrub(msg, secrets); clean != msg {
		return &redactedError{msg: clean, err: err}
	}
	return err
}
