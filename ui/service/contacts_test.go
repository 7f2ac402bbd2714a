package service

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/contacts"
	"github.com/gxptray/gxptray/cti/contacts/contactstest"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// contactsHarness is a service whose settings hold one address book, with
// its password in the keyring; it runs once the book has been read.
func contactsHarness(t *testing.T, book contacts.SourceConfig, password string) *harness {
	t.Helper()
	t.Setenv(settings.EnvCacheDir, t.TempDir())
	h := newHarness(t, hopts{actions: true, noRun: true, edit: func(s *settings.Settings) {
		s.Contacts = []contacts.SourceConfig{book}
		s.ContactsRegion = "RU"
	}})
	if password != "" {
		h.secrets.Set(book.SecretName(), password)
	}
	h.start()
	read := func() bool { st := h.svc.Directory.Status(h.ctx()); return len(st) > 0 && st[0].Contacts > 0 }
	if !waitFor(read) {
		t.Fatalf("the address book was not read: %+v", h.svc.Directory.Status(h.ctx()))
	}
	h.online()
	return h
}

// ringNamed rings from number (as the phone sends it, with the phone's own
// name) and checks that the user sees the contact's name, the number and
// the book, in the incoming and the missed call notification, the tray's
// state, the event stream and the history.
func ringNamed(t *testing.T, h *harness, number, phoneName, wantName, wantSource string) {
	t.Helper()
	ctx := h.ctx()
	updates := h.svc.Subscribe(ctx)
	line, in := h.ringShown(number, phoneName)
	want := wantName + "\n" + number + "\nfrom " + wantSource
	if in.Notification.Body != want {
		t.Errorf("incoming call notification body %q, want %q", in.Notification.Body, want)
	}
	st := h.waitState("the line named", func(s localapi.State) bool {
		return lineIs(s, line, cti.StateRinging) && s.Lines[line-1].RemoteName == wantName
	})
	if c := st.LineContacts[line]; c.Source != wantSource {
		t.Errorf("state line contact %+v, want source %s", c, wantSource)
	}
	var ev *cti.Event
	for ev == nil {
		select {
		case u := <-updates:
			if u.Event != nil && u.Event.Kind == cti.EventIncoming {
				ev = u.Event
			}
		case <-time.After(waitLimit):
			t.Fatal("no incoming event")
		}
	}
	if ev.Contact == nil || ev.Contact.Name != wantName || ev.Contact.Source != wantSource || ev.Name != wantName {
		t.Errorf("event %+v contact %+v", ev, ev.Contact)
	}
	h.remoteHangup(line)
	m := h.waitShown("missed call notification", isMissed)
	if !strings.HasPrefix(m.Notification.Body, want+"\n") {
		t.Errorf("missed call notification body %q, want it to start with %q", m.Notification.Body, want)
	}
	c := h.waitHistory("missed call", func(c cti.Call) bool { return c.Number == number })
	if c.Name != wantName || c.Contact == nil || c.Contact.Source != wantSource {
		t.Errorf("history entry %+v (contact %+v)", c, c.Contact)
	}
}

func TestCallerNamedFromCardDAV(t *testing.T) {
	r := contactstest.StartRadicale(t, map[string]string{"ivan.vcf": "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ivan\r\nFN:Иван Петров\r\nTEL;TYPE=WORK:8 (495) 765-43-21\r\nEND:VCARD\r\n"})
	h := contactsHarness(t, contacts.SourceConfig{Name: "Work book", URL: r.URL, Username: r.User}, r.Password)
	// Only in the CardDAV book, written there in the national format.
	ringNamed(t, h, "+74957654321", "", "Иван Петров", "Work book")
}

func TestCallerNamedFromLDAP(t *testing.T) {
	s := contactstest.StartSlapd(t, `dn: uid=smith,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
uid: smith
cn: Alice Smith
sn: Smith
telephoneNumber: +7 (812) 555-01-99
`)
	book := contacts.SourceConfig{Name: "Company", URL: s.URL, Username: s.BindDN, BaseDN: "ou=people," + s.BaseDN}
	h := contactsHarness(t, book, s.Password)
	// The phone's own name is only the number: the directory's wins.
	ringNamed(t, h, "88125550199", "88125550199", "Alice Smith", "Company")
}

func TestCallerNamedFromFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "team.csv")
	if err := os.WriteFile(p, []byte("name,number\nReception,203\nOlga,+7 903 111-22-33\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	h := contactsHarness(t, contacts.SourceConfig{URL: p}, "")
	ringNamed(t, h, "89031112233", "Olga Phone", "Olga", "team.csv")
}

func TestPhoneNameStaysTheFallback(t *testing.T) {
	p := filepath.Join(t.TempDir(), "team.csv")
	os.WriteFile(p, []byte("name,number\nReception,203\n"), 0o600)
	h := contactsHarness(t, contacts.SourceConfig{URL: p}, "")
	_, in := h.ringShown("204", "Виталик")
	if in.Notification.Body != "Виталик\n204" {
		t.Errorf("body %q, want the phone's name and no source", in.Notification.Body)
	}
}

// The run's password (GXPTRAY_CONTACTS_PASSWORD) goes to the books of the
// run (--contacts) only; a saved book gets its keyring entry or nothing.
func TestRunPasswordOnlyForTheRunsBooks(t *testing.T) {
	run := contacts.SourceConfig{URL: "https://dav.example.com/", Username: "me"}
	saved := contacts.SourceConfig{URL: "ldap://ldap.example.com", Username: "cn=me", BaseDN: "dc=example"}
	other := contacts.SourceConfig{URL: "https://other.example.com/", Username: "me"}
	sec := newMemSecrets()
	sec.Set(saved.SecretName(), "saved-pw")
	s := &Service{cfg: Config{Contacts: []contacts.SourceConfig{run}, ContactsPassword: "run-pw", Secrets: sec}}
	if p, err := s.contactsPassword(run); p != "run-pw" || err != nil {
		t.Errorf("the run's book: %q %v", p, err)
	}
	if p, err := s.contactsPassword(saved); p != "saved-pw" || err != nil {
		t.Errorf("a saved book: %q %v", p, err)
	}
	if p, err := s.contactsPassword(other); p != "" || !errors.Is(err, contacts.ErrNoPassword) {
		t.Errorf("a saved book without a keyring entry: %q %v", p, err)
	}
}
