package windows

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gxptray/gxptray/cti/contacts"
	"github.com/gxptray/gxptray/cti/contacts/contactstest"
	"github.com/gxptray/gxptray/ui/settings"
)

func TestSettingsAddressBooks(t *testing.T) {
	secrets := &settings.MemoryStore{}
	env, q := settingsEnv(t, nil, "en", secrets)
	w := openSettings(t, env, q)
	e := w.Contacts
	if !e.None.Visible() || len(e.Rows) != 0 {
		t.Fatal("a new user has address books listed")
	}
	saved := func() []contacts.SourceConfig {
		s, _, err := settings.Load(env.Paths.ConfigFile)
		if err != nil {
			t.Fatal(err)
		}
		return s.Contacts
	}

	// An LDAP directory without a base DN is refused, nothing is written.
	test.Type(e.URL, "ldap://ldap.example.com")
	test.Tap(e.Add)
	if !e.Problem.Visible() || len(saved()) != 0 {
		t.Fatalf("problem %q, saved %+v", e.Problem.Text, saved())
	}
	test.Type(e.BaseDN, "ou=people,dc=example,dc=org")
	test.Type(e.Username, "cn=reader,dc=example,dc=org")
	test.Type(e.Password, "reader-pw")
	test.Tap(e.Add)
	q.waitFor(t, "the directory saved", func() bool { return len(e.Rows) == 1 })
	got := saved()
	if len(got) != 1 || got[0].KindOf() != contacts.KindLDAP || got[0].BaseDN != "ou=people,dc=example,dc=org" || got[0].Username != "cn=reader,dc=example,dc=org" {
		t.Fatalf("saved %+v", got)
	}
	if p, err := secrets.Get(got[0].SecretName()); err != nil || p != "reader-pw" {
		t.Errorf("keyring holds %q, %v", p, err)
	}
	data, _ := os.ReadFile(env.Paths.ConfigFile)
	if strings.Contains(string(data), "reader-pw") {
		t.Error("the password is in the settings file")
	}

	// An LDAP URL with StartTLS in it (RFC 4516): its parts are kept.
	test.Type(e.URL, "ldap://ldap2.example.com/ou=staff,dc=example,dc=org??sub?(objectClass=person)?bindname=cn=r%2cdc=example%2cdc=org,starttls")
	test.Tap(e.Add)
	q.waitFor(t, "the second directory saved", func() bool { return len(e.Rows) == 2 })
	if got := saved()[1]; got.URL != "ldap://ldap2.example.com" || !got.StartTLS || got.BaseDN != "ou=staff,dc=example,dc=org" ||
		got.Username != "cn=r,dc=example,dc=org" || got.Filter != "(objectClass=person)" {
		t.Fatalf("saved %+v", got)
	}
	test.Tap(e.Rows[1].Remove)
	q.waitFor(t, "removed", func() bool { return len(e.Rows) == 1 })

	// ldaps:// with a certificate of its own: the file must hold one.
	bad := filepath.Join(t.TempDir(), "not.pem")
	os.WriteFile(bad, []byte("not a certificate"), 0o600)
	test.Type(e.URL, "ldaps://ldap3.example.com")
	test.Type(e.BaseDN, "dc=example,dc=org")
	test.Type(e.CAFile, bad)
	test.Tap(e.Add)
	if !strings.Contains(e.Problem.Text, "holds no PEM certificate") || len(saved()) != 1 {
		t.Fatalf("a ca_file without a certificate: problem %q, saved %d", e.Problem.Text, len(saved()))
	}
	ca := contactstest.SelfSigned(t).CertFile
	e.CAFile.SetText(ca)
	test.Tap(e.Add)
	q.waitFor(t, "the TLS directory saved", func() bool { return len(e.Rows) == 2 })
	if got := saved()[1]; got.URL != "ldaps://ldap3.example.com" || got.CAFile != ca || e.CAFile.Text != "" || e.BaseDN.Text != "" {
		t.Fatalf("saved %+v, field %q", got, e.CAFile.Text)
	}
	test.Tap(e.Rows[1].Remove)
	q.waitFor(t, "removed", func() bool { return len(e.Rows) == 1 })

	// A file, then switching the directory off and removing it.
	file := filepath.Join(t.TempDir(), "team.vcf")
	test.Type(e.URL, file)
	test.Tap(e.Add)
	q.waitFor(t, "the file saved", func() bool { return len(e.Rows) == 2 })
	test.Tap(e.Rows[0].On)
	q.waitFor(t, "switched off", func() bool { return len(saved()) == 2 && saved()[0].Disabled })
	test.Tap(e.Rows[0].Remove)
	q.waitFor(t, "removed", func() bool { return len(e.Rows) == 1 })
	if got := saved(); len(got) != 1 || got[0].URL != file || got[0].Disabled {
		t.Fatalf("after removing: %+v", got)
	}
	// The window's own Save keeps the list.
	if !w.loaded.Equal(func() settings.Settings { s, _, _ := settings.Load(env.Paths.ConfigFile); return s }()) {
		t.Error("the window's base settings lag behind the file")
	}
}
