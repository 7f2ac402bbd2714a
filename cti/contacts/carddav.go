package contacts

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"sync/atomic"

	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/carddav"

	"github.com/gxptray/gxptray/cti/contacts/dirapi"
)

// multiGetBatch bounds the cards asked for in one REPORT.
const multiGetBatch = 200

// CardDAVSource is the address books of one CardDAV account: found from
// the server URL (current-user-principal, then the address-book home set;
// or the URL is an address book itself), synced with sync-collection
// (RFC 6578) where the server offers it, else read whole. The last good
// copy is cached so names work offline and at start-up.
type CardDAVSource struct{ serverSource }

// authGate sends the credentials and turns a 401 into ErrAuth. After one
// rejection it sends nothing more: one attempt per sync, never a loop that
// locks the account.
type authGate struct {
	hc         *http.Client
	user, pass string
	rejected   atomic.Bool
}

func (g *authGate) Do(req *http.Request) (*http.Response, error) {
	if g.rejected.Load() {
		return nil, ErrAuth
	}
	if g.user != "" || g.pass != "" {
		req.SetBasicAuth(g.user, g.pass)
	}
	resp, err := g.hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusUnauthorized {
		resp.Body.Close()
		g.rejected.Store(true)
		return nil, ErrAuth
	}
	return resp, nil
}

func (s *CardDAVSource) fail(op string, err error) error {
	// url.Error names the URL (never a password: that travels in a header).
	return &SourceError{Source: s.cfg.DisplayName(), Op: op, Err: err}
}

// Sync fetches what changed since the last sync and rewrites the cache.
func (s *CardDAVSource) Sync(ctx context.Context, canon *Canon) (*Book, Warnings, error) {
	var w Warnings
	pass := ""
	if s.cfg.Username != "" && s.env.Password != nil {
		p, err := s.env.Password(s.cfg)
		if err != nil {
			return nil, w, s.fail("sync", err)
		}
		pass = p
	}
	hc := &http.Client{Timeout: s.env.Timeout}
	if s.cfg.CAFile != "" {
		tc, err := tlsConfig(s.cfg, "") // the transport names the host
		if err != nil {
			return nil, w, s.fail("sync", err)
		}
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.TLSClientConfig = tc
		hc.Transport = tr
	}
	gate := &authGate{hc: hc, user: s.cfg.Username, pass: pass}
	client, err := carddav.NewClient(gate, s.cfg.URL)
	if err != nil {
		return nil, w, s.fail("sync", err)
	}
	books, err := s.discover(ctx, client)
	if err != nil {
		return nil, w, s.fail("discover", certProblem(err))
	}
	path := cachePath(s.env, s.cfg)
	cf, cerr := readCache(path)
	if cerr != nil {
		s.env.Logger.Warn("address book cache", "err", cerr)
	}
	seen := map[string]bool{}
	for _, ab := range books {
		seen[ab.Path] = true
		db := cf.Books[ab.Path]
		if db == nil {
			db = &davBook{Objects: map[string]*davObject{}}
			cf.Books[ab.Path] = db
		}
		if err := s.syncBook(ctx, client, ab.Path, db, &w); err != nil {
			return nil, w, s.fail("sync", err)
		}
	}
	for p := range cf.Books {
		if !seen[p] {
			delete(cf.Books, p) // the address book is gone from the server
		}
	}
	if err := writeCache(path, cf); err != nil {
		s.env.Logger.Warn("address book cache not written", "err", err)
	}
	return cf.book(canon), w, nil
}

func (s *CardDAVSource) discover(ctx context.Context, c *carddav.Client) ([]carddav.AddressBook, error) {
	u, err := url.Parse(s.cfg.URL)
	if err != nil {
		return nil, err
	}
	principal, perr := c.FindCurrentUserPrincipal(ctx)
	if errors.Is(perr, ErrAuth) {
		return nil, perr
	}
	if perr == nil {
		if home, err := c.FindAddressBookHomeSet(ctx, principal); err == nil {
			if books, err := c.FindAddressBooks(ctx, home); err == nil && len(books) > 0 {
				return books, nil
			}
		} else if errors.Is(err, ErrAuth) {
			return nil, err
		}
	}
	// The URL may name an address book (or a home set) itself.
	books, err := c.FindAddressBooks(ctx, u.Path)
	if err != nil {
		return nil, err
	}
	if len(books) == 0 {
		return nil, fmt.Errorf("no address book found at %s", dirapi.RedactURL(s.cfg.URL))
	}
	return books, nil
}

// syncBook brings db up to date: the changes since its sync token, or,
// where the server offers no sync-collection (or forgot the token), the
// list of cards with their ETags, fetching only those that changed.
func (s *CardDAVSource) syncBook(ctx context.Context, c *carddav.Client, path string, db *davBook, w *Warnings) error {
	resp, err := c.SyncCollection(ctx, path, &carddav.SyncQuery{SyncToken: db.SyncToken, DataRequest: carddav.AddressDataRequest{Props: []string{}}})
	if errors.Is(err, ErrAuth) {
		return err
	}
	var changed []string
	if err == nil {
		for _, p := range resp.Deleted {
			delete(db.Objects, p)
		}
		for _, o := range resp.Updated {
			if old := db.Objects[o.Path]; old == nil || o.ETag == "" || old.ETag != o.ETag {
				changed = append(changed, o.Path)
			}
		}
		db.SyncToken = resp.SyncToken
	} else {
		s.env.Logger.Info("sync-collection not offered; comparing ETags", "book", s.cfg.DisplayName(), "err", err)
		objs, err := c.QueryAddressBook(ctx, path, &carddav.AddressBookQuery{DataRequest: carddav.AddressDataRequest{Props: []string{}}})
		if err != nil {
			return err
		}
		now := map[string]bool{}
		for _, o := range objs {
			now[o.Path] = true
			if old := db.Objects[o.Path]; old == nil || o.ETag == "" || old.ETag != o.ETag {
				changed = append(changed, o.Path)
			}
		}
		for p := range db.Objects {
			if !now[p] {
				delete(db.Objects, p)
			}
		}
		db.SyncToken = ""
	}
	return s.fetch(ctx, c, path, db, changed)
}

// fetch reads the changed cards, a batch at a time, into db.
func (s *CardDAVSource) fetch(ctx context.Context, c *carddav.Client, path string, db *davBook, changed []string) error {
	sort.Strings(changed)
	for len(changed) > 0 {
		n := min(len(changed), multiGetBatch)
		objs, err := c.MultiGetAddressBook(ctx, path, &carddav.AddressBookMultiGet{Paths: changed[:n], DataRequest: carddav.AddressDataRequest{AllProp: true}})
		if err != nil {
			return err
		}
		for _, o := range objs {
			ct := cardContact(o.Card)
			if cleanName(ct.Name) == "" || len(ct.Phones) == 0 {
				delete(db.Objects, o.Path)
				continue
			}
			if ct.Updated.IsZero() {
				ct.Updated = o.ModTime
			}
			db.Objects[o.Path] = &davObject{ETag: o.ETag, Contact: toCached(ct)}
		}
		changed = changed[n:]
	}
	return nil
}

var _ webdav.HTTPClient = (*authGate)(nil)
