package cti

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// The Action URL listener reads requests with net/http's parser
// (http.ReadRequest) and writes its replies with http.Response.Write. What is
// written by hand is what net/http cannot do:
//   - phones put display names into the request line with raw spaces ("GET
//     /t/incoming?name=Ivan Petrov HTTP/1.1"), which net/http rejects as a
//     malformed version: the request line is mended first, the spaces of the
//     target (between the method and the last " HTTP/") escaped;
//   - a '+' in the query stays a '+' (the start of an E.164 number), and a
//     variable the phone did not fill in ("$remote") means no value.
//
// The listener does not run an http.Server: that one also refuses HTTP/1.1
// requests without a Host header, closes timed-out requests without an
// answer, and cannot refuse a flood per sender before a goroutine and a
// parse are spent on it (push.go).

// pushHTTPError is a request refused with an HTTP status.
type pushHTTPError struct {
	status int    // 0: close without a reply
	reason string // for logs; never contains request data
}

func (e *pushHTTPError) Error() string { return e.reason }

const (
	maxPushEventName = 32
	maxLeadingCRLFs  = 4
)

// readPushRequest reads the request line and the headers from lr, which
// holds at most max+1 bytes of the connection (so that an endless line
// cannot grow memory, and reading them all means too large). Bodies are
// never read: Action URL requests are GETs.
func readPushRequest(lr *io.LimitedReader) (*http.Request, *pushHTTPError) {
	br := bufio.NewReaderSize(lr, 1024)
	var line string
	for i := 0; ; i++ {
		s, err := br.ReadString('\n')
		if err != nil {
			switch {
			case lr.N == 0:
				return nil, &pushHTTPError{http.StatusRequestURITooLong, "request line too long"}
			case s == "" && i == 0 && errors.Is(err, io.EOF):
				return nil, &pushHTTPError{0, "connection closed without a request"}
			}
			return nil, readFailed(err)
		}
		if line = strings.TrimRight(s, "\r\n"); line != "" {
			break
		}
		if i >= maxLeadingCRLFs {
			return nil, &pushHTTPError{http.StatusBadRequest, "empty request"}
		}
	}
	head := io.MultiReader(strings.NewReader(mendRequestLine(line)+"\r\n"), br)
	req, err := http.ReadRequest(bufio.NewReaderSize(head, 1024))
	switch {
	case err != nil && lr.N == 0:
		return nil, &pushHTTPError{http.StatusRequestHeaderFieldsTooLarge, "request too large"}
	case err != nil:
		return nil, readFailed(err)
	case req.ProtoMajor != 1:
		return nil, &pushHTTPError{http.StatusBadRequest, "unsupported HTTP version"}
	}
	return req, nil
}

func readFailed(err error) *pushHTTPError {
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		return &pushHTTPError{http.StatusRequestTimeout, "request not received in time"}
	}
	return &pushHTTPError{http.StatusBadRequest, "malformed request"}
}

// mendRequestLine escapes the raw spaces of the target of "METHOD TARGET
// HTTP/1.x". A line of another shape is left for http.ReadRequest to refuse.
func mendRequestLine(line string) string {
	method, rest, ok := strings.Cut(line, " ")
	i := strings.LastIndex(rest, " HTTP/")
	if !ok || i < 0 {
		return line
	}
	target := strings.Trim(rest[:i], " ")
	return method + " " + strings.ReplaceAll(target, " ", "%20") + rest[i:]
}

// pushRemote is the remote= parameter of a query as the phone means it: '+'
// stays '+' (a leading '+' of an E.164 number is not a space), a value the
// phone did not fill in arrives as the variable's own name ("$remote") and
// becomes "". The first remote= wins; other parameters are not read.
func pushRemote(rawQuery string) string {
	q, _ := url.ParseQuery(strings.ReplaceAll(rawQuery, "+", "%2B")) // pairs that do not decode are left out
	v := strings.ToValidUTF8(q.Get("remote"), "\uFFFD")
	if isUnfilledVariable(v) {
		return ""
	}
	return v
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
