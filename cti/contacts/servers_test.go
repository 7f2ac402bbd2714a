package contacts

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/go-ldap/ldap/v3"

	"github.com/gxptray/gxptray/cti/contacts/contactstest"
	"github.com/gxptray/gxptray/cti/testkit"
)

func card(uid, name, tel, rev string) string {
	return "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" + uid + "\r\nFN:" + name + "\r\nTEL;TYPE=WORK:" + tel + "\r\nREV:" + rev + "\r\nEND:VCARD\r\n"
}

// secret is a book's password as the keyring would give it, counting the
// reads (one per attempt to sign in).
type secret struct {
	value string
	reads atomic.Int32
}

func (k *secret) get(SourceConfig) (string, error) {
	k.reads.Add(1)
	return k.value, nil
}

// env is what the sources of a test get: this password and a cache folder.
func (k *secret) env(t *testing.T) Env { return Env{CacheDir: t.TempDir(), Password: k.get} }

func serverDir(t *testing.T, cfg SourceConfig, env Env) (*Directory, *slot) {
	t.Helper()
	src, err := NewSource(cfg, env)
	if err != nil {
		t.Fatal(err)
	}
	d := NewDirectory(nil, nil)
	d.Configure("RU", []Source{src})
	return d, d.slots[0]
}

// wantRejectionKept checks what follows a rejected password: a scheduled
// sync of slot s makes no attempt of its own (the password is still read
// reads times in all) and the last good copy still names number.
func wantRejectionKept(t *testing.T, d *Directory, s *slot, pass *secret, reads int32, number, name string) {
	t.Helper()
	if err := d.syncSlot(context.Background(), s, d.canon, false); !errors.Is(err, ErrAuth) || pass.reads.Load() != reads {
		t.Errorf("a scheduled sync after the rejection: %v, %d password reads, want ErrAuth and %d", err, pass.reads.Load(), reads)
	}
	if m, ok := d.Lookup(number); !ok || m.Name != name {
		t.Errorf("the last good copy stopped serving: %+v", m)
	}
}

func TestCardDAVRadicale(t *testing.T) {
	r := contactstest.StartRadicale(t, map[string]string{
		"ivan.vcf":  card("ivan", "Иван Петров", "8 (495) 765-43-21", "20240101T000000Z"),
		"alice.vcf": card("alice", "Alice Smith", "+1 555 010 0199", "20240101T000000Z"),
	})
	gate := contactstest.NewGate(t, r.URL)
	pass := &secret{value: r.Password}
	cfg := SourceConfig{Name: "Work", URL: gate.URL, Username: r.User}
	env := pass.env(t)
	cache := env.CacheDir
	d, s := serverDir(t, cfg, env)
	ctx := context.Background()

	st := d.SyncNow(ctx)
	if st[0].Err != "" || st[0].Contacts != 2 {
		t.Fatalf("first sync: %+v", st[0])
	}
	// The phone sends another format than the book holds.
	if m, ok := d.Lookup("+74957654321"); !ok || m.Name != "Иван Петров" || m.Source != "Work" {
		t.Fatalf("lookup: %+v %v", m, ok)
	}
	data, err := os.ReadFile(filepath.Join(cache, "carddav-"+cfg.ID()+".json"))
	if err != nil || !strings.Contains(string(data), `"sync_token":"http`) {
		t.Fatalf("the cache holds no sync token: %v %.300s", err, data)
	}

	t.Run("changed between syncs", func(t *testing.T) {
		r.Put(t, "ivan.vcf", card("ivan", "Иван Сидоров", "8 (495) 765-43-21", "20250101T000000Z"))
		r.Put(t, "new.vcf", card("new", "Новый Контакт", "+7 812 000-11-22", "20250101T000000Z"))
		before200 := gate.Count(http.StatusMultiStatus)
		if st := d.SyncNow(ctx); st[0].Err != "" || st[0].Contacts != 3 {
			t.Fatalf("second sync: %+v", st[0])
		}
		if m, _ := d.Lookup("84957654321"); m.Name != "Иван Сидоров" {
			t.Errorf("after the change: %+v", m)
		}
		if m, _ := d.Lookup("+78120001122"); m.Name != "Новый Контакт" {
			t.Errorf("the new card: %+v", m)
		}
		// sync-collection, then one multiget of the two changed cards.
		if n := gate.Count(http.StatusMultiStatus) - before200; n > 6 {
			t.Errorf("%d REPORT/PROPFIND answers for two changed cards: not incremental", n)
		}
	})

	t.Run("wrong password", func(t *testing.T) {
		pass.value = "wrong"
		before := gate.Count(http.StatusUnauthorized)
		st := d.SyncNow(ctx)
		if !st[0].AuthFailed || !strings.Contains(st[0].Err, "rejected the user name or password") {
			t.Fatalf("status: %+v", st[0])
		}
		if n := gate.Count(http.StatusUnauthorized) - before; n != 1 {
			t.Errorf("%d rejected requests; want exactly one attempt", n)
		}
		// The schedule makes no attempt by itself now.
		pass.reads.Store(0)
		wantRejectionKept(t, d, s, pass, 0, "+74957654321", "Иван Сидоров")
		pass.value = r.Password
	})

	t.Run("unreachable, then offline start-up", func(t *testing.T) {
		gate.Close()
		st := d.SyncNow(ctx)
		if st[0].Err == "" || st[0].AuthFailed {
			t.Fatalf("status: %+v", st[0])
		}
		if m, ok := d.Lookup("+74957654321"); !ok || m.Name != "Иван Сидоров" {
			t.Errorf("the copy stopped serving: %+v", m)
		}
		d2, _ := serverDir(t, cfg, env)
		d2.Load(ctx, false)
		if m, ok := d2.Lookup("+1 (555) 010-0199"); !ok || m.Name != "Alice Smith" {
			t.Errorf("names at start-up from the cache: %+v %v", m, ok)
		}
	})
}

func TestServerThatHangsDelaysNoLookup(t *testing.T) {
	addr := contactstest.Hang(t)
	p := testkit.WriteTemp(t, "book.csv", "name,number\nReception,203\n")
	fsrc, _ := NewSource(SourceConfig{URL: p}, Env{})
	hsrc, _ := NewSource(SourceConfig{URL: "http://" + addr + "/"}, Env{})
	d := NewDirectory(nil, nil)
	d.Configure("RU", []Source{fsrc, hsrc})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); d.SyncNow(ctx) }()
	// SyncNow waits on the hanging server; lookups answer meanwhile.
	for {
		if m, ok := d.Lookup("203"); ok {
			if m.Name != "Reception" {
				t.Fatalf("got %+v", m)
			}
			break
		}
	}
	select {
	case <-done:
		t.Fatal("the sync with a hanging server finished by itself")
	default:
	}
	cancel()
	<-done
	if st := d.Status()[1]; st.Err == "" {
		t.Errorf("the hanging server's sync reports no problem: %+v", st)
	}
}

func TestLDAPSlapd(t *testing.T) {
	s := contactstest.StartSlapd(t, contactstest.People)
	pass := &secret{value: s.Password}
	cfg := SourceConfig{Name: "Company", URL: s.URL, Username: s.BindDN, BaseDN: "ou=people," + s.BaseDN}
	env := pass.env(t)
	d, sl := serverDir(t, cfg, env)
	ctx := context.Background()
	if st := d.SyncNow(ctx); st[0].Err != "" || st[0].Contacts != 2 {
		t.Fatalf("sync: %+v", st[0])
	}
	for number, want := range map[string]string{"84957654321": "Иван Петров work", "+79161234567": "Иван Петров mobile",
		"2031": "Иван Петров extension", "15550100199": "Alice Smith home"} {
		m, ok := d.Lookup(number)
		if got := m.Name + " " + m.Kind; !ok || got != want || m.Source != "Company" {
			t.Errorf("Lookup(%s) = %+v; want %s from Company", number, m, want)
		}
	}

	t.Run("changed between syncs", func(t *testing.T) {
		conn, err := ldap.DialURL(s.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if err := conn.Bind(s.RootDN, s.RootPW); err != nil {
			t.Fatal(err)
		}
		mod := ldap.NewModifyRequest("uid=smith,ou=people,"+s.BaseDN, nil)
		mod.Replace("displayName", []string{"Alice Jones"})
		if err := conn.Modify(mod); err != nil {
			t.Fatal(err)
		}
		d.SyncNow(ctx)
		if m, _ := d.Lookup("+15550100199"); m.Name != "Alice Jones" {
			t.Errorf("after the change: %+v", m)
		}
	})

	t.Run("wrong password", func(t *testing.T) {
		pass.value = "wrong"
		pass.reads.Store(0)
		st := d.SyncNow(ctx)
		if !st[0].AuthFailed || !strings.Contains(st[0].Err, "rejected the user name or password") || !strings.Contains(st[0].Err, "Company") {
			t.Fatalf("status: %+v", st[0])
		}
		if pass.reads.Load() != 1 {
			t.Errorf("%d password reads (binds) for one sync", pass.reads.Load())
		}
		wantRejectionKept(t, d, sl, pass, 1, "+74957654321", "Иван Петров")
		pass.value = s.Password
	})

	t.Run("unreachable", func(t *testing.T) {
		bad := cfg
		bad.URL = fmt.Sprintf("ldap://%s", contactstest.ClosedAddr(t))
		bd, _ := serverDir(t, bad, env)
		st := bd.SyncNow(ctx)
		if st[0].Err == "" || !strings.Contains(st[0].Err, "connect") {
			t.Errorf("status: %+v", st[0])
		}
	})
}

// StartTLS and ldaps:// against slapd with a self-signed certificate: it is
// trusted through ca_file, and without it the sync fails with words that
// name the setting (the cache, if any, keeps serving).
func TestLDAPOverTLS(t *testing.T) {
	s := contactstest.StartSlapdTLS(t, contactstest.People)
	pass := &secret{value: s.Password}
	base := SourceConfig{Name: "Company", Username: s.BindDN, BaseDN: "ou=people," + s.BaseDN, CAFile: s.CAFile}
	starttls, ldaps := base, base
	starttls.URL, starttls.StartTLS = s.URL, true
	ldaps.URL = s.LDAPSURL
	ctx := context.Background()
	for name, cfg := range map[string]SourceConfig{"StartTLS": starttls, "ldaps": ldaps} {
		t.Run(name, func(t *testing.T) {
			env := pass.env(t)
			d, _ := serverDir(t, cfg, env)
			if st := d.SyncNow(ctx); st[0].Err != "" || st[0].Contacts != 2 {
				t.Fatalf("sync: %+v", st[0])
			}
			if m, ok := d.Lookup("8 495 765-43-21"); !ok || m.Name != "Иван Петров" {
				t.Errorf("lookup: %+v %v", m, ok)
			}
			untrusted := cfg
			untrusted.CAFile = ""
			ud, _ := serverDir(t, untrusted, env)
			st := ud.SyncNow(ctx)
			var ce *CertError
			if _, _, err := ud.slots[0].src.Sync(ctx, ud.canon); !errors.As(err, &ce) {
				t.Errorf("an untrusted certificate: %v; want a CertError", err)
			}
			if !strings.Contains(st[0].Err, "certificate is not trusted") || !strings.Contains(st[0].Err, "ca_file") {
				t.Errorf("status without ca_file: %+v", st[0])
			}
			// ca_file added to the same book: the new settings are used.
			fixed, err := NewSource(cfg, env)
			if err != nil {
				t.Fatal(err)
			}
			ud.Configure("RU", []Source{fixed})
			if st := ud.SyncNow(ctx); st[0].Err != "" || st[0].Contacts != 2 {
				t.Errorf("after ca_file was set: %+v", st[0])
			}
		})
	}
	// StartTLS on a server URL that is TLS already is refused before dialing.
	both := ldaps
	both.StartTLS = true
	if err := both.Validate(); !errors.Is(err, ErrInvalidSource) {
		t.Errorf("ldaps with StartTLS: %v", err)
	}
	bad := starttls
	bad.CAFile = testkit.WriteTemp(t, "not.pem", "not a certificate")
	if st := mustDir(t, bad).SyncNow(ctx); !strings.Contains(st[0].Err, "holds no PEM certificate") {
		t.Errorf("a ca_file without certificates: %+v", st[0])
	}
}

func mustDir(t *testing.T, cfg SourceConfig) *Directory {
	t.Helper()
	d, _ := serverDir(t, cfg, (&secret{value: "x"}).env(t))
	return d
}

// CardDAV over https:// with a self-signed certificate trusted through
// ca_file; without it, words that name the setting.
func TestCardDAVOverHTTPS(t *testing.T) {
	r := contactstest.StartRadicaleTLS(t, map[string]string{
		"ivan.vcf": card("ivan", "Иван Петров", "8 (495) 765-43-21", "20240101T000000Z"),
	})
	pass := &secret{value: r.Password}
	cfg := SourceConfig{Name: "Work", URL: r.URL, Username: r.User, CAFile: r.CAFile}
	d, _ := serverDir(t, cfg, pass.env(t))
	if st := d.SyncNow(context.Background()); st[0].Err != "" || st[0].Contacts != 1 {
		t.Fatalf("sync: %+v", st[0])
	}
	if m, ok := d.Lookup("+74957654321"); !ok || m.Name != "Иван Петров" {
		t.Errorf("lookup: %+v", m)
	}
	cfg.CAFile = ""
	d, _ = serverDir(t, cfg, pass.env(t))
	var ce *CertError
	if _, _, err := d.slots[0].src.Sync(context.Background(), d.canon); !errors.As(err, &ce) || !strings.Contains(err.Error(), "set ca_file") {
		t.Errorf("without ca_file: %v", err)
	}
}
