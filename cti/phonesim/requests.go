package phonesim

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// Request is one CTI request the phone received (the /sim/ control surface
// is not logged).
type Request struct {
	Function string    // e.g. "api-get_line_status"
	Query    string    // raw query, passcode/password values replaced by "***"
	Time     time.Time // when it arrived (Options.Now)
	Status   int       // HTTP status of the reply
	Result   string    // "success", "error", "unauthorized", or "" without a CTI reply (404)
}

const maxLoggedQuery = 1024

// Requests returns the most recent CTI requests (up to 10000), oldest first.
func (p *Phone) Requests() []Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.requests)
}

// RequestCount is the number of requests for function ("api-send_key") since
// New, whatever their outcome.
func (p *Phone) RequestCount(function string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.counts[function]
}

// RequestCounts returns RequestCount for every function seen.
func (p *Phone) RequestCounts() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.countsCopyLocked()
}

// logRequestLocked records a request. Caller holds p.mu.
func (p *Phone) logRequestLocked(fn, rawQuery string, status int, result string) {
	// A hostile client could invent endless function names; count only
	// plausible ones so the map stays small.
	if len(p.counts) < 100 || p.counts[fn] > 0 {
		p.counts[fn]++
	}
	p.requests = append(p.requests, Request{
		Function: truncate(fn, 128),
		Query:    truncate(redactQuery(rawQuery), maxLoggedQuery),
		Time:     p.opt.Now(),
		Status:   status,
		Result:   result,
	})
	if len(p.requests) > maxLog {
		p.requests = slices.Delete(p.requests, 0, len(p.requests)-maxLog)
	}
	p.changedLocked()
}

// redactQuery hides the passcode (and the GXP make_call "password") while
// keeping the query otherwise byte for byte, so tests can see exactly what
// a client sent.
func redactQuery(raw string) string {
	parts := strings.Split(raw, "&")
	for i, part := range parts {
		k, _, hasValue := strings.Cut(part, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if isSecretParam(name) && hasValue {
			parts[i] = k + "=***"
		}
	}
	return strings.Join(parts, "&")
}

func isSecretParam(name string) bool {
	name = strings.ToLower(name)
	return name == "passcode" || name == "password"
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
