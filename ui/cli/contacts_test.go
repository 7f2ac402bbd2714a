package cli

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/contacts"
	"github.com/gxptray/gxptray/cti/contacts/contactstest"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/cti/testkit"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

const (
	bookVCF = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Иван Петров\r\nTEL;TYPE=WORK:8 (495) 765-43-21\r\nTEL;TYPE=CELL:+7 916 123-45-67\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Alice Smith\r\nTEL;TYPE=home:203\r\nEND:VCARD\r\n"
	// What no test may ever see printed.
	bookSecret = "b00k-s3cret"
)

// ruSettings saves the region the test books are written for (the
// machine's locale may be any).
func ruSettings(t *testing.T) {
	saveTestSettings(t, func(s *settings.Settings) { s.ContactsRegion = "RU" })
}

// gxc is gx that also fails when the address book's password is printed.
func gxc(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	r := gx(t, env, args...)
	for _, s := range []string{r.stdout, r.stderr} {
		if strings.Contains(s, bookSecret) {
			t.Fatalf("gxptray %v printed the address book's password:\n%s", args, s)
		}
	}
	return r
}

func TestContactsLookupFromAFile(t *testing.T) {
	isolate(t)
	ruSettings(t)
	book := testkit.WriteTemp(t, "work.vcf", bookVCF)
	// The phone's format differs from the book's; flags may follow the number.
	r := gxc(t, nil, "--contacts", book, "contacts", "lookup", "+7 495 765 43 21")
	if r.code != ExitOK || r.stdout != "Иван Петров\n+74957654321 (work)\nfrom work.vcf\n" {
		t.Fatalf("lookup: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = gxc(t, nil, "contacts", "lookup", "--contacts", book, "84957654321", "--json")
	var res localapi.LookupResult
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || r.code != ExitOK {
		t.Fatalf("lookup --json: exit %d %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if want := (contacts.Match{Name: "Иван Петров", Number: "+74957654321", Kind: "work", Source: "work.vcf"}); !res.Found || *res.Match != want {
		t.Errorf("lookup --json = %+v", res)
	}
	// A number nobody has: exit 1 and nothing on stdout; with --json, found false.
	r = gxc(t, nil, "--contacts", book, "contacts", "lookup", "74957654322")
	if r.code != ExitFailure || r.stdout != "" || !strings.Contains(r.stderr, "No contact has this number.") {
		t.Errorf("unknown number: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = gxc(t, nil, "--contacts", book, "contacts", "lookup", "--json", "74957654322")
	if r.code != ExitFailure || strings.TrimSpace(r.stdout) != `{"found":false}` {
		t.Errorf("unknown number --json: exit %d, %q", r.code, r.stdout)
	}
	if r = gxc(t, nil, "contacts", "lookup"); r.code != ExitUsage || !strings.Contains(r.stderr, "which number?") {
		t.Errorf("no number: exit %d, %q", r.code, r.stderr)
	}
	// No book at all: nobody is found, and it says so.
	if r = gxc(t, nil, "contacts", "lookup", "203"); r.code != ExitFailure || r.stdout != "" {
		t.Errorf("without books: exit %d, %q", r.code, r.stdout)
	}
}

func TestContactsSearchAndRepeatedSources(t *testing.T) {
	isolate(t)
	ruSettings(t)
	work := testkit.WriteTemp(t, "work.vcf", bookVCF)
	// The same extension in a second book: the book given first wins.
	home := testkit.WriteTemp(t, "home.csv", "name,number\nReception desk,203\nПётр Смирнов,+7 812 000-11-22\n")
	r := gxc(t, nil, "--contacts", work, "contacts", "search", "--contacts", home, "ПЕТР")
	if r.code != ExitOK {
		t.Fatalf("search: exit %d %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "Иван Петров") || !strings.Contains(lines[0], "+74957654321") ||
		!strings.Contains(lines[1], "+79161234567") || !strings.Contains(lines[1], "mobile") ||
		!strings.HasPrefix(lines[2], "Пётр Смирнов") || !strings.Contains(lines[2], "home.csv") {
		t.Errorf("search ПЕТР (ё as е, both books):\n%s", r.stdout)
	}
	r = gxc(t, nil, "--contacts", work, "--contacts", home, "contacts", "search", "alice", "--json")
	var ms []contacts.Match
	if err := json.Unmarshal([]byte(r.stdout), &ms); err != nil || len(ms) != 1 || ms[0] != (contacts.Match{Name: "Alice Smith", Number: "203", Kind: "home", Source: "work.vcf"}) {
		t.Errorf("search --json: %v %s", err, r.stdout)
	}
	if r = gxc(t, nil, "--contacts", work, "--contacts", home, "contacts", "lookup", "203"); !strings.HasPrefix(r.stdout, "Alice Smith\n") {
		t.Errorf("a number in two books: the first book listed should win:\n%s", r.stdout)
	}
	if r = gxc(t, nil, "--contacts", home, "--contacts", work, "contacts", "lookup", "203"); !strings.HasPrefix(r.stdout, "Reception desk\n") {
		t.Errorf("books in the other order:\n%s", r.stdout)
	}
	if r = gxc(t, nil, "--contacts", work, "contacts", "search", "nobody"); r.code != ExitOK || r.stdout != "No contact matches.\n" {
		t.Errorf("no match: %d %q", r.code, r.stdout)
	}
	if r = gxc(t, nil, "--contacts", work, "contacts", "search", "--json", "nobody"); strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("no match --json: %q", r.stdout)
	}
	if r = gxc(t, nil, "contacts", "search", "-n", "0", "x"); r.code != ExitUsage {
		t.Errorf("-n 0: exit %d", r.code)
	}
}

// A password never comes from the command line: a source that carries one
// is refused, on every command that takes --contacts, and the refusal does
// not repeat it.
func TestContactsPasswordIsNeverTakenFromTheCommandLine(t *testing.T) {
	isolate(t)
	for _, spec := range []string{
		"carddav:https://alice:" + bookSecret + "@dav.example.com/dav/",
		"https://alice:" + bookSecret + "@dav.example.com/dav/",
		"carddav:https://alice:" + bookSecret + "%zz@dav.example.com/", // not even a valid URL
		"ldap://cn=reader:" + bookSecret + "@ldap.example.com/dc=example,dc=org",
		"ldap://ldap.example.com/dc=example,dc=org??sub??bindname=cn=reader,x-bindpw=" + bookSecret,
		"ftp://alice:" + bookSecret + "@files.example.com/book.vcf",
	} {
		for _, args := range [][]string{
			{"--contacts", spec, "contacts", "sync"},
			{"contacts", "lookup", "--contacts", spec, "203"},
			{"watch", "--contacts", spec},
			{"history", "--contacts", spec},
			// The tray takes the same global flag as the first case (not
			// run here: a refusal that failed would start a tray).
		} {
			r := gxc(t, nil, args...)
			if r.code != ExitUsage || !strings.Contains(r.stderr, "--contacts: invalid address book") {
				t.Errorf("gxptray %v: exit %d, stderr %q; want a usage error", args, r.code, r.stderr)
			}
			if strings.Contains(spec, bookSecret+"@") && !strings.Contains(spec, "%zz") && !strings.Contains(spec, "ftp:") &&
				!strings.Contains(r.stderr, "password") {
				t.Errorf("gxptray %v: the refusal does not say why: %q", args, r.stderr)
			}
		}
	}
}

// carddav:URL with the password from GXPTRAY_CONTACTS_PASSWORD, then from
// the keyring; contacts sync reports the book, and a wrong password once.
func TestContactsFromCardDAV(t *testing.T) {
	isolate(t)
	ruSettings(t)
	srv := contactstest.StartRadicale(t, map[string]string{
		"ivan.vcf": "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ivan\r\nFN:Иван Петров\r\nTEL;TYPE=WORK:8 (495) 765-43-21\r\nEND:VCARD\r\n",
	})
	u, _ := url.Parse(srv.URL)
	spec := "carddav:http://" + srv.User + "@" + u.Host + "/"
	pw := map[string]string{EnvContactsPassword: srv.Password}

	r := gxc(t, pw, "--contacts", spec, "contacts", "lookup", "+74957654321")
	if r.code != ExitOK || !strings.HasPrefix(r.stdout, "Иван Петров\n") || !strings.Contains(r.stdout, "from "+u.Hostname()) {
		t.Fatalf("lookup through Radicale: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = gxc(t, pw, "--contacts", spec, "contacts", "sync")
	if r.code != ExitOK || !strings.Contains(r.stdout, "127.0.0.1 (carddav, http://127.0.0.1:") || !strings.Contains(r.stdout, ": 1 contacts, read ") {
		t.Errorf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var st []contacts.Status
	r = gxc(t, pw, "--contacts", spec, "contacts", "sync", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || len(st) != 1 || st[0].Contacts != 1 || st[0].Kind != "carddav" || st[0].Synced.IsZero() {
		t.Errorf("sync --json: %v %s", err, r.stdout)
	}

	// No password anywhere: the message says where to put it.
	r = gxc(t, nil, "--contacts", spec, "contacts", "sync")
	if r.code != ExitFailure || !strings.Contains(r.stdout, "no password is stored") || !strings.Contains(r.stdout, EnvContactsPassword) {
		t.Errorf("without a password: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The keyring's entry of this book.
	c, err := contacts.ParseSpec(spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := settings.NewKeyring(time.Second).Set(c.SecretName(), srv.Password); err != nil {
		t.Fatal(err)
	}
	if r = gxc(t, nil, "--contacts", spec, "contacts", "lookup", "84957654321"); r.code != ExitOK || !strings.HasPrefix(r.stdout, "Иван Петров\n") {
		t.Errorf("password from the keyring: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A wrong password: one attempt, and the words say what happened.
	r = gxc(t, map[string]string{EnvContactsPassword: bookSecret}, "--contacts", spec, "contacts", "sync")
	if r.code != ExitFailure || !strings.Contains(r.stdout, "rejected the user name or password") ||
		!strings.Contains(r.stdout, "no further attempt until the password is changed") {
		t.Errorf("wrong password: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// ldap://host/BASEDN??sub??bindname=DN as --contacts, against slapd.
func TestContactsFromLDAP(t *testing.T) {
	isolate(t)
	ruSettings(t)
	s := contactstest.StartSlapd(t, contactstest.People)
	spec := s.URL + "/ou=people," + s.BaseDN + "??sub??bindname=" + strings.ReplaceAll(s.BindDN, ",", "%2c")
	r := gxc(t, map[string]string{EnvContactsPassword: s.Password}, "--contacts", spec, "contacts", "lookup", "8 495 765 43 21", "--json")
	var res localapi.LookupResult
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || !res.Found || res.Match.Name != "Иван Петров" || res.Match.Kind != "work" {
		t.Fatalf("lookup through slapd: exit %d %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	r = gxc(t, map[string]string{EnvContactsPassword: bookSecret}, "--contacts", spec, "contacts", "sync")
	if r.code != ExitFailure || !strings.Contains(r.stdout, "rejected the user name or password (bind DN "+s.BindDN+")") {
		t.Errorf("wrong password: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// history and watch name the callers from the books given with --contacts.
func TestHistoryAndWatchNameCallersFromTheBooks(t *testing.T) {
	isolate(t)
	ruSettings(t)
	book := testkit.WriteTemp(t, "work.vcf", bookVCF)
	_, h := userHistory(t)
	start := time.Date(2026, 3, 4, 10, 0, 0, 0, time.Local)
	if err := h.Append(cti.Call{Direction: cti.Incoming, Number: "84957654321", Line: 1, Start: start, Outcome: cti.Missed}); err != nil {
		t.Fatal(err)
	}
	r := gxc(t, nil, "history", "--contacts", book)
	if r.code != ExitOK || !strings.Contains(r.stdout, "Иван Петров <84957654321>") {
		t.Errorf("history: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = gxc(t, nil, "--contacts", book, "history", "--json")
	var calls []cti.Call
	if err := json.Unmarshal([]byte(r.stdout), &calls); err != nil || len(calls) != 1 || calls[0].Contact == nil ||
		*calls[0].Contact != (cti.Contact{Name: "Иван Петров", Source: "work.vcf", Kind: "work"}) {
		t.Errorf("history --json: %v\n%s", err, r.stdout)
	}
	if r = gxc(t, nil, "history"); strings.Contains(r.stdout, "Иван") {
		t.Errorf("history without books names the caller:\n%s", r.stdout)
	}

	p, phone := startPhone(t, phonesim.Options{})
	if _, err := p.Ring("74957654321", ""); err != nil {
		t.Fatal(err)
	}
	out, stop := startWatch(t, phoneEnv(phone), "watch", "--json", "--interval", "250ms", "--contacts", book)
	waitFor(t, out, `"type":"incoming"`)
	stop()
	ev := lastIncoming(t, out.String())
	if ev.Name != "Иван Петров" || ev.Contact == nil || ev.Contact.Source != "work.vcf" || !strings.Contains(out.String(), `"contact":{"name":"Иван Петров","source":"work.vcf"`) {
		t.Errorf("watch --json --contacts:\n%s", out.String())
	}
}

// GXPTRAY_CONTACTS_PASSWORD is for the books given with --contacts: a
// saved book's server gets its own password from the keyring, never that one.
func TestContactsPasswordOfTheRunGoesOnlyToItsBooks(t *testing.T) {
	isolate(t)
	var seen []string
	var mu sync.Mutex
	saved := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, p, _ := r.BasicAuth()
		mu.Lock()
		seen = append(seen, p)
		mu.Unlock()
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer saved.Close()
	book := contacts.SourceConfig{Name: "Saved", URL: saved.URL + "/", Username: "me"}
	saveTestSettings(t, func(s *settings.Settings) { s.ContactsRegion = "RU"; s.Contacts = []contacts.SourceConfig{book} })
	if err := settings.NewKeyring(time.Second).Set(book.SecretName(), "saved-password"); err != nil {
		t.Fatal(err)
	}
	file := testkit.WriteTemp(t, "work.vcf", bookVCF)
	r := gxc(t, map[string]string{EnvContactsPassword: bookSecret}, "--contacts", file, "contacts", "sync")
	if !strings.Contains(r.stdout, "work.vcf (file") || !strings.Contains(r.stdout, "Saved (carddav") {
		t.Fatalf("sync: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) == 0 {
		t.Fatal("the saved book's server was not asked")
	}
	for _, p := range seen {
		if p != "saved-password" {
			t.Errorf("the saved book's server received %q", p)
		}
	}
}
