package contacts

import "github.com/gxptray/gxptray/cti/contacts/dirapi"

// The vocabulary of the address books lives in package dirapi, so that the
// tray process can speak it without linking this package (see its doc);
// these are the same types and values under the names this package has
// always used.

type (
	// SourceConfig is one address book as the settings file keeps it.
	SourceConfig = dirapi.SourceConfig
	// Match is a contact found for a number or a search.
	Match = dirapi.Match
	// Status is what a source did last.
	Status = dirapi.Status
	// Env is what sources need from the process.
	Env = dirapi.Env
	// SourceError is a failure of one address book.
	SourceError = dirapi.SourceError
)

// Source kinds.
const (
	KindFile    = dirapi.KindFile
	KindCardDAV = dirapi.KindCardDAV
	KindLDAP    = dirapi.KindLDAP
)

// DefaultSyncInterval is the time between syncs with a server.
const DefaultSyncInterval = dirapi.DefaultSyncInterval

// Errors of the sources, matched with errors.Is.
var (
	ErrAuth          = dirapi.ErrAuth
	ErrInvalidSource = dirapi.ErrInvalidSource
	ErrNoPassword    = dirapi.ErrNoPassword
)

// ParseSpec reads a source as given on the command line (dirapi.ParseSpec).
func ParseSpec(spec string) (SourceConfig, error) { return dirapi.ParseSpec(spec) }

// KnownRegion reports whether region is a region code of the numbering plans.
func KnownRegion(region string) bool { return dirapi.KnownRegion(region) }

// DefaultRegion is the region of the user's locale (dirapi.DefaultRegion).
func DefaultRegion() string { return dirapi.DefaultRegion() }
