package dirapi

import (
	"context"
	"log/slog"
	"time"
)

// Match is a contact found for a number or a search.
type Match struct {
	Name   string `json:"name"`
	Number string `json:"number"` // canonical: +E.164 or the bare digits of an extension
	Kind   string `json:"kind"`   // work, mobile, home, extension, fax, other
	Source string `json:"source"` // the name of the address book
}

// Status is what a source did last, for the settings window and the CLI.
type Status struct {
	Name       string    `json:"name"`
	Kind       string    `json:"kind"`
	Location   string    `json:"location"`
	Contacts   int       `json:"contacts"`
	Synced     time.Time `json:"synced,omitzero"` // last successful read
	Err        string    `json:"error,omitempty"`
	AuthFailed bool      `json:"auth_failed,omitempty"` // no attempt until the settings change or a sync is asked for
	Warnings   []string  `json:"warnings,omitempty"`
}

// Env is what sources need from the process.
type Env struct {
	// CacheDir keeps the server books' copies (0700); "" = no cache.
	CacheDir string
	// Password returns the secret of a source (SourceConfig.SecretName);
	// ErrNoPassword when none is stored.
	Password func(c SourceConfig) (string, error)
	Logger   *slog.Logger
	// Timeout bounds each request to a server (0 = 20 s).
	Timeout time.Duration
}

// Directory answers lookups and searches from the address books, in
// memory: a lookup never waits on a directory server. Safe for concurrent
// use.
type Directory interface {
	// Configure sets the region numbers are read in ("" = the user's
	// locale) and the books, in order of preference. Books already present
	// with the same settings keep their contacts and their schedule; books
	// that cannot work are logged and left out.
	Configure(region string, books []SourceConfig)
	// Run syncs every book on its schedule until ctx ends.
	Run(ctx context.Context)
	// Load reads every book once without Run: the cached copy, then a
	// sync when sync is true or there is no copy. Errors are in the statuses.
	Load(ctx context.Context, sync bool) []Status
	// Lookup finds the contact of number; false when none is known (or
	// the books cannot answer in time).
	Lookup(ctx context.Context, number string) (Match, bool)
	// Search lists up to limit numbers of contacts whose name holds every
	// word of text, or whose number holds its digits.
	Search(ctx context.Context, text string, limit int) []Match
	// SyncNow syncs every book now, also those whose password was rejected
	// (the user asked: one attempt each), and reports how each went.
	SyncNow(ctx context.Context) []Status
	// Status reports the books without syncing.
	Status(ctx context.Context) []Status
}

// Opener makes a Directory. onChange (may be nil) is called when a book was
// replaced.
type Opener func(env Env, onChange func()) Directory
