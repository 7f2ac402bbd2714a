package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/contacts/dirapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// The service owns the contact directory: the address books of the
// settings (and of --contacts), synced in the background. Every lookup is
// served from memory, so a ring never waits on a directory server.

// booksChanged follows a replaced address book: the state shows new names,
// and, once the loads settle, the memory the parse used goes back to the
// system (where this process loads the books itself).
func (s *Service) booksChanged() {
	s.markDirty()
	s.settle.Loaded()
}

// openDirectory opens the address books with the opener of the
// configuration; without one, no book ever names a caller.
func (s *Service) openDirectory() dirapi.Directory {
	cache := s.cfg.ContactsCacheDir
	if cache == "" {
		cache = settings.ContactsCacheDir()
	}
	env := dirapi.Env{CacheDir: cache, Password: s.contactsPassword, Logger: s.log}
	if s.cfg.Directory == nil {
		return noBooks{}
	}
	return s.cfg.Directory(env, s.booksChanged)
}

// configureContacts applies the address books of set (and the ones given
// for this run) to the directory. Books already loaded keep their contacts.
func (s *Service) configureContacts(set settings.Settings) {
	seen := map[string]bool{}
	var books []dirapi.SourceConfig
	for _, c := range append(append([]dirapi.SourceConfig(nil), set.Contacts...), s.cfg.Contacts...) {
		if c.Disabled || seen[c.ID()] {
			continue
		}
		seen[c.ID()] = true
		books = append(books, c)
	}
	s.Directory.Configure(set.ContactsRegion, books)
}

// noBooks is the directory of a service configured without one.
type noBooks struct{}

func (noBooks) Configure(string, []dirapi.SourceConfig)             {}
func (noBooks) Run(ctx context.Context)                             { <-ctx.Done() }
func (noBooks) Load(context.Context, bool) []dirapi.Status          { return nil }
func (noBooks) Lookup(context.Context, string) (dirapi.Match, bool) { return dirapi.Match{}, false }
func (noBooks) Search(context.Context, string, int) []dirapi.Match  { return nil }
func (noBooks) SyncNow(context.Context) []dirapi.Status             { return nil }
func (noBooks) Status(context.Context) []dirapi.Status              { return nil }

// contactsPassword finds the password of an address book: the one given
// for this run (GXPTRAY_CONTACTS_PASSWORD) for the books of this run,
// else the keyring. A saved book never gets the run's password: it would
// go to another server, and count as a failed sign-in there.
func (s *Service) contactsPassword(c dirapi.SourceConfig) (string, error) {
	if s.cfg.ContactsPassword != "" && slices.ContainsFunc(s.cfg.Contacts, func(r dirapi.SourceConfig) bool { return r.ID() == c.ID() }) {
		return s.cfg.ContactsPassword, nil
	}
	if s.cfg.Secrets == nil {
		return "", fmt.Errorf("%w (%v)", dirapi.ErrNoPassword, settings.ErrNoKeyring)
	}
	v, err := s.cfg.Secrets.Get(c.SecretName())
	switch {
	case err == nil && v != "":
		return v, nil
	case err == nil, errors.Is(err, settings.ErrNotFound):
		return "", dirapi.ErrNoPassword
	}
	return "", err
}

// contactOf is the address-book entry for number, if any.
func (s *Service) contactOf(number string) *cti.Contact {
	if s.Directory == nil || strings.TrimSpace(number) == "" {
		return nil
	}
	m, ok := s.Directory.Lookup(context.Background(), number)
	if !ok {
		return nil
	}
	return &cti.Contact{Name: m.Name, Source: m.Source, Kind: m.Kind}
}

// withContact names the caller of a call event from the address books: the
// contact's name wins, the phone's name is the fallback.
func (s *Service) withContact(e cti.Event) cti.Event {
	if e.Line == 0 || e.Contact != nil {
		return e
	}
	if c := s.contactOf(e.Number); c != nil {
		e.Contact = c
		e.Name = c.Name
	}
	return e
}

// withLineContacts does the same for the lines of a State, and says which
// book each name came from.
func (s *Service) withLineContacts(lines []cti.Line) map[int]cti.Contact {
	var out map[int]cti.Contact
	for i, l := range lines {
		if !l.State.Busy() {
			continue
		}
		if c := s.contactOf(l.RemoteNumber); c != nil {
			lines[i].RemoteName = c.Name
			if out == nil {
				out = map[int]cti.Contact{}
			}
			out[l.Line] = *c
		}
	}
	return out
}

// withCallContacts names calls of the history recorded before the book
// knew the number.
func (s *Service) withCallContacts(calls []cti.Call) []cti.Call {
	for i, c := range calls {
		if c.Contact != nil {
			continue
		}
		if ct := s.contactOf(c.Number); ct != nil {
			calls[i].Contact = ct
			calls[i].Name = ct.Name
		}
	}
	return calls
}

// callBody is the text of a call notification: the name first, then the
// number and the address book that named the caller.
func (s *Service) callBody(e cti.Event) string {
	body := s.callerBody(e.Name, e.Number)
	if e.Contact != nil && e.Contact.Source != "" {
		body += "\n" + s.t("contacts.source", clip(e.Contact.Source))
	}
	return body
}
