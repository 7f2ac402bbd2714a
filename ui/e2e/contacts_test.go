//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/contacts"
	"github.com/gxptray/gxptray/cti/contacts/contactstest"
)

// The address books of the tests, each in another format than the phone
// sends its caller's number.
const (
	davCards   = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ivan\r\nFN:Иван Петров\r\nTEL;TYPE=WORK:8 (495) 765-43-21\r\nEND:VCARD\r\n"
	davAlice   = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:alice\r\nFN:Alice Smith\r\nTEL;TYPE=CELL:+1 555 010 0199\r\nEND:VCARD\r\n"
	ldapPeople = `dn: uid=orlova,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
uid: orlova
cn: Orlova Maria
sn: Orlova
displayName: Мария Орлова
mobile: +7 916 123-45-67
`
)

// storeBookPassword puts an address book's password in the session's
// keyring, where Settings would have saved it.
func (s *session) storeBookPassword(c contacts.SourceConfig, password string) {
	s.t.Helper()
	if _, err := s.d.Run(s.within(10*time.Second), password, "secret-tool", "store", "--label=GXP Tray address book",
		"service", "gxptray", "username", c.SecretName()); err != nil {
		s.t.Fatal(err)
	}
}

// waitBooksRead waits until the app read every address book once, as
// `gxptray contacts status --json` reports it (through the app).
func (s *session) waitBooksRead(n int) {
	s.t.Helper()
	err := waitFor(s.within(30*time.Second), fmt.Sprintf("%d address books read", n), func(ctx context.Context) error {
		out, err := s.d.Gxptray(ctx, s.t, "contacts", "status", "--json")
		if err != nil {
			return err
		}
		var st []contacts.Status
		if err := json.Unmarshal([]byte(out), &st); err != nil {
			return err
		}
		read := 0
		for _, b := range st {
			if b.Contacts > 0 {
				read++
			}
		}
		if len(st) != n || read != n {
			return fmt.Errorf("status %s", out)
		}
		return nil
	})
	if err != nil {
		s.app.CheckRunning(s.t)
		s.t.Fatal(err)
	}
}

// ringNamed rings from number with no caller name and checks that the
// notification names the contact first, then the number and the book.
func (s *session) ringNamed(number, name, book string) {
	s.t.Helper()
	if _, err := s.phone.Ring(number, ""); err != nil {
		s.t.Fatal(err)
	}
	n := s.waitIncoming(name, number)
	if want := name + "\n" + number + "\nfrom " + book; n.Body != want {
		s.t.Errorf("incoming call notification body %q; want %q", n.Body, want)
	}
}

// TestCallerNamedFromAddressBooks: a number that only an address book
// knows, in another format than the phone sends, is named in the
// notification: CardDAV (Radicale), LDAP (slapd), a file given with
// --contacts. The dial pad's search dials a contact of the CardDAV book.
func TestCallerNamedFromAddressBooks(t *testing.T) {
	t.Run("CardDAV, and the dial pad search", func(t *testing.T) {
		r := contactstest.StartRadicale(t, map[string]string{"ivan.vcf": davCards, "alice.vcf": davAlice})
		book := contacts.SourceConfig{Name: "Work", URL: r.URL, Username: r.User}
		s := newSession(t, sessionOptions{settings: map[string]any{"contacts": []contacts.SourceConfig{book}, "contacts_region": "RU"},
			beforeApp: func(s *session) { s.storeBookPassword(book, r.Password) }})
		s.waitBooksRead(1)
		s.ringNamed("+74957654321", "Иван Петров", "Work")
		s.step("named-from-carddav")
		s.wantMenu("the caller named in the menu", entryWith("Иван Петров"))

		// The card changes on the server; `gxptray contacts sync` asks the
		// app to sync now and says what each book found.
		r.Put(t, "ivan.vcf", strings.Replace(davCards, "Иван Петров", "Иван Сидоров", 1))
		out, err := s.d.Gxptray(s.within(30*time.Second), t, "contacts", "sync")
		if err != nil || !strings.Contains(out, "Work (carddav, "+r.URL+"): 2 contacts, read ") {
			t.Fatalf("contacts sync: %v\n%s", err, out)
		}
		out, err = s.d.Gxptray(s.within(10*time.Second), t, "contacts", "lookup", "8 495 765-43-21")
		if err != nil || out != "Иван Сидоров\n+74957654321 (work)\nfrom Work\n" {
			t.Errorf("contacts lookup after the sync: %v %q", err, out)
		}

		// The dial pad: a few letters of the name, Enter dials the contact.
		if _, err := s.phone.CTI(s.within(5*time.Second), "api-phone_operation", url.Values{"cmd": {"rejectcall"}}); err != nil {
			t.Fatal(err)
		}
		s.wantMenu("idle again", status(statusIdle))
		s.click(labelDialPad)
		w := s.waitWindow(titleDialPad)
		if err := w.TabToEntry(s.within(30*time.Second), 1); err != nil {
			t.Fatal(err)
		}
		if err := w.Type(s.within(10*time.Second), "ali"); err != nil {
			t.Fatal(err)
		}
		s.step("searched")
		// The list is filled by an answer from the app: Enter on an empty
		// list does nothing, so press it until the call is placed.
		err = waitFor(s.within(15*time.Second), "Enter in the search dials Alice Smith", func(ctx context.Context) error {
			if len(s.phone.Dialed()) == 0 {
				if err := w.Key(ctx, "Return"); err != nil {
					return err
				}
			}
			return s.phone.WaitDialed(ctx, "+15550100199")
		})
		if err != nil {
			t.Fatal(err)
		}
		if d := s.phone.Dialed(); len(d) != 1 {
			t.Errorf("the search dialed %q", d)
		}
		s.step("dialed-from-search")
	})

	t.Run("LDAP", func(t *testing.T) {
		l := contactstest.StartSlapd(t, ldapPeople)
		book := contacts.SourceConfig{Name: "Company", URL: l.URL, Username: l.BindDN, BaseDN: "ou=people," + l.BaseDN}
		s := newSession(t, sessionOptions{settings: map[string]any{"contacts": []contacts.SourceConfig{book}, "contacts_region": "RU"},
			beforeApp: func(s *session) { s.storeBookPassword(book, l.Password) }})
		s.waitBooksRead(1)
		s.ringNamed("89161234567", "Мария Орлова", "Company")
		s.step("named-from-ldap")
	})

	t.Run("a file given with --contacts", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "people.csv")
		if err := os.WriteFile(path, []byte("name,number\nPyotr Ivanov,+7 (812) 000-11-22\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		s := newSession(t, sessionOptions{settings: map[string]any{"contacts_region": "RU"}, args: []string{"--contacts", path}})
		s.waitBooksRead(1)
		s.ringNamed("78120001122", "Pyotr Ivanov", "people.csv")
		s.step("named-from-file")
	})
}
