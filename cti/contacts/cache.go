package contacts

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/gxptray/gxptray/cti/atomicfile"
)

// The cache of a server book is one JSON file per source in the user's cache
// directory (0600 in a 0700 folder): the contacts as read, and for CardDAV
// the sync token and each card's ETag, so that the next sync asks for the
// changes only. It holds names and numbers, never a password.

const cacheVersion = 1

type cacheFile struct {
	Version int                 `json:"version"`
	Saved   time.Time           `json:"saved"`
	Books   map[string]*davBook `json:"books,omitempty"`    // CardDAV: by address-book path
	People  []cachedContact     `json:"contacts,omitempty"` // LDAP
}

type davBook struct {
	SyncToken string                `json:"sync_token,omitempty"`
	Objects   map[string]*davObject `json:"objects"` // by card path
}

type davObject struct {
	ETag    string        `json:"etag,omitempty"`
	Contact cachedContact `json:"contact"`
}

type cachedContact struct {
	Name    string        `json:"n"`
	Phones  []cachedPhone `json:"p"`
	Updated int64         `json:"u,omitempty"`
}

type cachedPhone struct {
	Number string `json:"v"`
	Kind   string `json:"k,omitempty"`
}

func toCached(c Contact) cachedContact {
	cc := cachedContact{Name: c.Name}
	if !c.Updated.IsZero() {
		cc.Updated = c.Updated.Unix()
	}
	for _, p := range c.Phones {
		cc.Phones = append(cc.Phones, cachedPhone{Number: p.Number, Kind: p.Kind.String()})
	}
	return cc
}

func (cc cachedContact) contact() Contact {
	c := Contact{Name: cc.Name}
	if cc.Updated != 0 {
		c.Updated = time.Unix(cc.Updated, 0)
	}
	for _, p := range cc.Phones {
		c.Phones = append(c.Phones, Phone{Number: p.Number, Kind: ParseKind(p.Kind)})
	}
	return c
}

// serverSource is what the sources synced from a server (CardDAV, LDAP)
// share: their settings, and the cache file that keeps the last good copy.
type serverSource struct {
	cfg      SourceConfig
	env      Env
	interval time.Duration
}

// Info names the book or directory.
func (s *serverSource) Info() SourceInfo { return info(s.cfg) }

func (s *serverSource) config() SourceConfig { return s.cfg }

// Interval between syncs.
func (s *serverSource) Interval() time.Duration { return s.interval }

// Cached reads the cache file.
func (s *serverSource) Cached(canon *Canon) (*Book, error) {
	cf, err := readCache(cachePath(s.env, s.cfg))
	if err != nil || cf.empty() {
		return nil, err
	}
	return cf.book(canon), nil
}

func cachePath(env Env, c SourceConfig) string {
	if env.CacheDir == "" {
		return ""
	}
	return filepath.Join(env.CacheDir, c.KindOf()+"-"+c.ID()+".json")
}

// readCache returns the cache, an empty one when there is none.
func readCache(path string) (*cacheFile, error) {
	empty := &cacheFile{Version: cacheVersion, Books: map[string]*davBook{}}
	if path == "" {
		return empty, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return empty, nil
	}
	if err != nil {
		return empty, err
	}
	var cf cacheFile
	if err := json.Unmarshal(data, &cf); err != nil || cf.Version != cacheVersion {
		return empty, fmt.Errorf("cache %s unreadable, starting afresh: %v", path, err)
	}
	if cf.Books == nil {
		cf.Books = map[string]*davBook{}
	}
	return &cf, nil
}

func writeCache(path string, cf *cacheFile) error {
	if path == "" {
		return nil
	}
	cf.Version, cf.Saved = cacheVersion, time.Now().UTC()
	data, err := json.Marshal(cf)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return atomicfile.WriteFile(path, data, 0o600)
}

// book builds the Book of a cache.
func (cf *cacheFile) book(canon *Canon) *Book {
	n := len(cf.People)
	for _, b := range cf.Books {
		n += len(b.Objects)
	}
	bl := NewBuilder(canon, n)
	for _, c := range cf.People {
		bl.Add(c.contact())
	}
	for _, b := range cf.Books {
		for _, o := range b.Objects {
			bl.Add(o.Contact.contact())
		}
	}
	return bl.Book()
}

func (cf *cacheFile) empty() bool {
	if len(cf.People) > 0 {
		return false
	}
	for _, b := range cf.Books {
		if len(b.Objects) > 0 {
			return false
		}
	}
	return true
}
