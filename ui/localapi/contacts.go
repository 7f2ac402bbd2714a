package localapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gxptray/gxptray/cti/contacts/dirapi"
)

// ContactBook is an optional Backend capability: the tray process's contact
// directory. Without it, the /v1/contacts endpoints answer not_supported.
//
//	GET  /v1/contacts/lookup?number=N  -> LookupResult
//	GET  /v1/contacts/search?q=TEXT&limit=N -> [dirapi.Match, ...]
//	GET  /v1/contacts/status           -> [dirapi.Status, ...]
//	POST /v1/contacts/sync             -> [dirapi.Status, ...] (waits for every book)
type ContactBook interface {
	LookupContact(ctx context.Context, number string) (dirapi.Match, bool, error)
	SearchContacts(ctx context.Context, text string, limit int) ([]dirapi.Match, error)
	SyncContacts(ctx context.Context) ([]dirapi.Status, error)
	ContactsStatus(ctx context.Context) ([]dirapi.Status, error)
}

// LookupResult answers a lookup: Found is false when no book knows the number.
type LookupResult struct {
	Found bool          `json:"found"`
	Match *dirapi.Match `json:"match,omitempty"`
}

// noContactBook is what GXP Tray cannot do when the backend is not a
// ContactBook.
const noContactBook = "has no contact directory"

const (
	defaultSearch = 20
	maxSearch     = 200
	maxQuery      = 256
)

func contactRoutes(s *Server) map[string]route {
	get, post := http.MethodGet, http.MethodPost
	return map[string]route{
		"/v1/contacts/lookup": {get, s.handleContactLookup},
		"/v1/contacts/search": {get, s.handleContactSearch},
		"/v1/contacts/status": {get, s.handleContactStatus},
		"/v1/contacts/sync":   {post, s.handleContactSync},
	}
}

// queryParams checks that only the known parameters are given, once each,
// as valid text of bounded length.
func (s *Server) queryParams(w http.ResponseWriter, r *http.Request, known ...string) (url.Values, bool) {
	q := r.URL.Query()
	for k, vs := range q {
		if !containsString(known, k) {
			s.reject(w, http.StatusBadRequest, fmt.Sprintf("unknown parameter %q", k))
			return nil, false
		}
		if len(vs) != 1 || len(vs[0]) > maxQuery || !utf8.ValidString(vs[0]) || strings.ContainsFunc(vs[0], isControl) {
			s.reject(w, http.StatusBadRequest, fmt.Sprintf("parameter %q must be given once, as text of up to %d bytes", k, maxQuery))
			return nil, false
		}
	}
	return q, true
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (s *Server) handleContactLookup(w http.ResponseWriter, r *http.Request) {
	q, ok := s.queryParams(w, r, "number")
	if !ok {
		return
	}
	number := strings.TrimSpace(q.Get("number"))
	if number == "" {
		s.reject(w, http.StatusBadRequest, "number is missing")
		return
	}
	cb, ok := capability[ContactBook](s, w, r, noContactBook)
	if !ok {
		return
	}
	m, found, err := cb.LookupContact(r.Context(), number)
	res := LookupResult{Found: found}
	if found {
		res.Match = &m
	}
	s.answer(w, r, res, err)
}

func (s *Server) handleContactSearch(w http.ResponseWriter, r *http.Request) {
	q, ok := s.queryParams(w, r, "q", "limit")
	if !ok {
		return
	}
	limit := defaultSearch
	if v := q.Get("limit"); q.Has("limit") {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxSearch {
			s.reject(w, http.StatusBadRequest, fmt.Sprintf("limit must be a number from 1 to %d", maxSearch))
			return
		}
		limit = n
	}
	cb, ok := capability[ContactBook](s, w, r, noContactBook)
	if !ok {
		return
	}
	res, err := cb.SearchContacts(r.Context(), q.Get("q"), limit)
	answerList(s, w, r, res, err)
}

func (s *Server) handleContactStatus(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.queryParams(w, r); !ok {
		return
	}
	cb, ok := capability[ContactBook](s, w, r, noContactBook)
	if !ok {
		return
	}
	st, err := cb.ContactsStatus(r.Context())
	answerList(s, w, r, st, err)
}

func (s *Server) handleContactSync(w http.ResponseWriter, r *http.Request) {
	var b emptyBody
	if !s.decode(w, r, &b, true) {
		return
	}
	cb, ok := capability[ContactBook](s, w, r, noContactBook)
	if !ok {
		return
	}
	st, err := cb.SyncContacts(r.Context())
	answerList(s, w, r, st, err)
}

// LookupContact asks the tray process which contact has number.
func (c *Client) LookupContact(ctx context.Context, number string) (dirapi.Match, bool, error) {
	res, err := reply[LookupResult](ctx, c, http.MethodGet, "/v1/contacts/lookup?number="+url.QueryEscape(number), nil)
	if err != nil || !res.Found || res.Match == nil {
		return dirapi.Match{}, false, err
	}
	return *res.Match, true, nil
}

// SearchContacts lists up to limit (1..200) numbers of matching contacts.
func (c *Client) SearchContacts(ctx context.Context, text string, limit int) ([]dirapi.Match, error) {
	return reply[[]dirapi.Match](ctx, c, http.MethodGet, "/v1/contacts/search?q="+url.QueryEscape(text)+"&limit="+strconv.Itoa(limit), nil)
}

// SyncContacts syncs every address book now and reports how each went.
func (c *Client) SyncContacts(ctx context.Context) ([]dirapi.Status, error) {
	return reply[[]dirapi.Status](ctx, c, http.MethodPost, "/v1/contacts/sync", nil)
}

// ContactsStatus reports the address books.
func (c *Client) ContactsStatus(ctx context.Context) ([]dirapi.Status, error) {
	return reply[[]dirapi.Status](ctx, c, http.MethodGet, "/v1/contacts/status", nil)
}
