// Package contactstest starts real address-book servers for tests, on
// 127.0.0.1 with throwaway data in a temporary folder: Radicale (CardDAV)
// and OpenLDAP's slapd. A test skips when the program is missing, unless
// CONTACTS_REQUIRE is set (CI sets it): then it fails.
package contactstest

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/testkit"
)

// EnvRequire makes a missing server program a failure instead of a skip.
const EnvRequire = "CONTACTS_REQUIRE"

func need(t testing.TB, program string) string {
	t.Helper()
	p, err := exec.LookPath(program)
	if err != nil {
		for _, dir := range []string{"/usr/sbin", "/usr/bin"} {
			if _, serr := os.Stat(filepath.Join(dir, program)); serr == nil {
				return filepath.Join(dir, program)
			}
		}
		if os.Getenv(EnvRequire) != "" {
			t.Fatalf("%s is missing (install it: scripts/deps.sh) and %s is set", program, EnvRequire)
		}
		t.Skipf("%s is not installed (scripts/deps.sh installs it)", program)
	}
	return p
}

// start runs cmd until the test ends and waits until addr accepts
// connections (at most 20 s: a server that does not come up fails the test).
func start(t testing.TB, cmd *exec.Cmd, addr string) {
	t.Helper()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	switch err := waitDial(addr, exited); {
	case errors.Is(err, errExited):
		t.Fatalf("%s exited: %v\n%s", cmd.Path, waitErr, out.String())
	case err != nil:
		t.Fatalf("%s: %v\n%s", cmd.Path, err, out.String())
	}
}

// waitListen waits until a server started by start also listens on addr.
func waitListen(t testing.TB, addr string) {
	t.Helper()
	if err := waitDial(addr, nil); err != nil {
		t.Fatal(err)
	}
}

var errExited = errors.New("the server exited")

// waitDial waits until addr accepts a connection. It gives up after 20 s,
// or with errExited as soon as exited is closed (nil: a server not watched).
func waitDial(addr string, exited <-chan struct{}) error {
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("nothing listens on %s after 20 s", addr)
		}
		select {
		case <-exited:
			return errExited
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Radicale is a running CardDAV server with one user.
type Radicale struct {
	URL            string // http://127.0.0.1:PORT/ (https:// from StartRadicaleTLS)
	CAFile         string // the certificate a client trusts (StartRadicaleTLS only)
	User, Password string
	dir            string
}

// BookPath is the address book the server starts with.
const BookPath = "/alice/contacts/"

// StartRadicale starts Radicale with user alice and an address book
// BookPath holding cards (file name -> vCard text).
func StartRadicale(t testing.TB, cards map[string]string) *Radicale {
	t.Helper()
	return startRadicale(t, cards, nil)
}

// StartRadicaleTLS is StartRadicale on https:// with a throwaway
// self-signed certificate.
func StartRadicaleTLS(t testing.TB, cards map[string]string) *Radicale {
	t.Helper()
	c := SelfSigned(t)
	return startRadicale(t, cards, &c)
}

func startRadicale(t testing.TB, cards map[string]string, cert *Cert) *Radicale {
	t.Helper()
	bin := need(t, "radicale")
	dir := t.TempDir()
	r := &Radicale{User: "alice", Password: "alice-secret", dir: dir}
	addr := testkit.FreeAddr(t)
	r.URL = "http://" + addr + "/"
	book := filepath.Join(dir, "collections", "collection-root", "alice", "contacts")
	must(t, os.MkdirAll(book, 0o700))
	must(t, os.WriteFile(filepath.Join(book, ".Radicale.props"), []byte(`{"tag": "VADDRESSBOOK", "D:displayname": "Work"}`), 0o600))
	for name, body := range cards {
		must(t, os.WriteFile(filepath.Join(book, name), []byte(body), 0o600))
	}
	must(t, os.WriteFile(filepath.Join(dir, "users"), []byte(r.User+":"+r.Password+"\n"), 0o600))
	tlsConf := ""
	if cert != nil {
		r.URL = "https://" + addr + "/"
		r.CAFile = cert.CertFile
		tlsConf = fmt.Sprintf("ssl = True\ncertificate = %s\nkey = %s\n", cert.CertFile, cert.KeyFile)
	}
	conf := fmt.Sprintf(`[server]
hosts = %s
%s[auth]
type = htpasswd
htpasswd_filename = %s
htpasswd_encryption = plain
delay = 0
[rights]
type = owner_only
[storage]
filesystem_folder = %s
[web]
type = none
[logging]
level = warning
`, addr, tlsConf, filepath.Join(dir, "users"), filepath.Join(dir, "collections"))
	cfg := filepath.Join(dir, "config")
	must(t, os.WriteFile(cfg, []byte(conf), 0o600))
	cmd := exec.Command(bin, "--config", cfg)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	start(t, cmd, addr)
	return r
}

// Put stores (or replaces) a card through the server, as another client would.
func (r *Radicale) Put(t testing.TB, name, vcard string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, strings.TrimSuffix(r.URL, "/")+BookPath+name, strings.NewReader(vcard))
	req.SetBasicAuth(r.User, r.Password)
	req.Header.Set("Content-Type", "text/vcard")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("PUT %s: %s", name, resp.Status)
	}
}

// Slapd is a running LDAP server.
type Slapd struct {
	URL      string // ldap://127.0.0.1:PORT
	LDAPSURL string // ldaps://127.0.0.1:PORT2 (StartSlapdTLS only)
	CAFile   string // the certificate a client trusts (StartSlapdTLS only)
	BaseDN   string
	BindDN   string // a reader account
	Password string // its password
	RootDN   string
	RootPW   string
}

const slapdSchema = `attributetype ( 1.3.6.1.4.1.99999.1.1 NAME 'ipPhone'
	DESC 'Active Directory: the IP phone number'
	EQUALITY telephoneNumberMatch SUBSTR telephoneNumberSubstringsMatch
	SYNTAX 1.3.6.1.4.1.1466.115.121.1.50 )
objectclass ( 1.3.6.1.4.1.99999.2.1 NAME 'ipPhoneUser' SUP top AUXILIARY MAY ipPhone )
`

// People are the directory entries the LDAP tests look up: Иван Петров
// with a work number, a mobile and an IP phone extension, Alice Smith with
// a home number only, and an entry with no number at all.
const People = `dn: uid=petrov,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
objectClass: ipPhoneUser
uid: petrov
cn: Petrov Ivan
sn: Petrov
displayName: Иван Петров
telephoneNumber: +7 495 765-43-21
mobile: 8 916 123 45 67
ipPhone: 2031

dn: uid=smith,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
uid: smith
cn: Alice Smith
sn: Smith
homePhone: +1 555 010 0199

dn: uid=nophone,ou=people,dc=example,dc=org
objectClass: inetOrgPerson
uid: nophone
cn: No Phone
sn: Phone
`

// StartSlapd starts slapd with the base dc=example,dc=org, a reader
// account and the entries of ldif (people under ou=people).
func StartSlapd(t testing.TB, ldif string) *Slapd {
	t.Helper()
	return startSlapd(t, ldif, nil)
}

// StartSlapdTLS is StartSlapd with a throwaway self-signed certificate:
// StartTLS on URL, and TLS from the start on LDAPSURL.
func StartSlapdTLS(t testing.TB, ldif string) *Slapd {
	t.Helper()
	c := SelfSigned(t)
	return startSlapd(t, ldif, &c)
}

func startSlapd(t testing.TB, ldif string, cert *Cert) *Slapd {
	t.Helper()
	bin := need(t, "slapd")
	slapadd := need(t, "slapadd")
	dir := t.TempDir()
	s := &Slapd{BaseDN: "dc=example,dc=org", BindDN: "cn=reader,dc=example,dc=org", Password: "reader-secret",
		RootDN: "cn=admin,dc=example,dc=org", RootPW: "admin-secret"}
	must(t, os.MkdirAll(filepath.Join(dir, "db"), 0o700))
	must(t, os.WriteFile(filepath.Join(dir, "ipphone.schema"), []byte(slapdSchema), 0o600))
	conf := fmt.Sprintf(`include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include %[1]s/ipphone.schema
pidfile %[1]s/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "dc=example,dc=org"
rootdn "%[2]s"
rootpw %[3]s
directory %[1]s/db
access to attrs=userPassword by anonymous auth by * none
access to * by dn.exact="%[4]s" read by * none
`, dir, s.RootDN, s.RootPW, s.BindDN)
	if cert != nil {
		conf = fmt.Sprintf("TLSCertificateFile %s\nTLSCertificateKeyFile %s\n", cert.CertFile, cert.KeyFile) + conf
		s.CAFile = cert.CertFile
	}
	cfg := filepath.Join(dir, "slapd.conf")
	must(t, os.WriteFile(cfg, []byte(conf), 0o600))
	base := fmt.Sprintf(`dn: dc=example,dc=org
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: cn=reader,dc=example,dc=org
objectClass: person
cn: reader
sn: reader
userPassword: %s

dn: ou=people,dc=example,dc=org
objectClass: organizationalUnit
ou: people

`, s.Password)
	data := filepath.Join(dir, "data.ldif")
	must(t, os.WriteFile(data, []byte(base+ldif), 0o600))
	if out, err := exec.Command(slapadd, "-f", cfg, "-l", data).CombinedOutput(); err != nil {
		t.Fatalf("slapadd: %v\n%s", err, out)
	}
	addr := testkit.FreeAddr(t)
	s.URL = "ldap://" + addr
	listen := s.URL + "/"
	if cert != nil {
		s.LDAPSURL = "ldaps://" + testkit.FreeAddr(t)
		listen += " " + s.LDAPSURL + "/"
	}
	// -d 0: stay in the foreground, so the test owns the process.
	start(t, exec.Command(bin, "-f", cfg, "-h", listen, "-d", "0"), addr)
	if cert != nil {
		waitListen(t, strings.TrimPrefix(s.LDAPSURL, "ldaps://"))
	}
	return s
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Gate is a reverse proxy in front of a server that counts the answers it
// passes by status and can be shut, to play an unreachable server.
type Gate struct {
	URL string
	srv *httptest.Server
	mu  sync.Mutex
	by  map[int]int
}

// NewGate puts a proxy in front of target (http://host:port/).
func NewGate(t testing.TB, target string) *Gate {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	g := &Gate{by: map[int]int{}}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ModifyResponse = func(resp *http.Response) error {
		g.mu.Lock()
		g.by[resp.StatusCode]++
		g.mu.Unlock()
		return nil
	}
	g.srv = httptest.NewServer(rp)
	g.URL = g.srv.URL + "/"
	t.Cleanup(g.srv.Close)
	return g
}

// Count is how many answers had status code.
func (g *Gate) Count(code int) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.by[code]
}

// Close makes the server unreachable (connections refused).
func (g *Gate) Close() { g.srv.Close() }

// Hang is a server that accepts connections and never answers, until the
// test ends.
func Hang(t testing.TB) string {
	t.Helper()
	return testkit.SilentAddr(t)
}

// ClosedAddr is an address on 127.0.0.1 where nothing listens.
func ClosedAddr(t testing.TB) string {
	return testkit.FreeAddr(t)
}
