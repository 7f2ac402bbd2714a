package settings

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"

	"github.com/gxptray/gxptray/cti/contacts/dirapi"
)

// MaxContactSources bounds the address books in the settings.
const MaxContactSources = 32

// ValidateContacts checks every address book; the first problem is reported
// with the book's position.
func ValidateContacts(srcs []dirapi.SourceConfig) error {
	if len(srcs) > MaxContactSources {
		return invalid(FieldContacts, "settings.error.contacts.many", MaxContactSources)
	}
	for i, c := range srcs {
		if err := c.Validate(); err != nil {
			return fmt.Errorf("%w: %s %d: %v", ErrInvalid, FieldContacts, i+1, err)
		}
	}
	return nil
}

// ValidateContactsRegion accepts "" (from the locale) or a region code.
func ValidateContactsRegion(s string) error {
	if s == "" || dirapi.KnownRegion(s) {
		return nil
	}
	return invalid(FieldContactsRegion, "settings.error.contacts_region", s)
}

// Equal reports whether s and o hold the same settings (Settings has a
// slice, so == does not compile).
func (s Settings) Equal(o Settings) bool { return reflect.DeepEqual(s.Normalized(), o.Normalized()) }

// EnvCacheDir replaces the cache folder (tests, portable installs).
const EnvCacheDir = "GXPTRAY_CACHE_DIR"

// ContactsCacheDir is where copies of server address books are kept so
// names work offline and at start-up: $GXPTRAY_CACHE_DIR, else
// os.UserCacheDir()/gxptray/contacts; "" when there is none.
func ContactsCacheDir() string {
	if v := os.Getenv(EnvCacheDir); v != "" {
		if abs, err := filepath.Abs(v); err == nil {
			return abs
		}
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(base, appDir, "contacts")
}
