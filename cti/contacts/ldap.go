package contacts

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/go-ldap/ldap/v3"
)

// Defaults for OpenLDAP (inetOrgPerson) and Active Directory.
var (
	DefaultLDAPNameAttrs   = []string{"displayName", "cn"}
	DefaultLDAPNumberAttrs = []string{"telephoneNumber", "mobile", "homePhone", "ipPhone"}
)

const (
	defaultLDAPFilter = "(&(|(objectClass=person)(objectClass=contact))(|(telephoneNumber=*)(mobile=*)(homePhone=*)(ipPhone=*)))"
	ldapPageSize      = 500
	maxLDAPEntries    = 500_000
)

// LDAPSource is a directory searched with a bind DN and password (or
// anonymously) over ldap://, ldaps:// or ldap:// with StartTLS. Each sync
// reads the matching entries anew (directories rarely offer a change log
// to ordinary users); the last good result is cached.
type LDAPSource struct{ serverSource }

func (s *LDAPSource) fail(op string, err error) error {
	return &SourceError{Source: s.cfg.DisplayName(), Op: op, Err: err}
}

// Sync binds once, searches with paging and rewrites the cache.
func (s *LDAPSource) Sync(ctx context.Context, canon *Canon) (*Book, Warnings, error) {
	var w Warnings
	conn, err := s.connect(ctx)
	if err != nil {
		return nil, w, s.fail("connect", err)
	}
	defer conn.Close()
	// A hung server must not keep the connection: ctx ends it.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if s.cfg.Username != "" {
		pass := ""
		if s.env.Password != nil {
			if pass, err = s.env.Password(s.cfg); err != nil {
				return nil, w, s.fail("bind", err)
			}
		}
		if pass == "" {
			return nil, w, s.fail("bind", ErrNoPassword) // an empty password would be an unauthenticated bind
		}
		if err := conn.Bind(s.cfg.Username, pass); err != nil {
			if ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidCredentials) {
				return nil, w, s.fail("bind", fmt.Errorf("%w (bind DN %s)", ErrAuth, s.cfg.Username))
			}
			return nil, w, s.fail("bind", err)
		}
	}
	names := orDefault(s.cfg.NameAttrs, DefaultLDAPNameAttrs)
	numbers := orDefault(s.cfg.NumberAttrs, DefaultLDAPNumberAttrs)
	filter := s.cfg.Filter
	if filter == "" {
		filter = defaultLDAPFilter
	}
	if _, err := ldap.CompileFilter(filter); err != nil {
		return nil, w, s.fail("search", fmt.Errorf("%w: filter %q: %v", ErrInvalidSource, filter, err))
	}
	attrs := append(append(append([]string{}, names...), numbers...), "modifyTimestamp", "whenChanged")
	req := ldap.NewSearchRequest(s.cfg.BaseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, maxLDAPEntries,
		int(s.env.Timeout/time.Second), false, filter, attrs, nil)
	res, err := conn.SearchWithPaging(req, ldapPageSize)
	if err != nil && (res == nil || len(res.Entries) == 0) {
		return nil, w, s.fail("search", err)
	}
	var cf cacheFile
	for _, e := range res.Entries {
		c := ldapContact(e, names, numbers)
		if cleanName(c.Name) == "" || len(c.Phones) == 0 {
			continue
		}
		cf.People = append(cf.People, toCached(c))
	}
	if err := writeCache(cachePath(s.env, s.cfg), &cf); err != nil {
		s.env.Logger.Warn("address book cache not written", "err", err)
	}
	return cf.book(canon), w, nil
}

func (s *LDAPSource) connect(ctx context.Context) (*ldap.Conn, error) {
	u, err := url.Parse(s.cfg.URL)
	if err != nil {
		return nil, err
	}
	d := &net.Dialer{Timeout: s.env.Timeout}
	tc, err := tlsConfig(s.cfg, u.Hostname())
	if err != nil {
		return nil, err
	}
	conn, err := ldap.DialURL(s.cfg.URL, ldap.DialWithDialer(d), ldap.DialWithTLSConfig(tc))
	if err != nil {
		return nil, certProblem(err)
	}
	conn.SetTimeout(s.env.Timeout)
	if s.cfg.StartTLS {
		stc, verr := keepVerifyError(tc)
		if err := conn.StartTLS(stc); err != nil {
			conn.Close()
			if *verr != nil {
				err = &CertError{Err: *verr}
			}
			return nil, fmt.Errorf("StartTLS: %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

func orDefault(v, def []string) []string {
	if len(v) == 0 {
		return def
	}
	return v
}

func ldapContact(e *ldap.Entry, names, numbers []string) Contact {
	var c Contact
	for _, a := range names {
		if v := strings.TrimSpace(e.GetAttributeValue(a)); v != "" {
			c.Name = v
			break
		}
	}
	for _, a := range numbers {
		kind := ldapKind(a)
		for _, v := range e.GetAttributeValues(a) {
			if strings.TrimSpace(v) != "" {
				c.Phones = append(c.Phones, Phone{Number: v, Kind: kind})
			}
		}
	}
	for _, a := range []string{"modifyTimestamp", "whenChanged"} {
		if v := e.GetAttributeValue(a); v != "" {
			if t, err := time.Parse("20060102150405Z", v); err == nil {
				c.Updated = t
				break
			}
			if t, err := time.Parse("20060102150405.0Z", v); err == nil {
				c.Updated = t
				break
			}
		}
	}
	return c
}

func ldapKind(attr string) Kind {
	switch strings.ToLower(attr) {
	case "mobile", "othermobile":
		return KindMobile
	case "homephone", "otherhomephone":
		return KindHome
	case "ipphone", "otheripphone":
		return KindExt
	case "telephonenumber", "othertelephone":
		return KindWork
	case "facsimiletelephonenumber":
		return KindFax
	}
	return KindOther
}
