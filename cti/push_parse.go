package cti

import (
	"bufio"
	"errors"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"
)

// The Action URL listener parses requests itself: phones put display names
// into the request line with raw spaces ("GET /t/incoming?name=Ivan Petrov
// HTTP/1.1"), which net/http rejects with 400 before any handler runs. The
// request line is split as method, the last " HTTP/1.x" token as the version,
// and everything between as the target.

// pushRequest is the part of a request the listener uses.
type pushRequest struct {
	method string
	path   string // raw, before '?'
	query  string // raw, after the first '?'
}

// pushHTTPError is a request refused with an HTTP status.
type pushHTTPError struct {
	status int    // 0: close without a reply
	reason string // for logs; never contains request data
}

func (e *pushHTTPError) Error() string { return e.reason }

const (
	maxPushParams     = 32
	maxPushEventName  = 32
	maxLeadingCRLFs   = 4
	pushStatusTimeout = 408
)

// readPushRequest reads the request line and the headers from r, at most max
// bytes in all (the caller bounds r at max+1 so that an endless line cannot
// grow memory). Bodies are never read: Action URL requests are GETs.
func readPushRequest(r *bufio.Reader, max int) (*pushRequest, *pushHTTPError) {
	total := 0
	readLine := func(tooLong int) (string, *pushHTTPError) {
		s, err := r.ReadString('\n')
		total += len(s)
		if total > max {
			return "", &pushHTTPError{tooLong, "request too large"}
		}
		if err != nil {
			var ne interface{ Timeout() bool }
			if errors.As(err, &ne) && ne.Timeout() {
				return "", &pushHTTPError{pushStatusTimeout, "request not received in time"}
			}
			if errors.Is(err, io.EOF) && total == 0 {
				return "", &pushHTTPError{0, "connection closed without a request"}
			}
			if errors.Is(err, io.EOF) {
				return "", &pushHTTPError{400, "request incomplete"}
			}
			return "", &pushHTTPError{400, "request unreadable"}
		}
		return strings.TrimRight(s, "\r\n"), nil
	}

	var line string
	for i := 0; ; i++ {
		var herr *pushHTTPError
		if line, herr = readLine(414); herr != nil {
			return nil, herr
		}
		if line != "" {
			break
		}
		if i >= maxLeadingCRLFs {
			return nil, &pushHTTPError{400, "empty request"}
		}
	}
	req, herr := parsePushRequestLine(line)
	if herr != nil {
		return nil, herr
	}
	for {
		h, herr := readLine(431)
		if herr != nil {
			return nil, herr
		}
		if h == "" {
			return req, nil
		}
		name, _, ok := strings.Cut(h, ":")
		if !ok || name == "" || strings.ContainsAny(name, " \t") || hasControl(h, true) {
			return nil, &pushHTTPError{400, "malformed header"}
		}
	}
}

// parsePushRequestLine splits "METHOD TARGET HTTP/1.x" where TARGET may
// contain raw spaces.
func parsePushRequestLine(line string) (*pushRequest, *pushHTTPError) {
	bad := func(why string) (*pushRequest, *pushHTTPError) {
		return nil, &pushHTTPError{400, why}
	}
	method, rest, ok := strings.Cut(line, " ")
	if !ok || method == "" {
		return bad("malformed request line")
	}
	for _, c := range []byte(method) {
		if c < 'A' || c > 'Z' {
			return bad("malformed method")
		}
	}
	i := strings.LastIndex(rest, " HTTP/")
	if i < 0 {
		return bad("no HTTP version")
	}
	switch rest[i+1:] {
	case "HTTP/1.0", "HTTP/1.1":
	default:
		return bad("unsupported HTTP version")
	}
	target := strings.Trim(rest[:i], " ")
	if target == "" || hasControl(target, false) {
		return bad("malformed target")
	}
	// Absolute form (what a proxy would get): keep the path and query.
	if lower := strings.ToLower(target); strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") {
		after := target[strings.Index(target, "//")+2:]
		j := strings.IndexAny(after, "/?")
		if j < 0 {
			target = "/"
		} else {
			target = after[j:]
			if target[0] == '?' {
				target = "/" + target
			}
		}
	}
	if target[0] != '/' {
		return bad("target is not a path")
	}
	path, query, _ := strings.Cut(target, "?")
	return &pushRequest{method: method, path: path, query: query}, nil
}

// hasControl reports ASCII control characters (tab allowed in headers).
func hasControl(s string, allowTab bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 && !(allowTab && c == '\t')) || c == 0x7f {
			return true
		}
	}
	return false
}

// parsePushQuery decodes the query the way the phone means it: each value is
// percent-decoded on its own with PathUnescape, so '+' stays '+' (a leading
// '+' of an E.164 number is not a space); a value the phone did not fill in
// arrives as the variable's own name ("$remote") and becomes ""; raw spaces,
// raw UTF-8 and a stray '%' are kept as they are. '#' is data, not a fragment.
// The first occurrence of a key wins; at most maxPushParams keys are kept.
func parsePushQuery(q string) map[string]string {
	params := make(map[string]string)
	for part := range strings.SplitSeq(q, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		k, v = lenientUnescape(k), lenientUnescape(v)
		if k == "" {
			continue
		}
		if isUnfilledVariable(v) {
			v = ""
		}
		if _, dup := params[k]; dup {
			continue
		}
		if len(params) >= maxPushParams {
			break
		}
		params[k] = v
	}
	return params
}

func lenientUnescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		s = u
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// isUnfilledVariable reports whether v is an Action URL variable name such
// as "$remote" or "$display_remote", which the phone sends when it has no
// value for it.
func isUnfilledVariable(v string) bool {
	if len(v) < 2 || v[0] != '$' {
		return false
	}
	for i := 1; i < len(v); i++ {
		c := v[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-' || (i > 1 && c >= '0' && c <= '9')) {
			return false
		}
	}
	return true
}

// splitPushPath splits "/<token>/<event>" (a trailing slash allowed).
func splitPushPath(path string) (token, event string, ok bool) {
	p := strings.TrimSuffix(strings.TrimPrefix(path, "/"), "/")
	token, event, ok = strings.Cut(p, "/")
	if !ok || token == "" || event == "" || strings.Contains(event, "/") {
		return "", "", false
	}
	return token, event, true
}

// validPushEvent reports whether name is a plausible event path element.
func validPushEvent(name string) bool {
	if name == "" || len(name) > maxPushEventName {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
