package dirapi

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"
)

// Source kinds.
const (
	KindFile    = "file"
	KindCardDAV = "carddav"
	KindLDAP    = "ldap"
)

// DefaultSyncInterval is the time between syncs with a server.
const DefaultSyncInterval = 15 * time.Minute

// SourceConfig is one address book as the settings file keeps it. The
// password is in the keyring under SecretName.
type SourceConfig struct {
	Name     string `json:"name,omitempty"`     // shown; "" = from the file name or host
	URL      string `json:"url"`                // a file path; http(s):// for CardDAV; ldap://, ldaps://
	Kind     string `json:"kind,omitempty"`     // file | carddav | ldap; "" = from the URL
	Username string `json:"username,omitempty"` // CardDAV user name, LDAP bind DN ("" = anonymous)
	// LDAP only.
	BaseDN      string   `json:"base_dn,omitempty"`
	Filter      string   `json:"filter,omitempty"`       // "" = people and contacts with a number
	NameAttrs   []string `json:"name_attrs,omitempty"`   // "" = displayName, cn
	NumberAttrs []string `json:"number_attrs,omitempty"` // "" = telephoneNumber, mobile, homePhone, ipPhone
	StartTLS    bool     `json:"starttls,omitempty"`
	// CAFile is a PEM file of certificates trusted besides the system's,
	// for https:// and ldaps:// or StartTLS ("" = the system's only).
	CAFile      string `json:"ca_file,omitempty"`
	Disabled    bool   `json:"disabled,omitempty"`
	SyncMinutes int    `json:"sync_minutes,omitempty"` // 0 = 15
}

// KindOf is the source's kind, from Kind or else from the URL.
func (c SourceConfig) KindOf() string {
	if c.Kind != "" {
		return strings.ToLower(c.Kind)
	}
	u := strings.ToLower(c.URL)
	switch {
	case strings.HasPrefix(u, "ldap://"), strings.HasPrefix(u, "ldaps://"):
		return KindLDAP
	case strings.HasPrefix(u, "http://"), strings.HasPrefix(u, "https://"):
		return KindCardDAV
	}
	return KindFile
}

// ID is stable for one book: kind, location, user, base DN and filter.
func (c SourceConfig) ID() string {
	h := sha256.Sum256([]byte(strings.Join([]string{c.KindOf(), c.URL, c.Username, c.BaseDN, c.Filter,
		strings.Join(c.NameAttrs, ","), strings.Join(c.NumberAttrs, ",")}, "\x00")))
	return hex.EncodeToString(h[:8])
}

// SecretName is the keyring entry of the source's password.
func (c SourceConfig) SecretName() string { return "contacts-" + c.ID() }

// DisplayName is Name, else the file name or the server's host.
func (c SourceConfig) DisplayName() string {
	if n := strings.TrimSpace(c.Name); n != "" {
		return n
	}
	if c.KindOf() == KindFile {
		return filepath.Base(c.URL)
	}
	if u, err := url.Parse(c.URL); err == nil && u.Host != "" {
		return u.Hostname()
	}
	return c.URL
}

// Validate checks what can be checked without the network. Errors wrap
// ErrInvalidSource.
func (c SourceConfig) Validate() error {
	if strings.TrimSpace(c.URL) == "" {
		return fmt.Errorf("%w: no file or URL", ErrInvalidSource)
	}
	switch c.KindOf() {
	case KindFile:
		return nil
	case KindCardDAV, KindLDAP:
		u, err := url.Parse(c.URL)
		if err != nil || u.Host == "" {
			return fmt.Errorf("%w: %q is not a server URL", ErrInvalidSource, RedactURL(c.URL))
		}
		if u.User != nil {
			if _, has := u.User.Password(); has {
				return fmt.Errorf("%w: the URL must not hold a password (it is kept in the keyring)", ErrInvalidSource)
			}
		}
		if c.KindOf() == KindLDAP {
			if c.BaseDN == "" {
				return fmt.Errorf("%w: an LDAP address book needs a base DN", ErrInvalidSource)
			}
			if u.Scheme == "ldaps" && c.StartTLS {
				return fmt.Errorf("%w: StartTLS is for ldap:// (ldaps:// is TLS from the start)", ErrInvalidSource)
			}
		}
		return nil
	}
	return fmt.Errorf("%w: unknown kind %q (file, carddav or ldap)", ErrInvalidSource, c.Kind)
}

// ParseSpec reads a source as given on the command line: a file path,
// carddav:https://user@host/path (or the bare http(s):// URL), or an LDAP
// URL (RFC 4516, optionally after "ldap:"):
// ldap://host/BASEDN??sub?FILTER?bindname=DN,starttls. A password in the
// spec is refused (other users can read command lines), and the message
// never repeats the spec.
func ParseSpec(spec string) (SourceConfig, error) {
	spec = strings.TrimSpace(spec)
	lower := strings.ToLower(spec)
	var c SourceConfig
	switch {
	case strings.HasPrefix(lower, "carddav:"), strings.HasPrefix(lower, "http://"), strings.HasPrefix(lower, "https://"):
		raw := spec
		if strings.HasPrefix(lower, "carddav:") {
			raw = spec[len("carddav:"):]
		}
		if strings.HasPrefix(raw, "//") {
			raw = "https:" + raw
		}
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			return c, fmt.Errorf("%w: %q is not a CardDAV URL (carddav:https://user@host/path)", ErrInvalidSource, RedactURL(raw))
		}
		if u.User != nil {
			if _, has := u.User.Password(); has {
				return c, fmt.Errorf("%w: %s", ErrInvalidSource, noPasswordHere)
			}
			c.Username = u.User.Username()
			u.User = nil
		}
		c.Kind, c.URL = KindCardDAV, u.String()
	case strings.HasPrefix(lower, "ldap:") || strings.HasPrefix(lower, "ldaps:"):
		raw := spec
		if strings.HasPrefix(lower, "ldap:ldap") {
			raw = spec[len("ldap:"):]
		}
		var err error
		if c, err = parseLDAPURL(raw); err != nil {
			return c, err
		}
	case strings.Contains(spec, "://"):
		// Not a file; and not repeated, since it may hold a password.
		return c, fmt.Errorf("%w: a URL that is neither carddav: nor ldap: (or a file path)", ErrInvalidSource)
	default:
		abs, err := filepath.Abs(spec)
		if err != nil {
			return c, fmt.Errorf("%w: %v", ErrInvalidSource, err)
		}
		c.Kind, c.URL = KindFile, abs
	}
	return c, c.Validate()
}

// noPasswordHere says where a command-line book's password goes instead.
const noPasswordHere = "no password on the command line: set GXPTRAY_CONTACTS_PASSWORD or save it in Settings"

func parseLDAPURL(raw string) (SourceConfig, error) {
	var c SourceConfig
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "ldap" && u.Scheme != "ldaps") {
		return c, fmt.Errorf("%w: %q is not an LDAP URL (ldap://host/BASEDN??sub?FILTER?bindname=DN)", ErrInvalidSource, RedactURL(raw))
	}
	if u.User != nil {
		return c, fmt.Errorf("%w: put the bind DN in bindname=, and the password in GXPTRAY_CONTACTS_PASSWORD or Settings", ErrInvalidSource)
	}
	c.Kind = KindLDAP
	c.BaseDN = strings.TrimPrefix(u.Path, "/")
	parts := strings.Split(u.RawQuery, "?")
	get := func(i int) string {
		if i >= len(parts) {
			return ""
		}
		v, err := url.PathUnescape(parts[i])
		if err != nil {
			return parts[i]
		}
		return v
	}
	c.Filter = get(2)
	exts := ""
	if len(parts) > 3 {
		exts = parts[3]
	}
	for _, ext := range strings.Split(exts, ",") {
		k, v, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(ext), "!"), "=")
		if dv, err := url.PathUnescape(v); err == nil {
			v = dv
		}
		switch strings.ToLower(k) {
		case "x-bindpw", "bindpw", "password":
			return SourceConfig{}, fmt.Errorf("%w: %s", ErrInvalidSource, noPasswordHere)
		case "bindname":
			c.Username = v
		case "starttls", "1.3.6.1.4.1.1466.20037":
			c.StartTLS = true
		}
	}
	c.URL = (&url.URL{Scheme: u.Scheme, Host: u.Host}).String()
	return c, nil
}

// RedactURL drops a password from a URL, for messages.
func RedactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		if i := strings.Index(s, "@"); i >= 0 {
			return "…" + s[i:]
		}
		return s
	}
	return u.Redacted()
}
