package phonesim

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/testkit"
)

// webClient posts forms like the phone's own web page: Referer, Origin,
// cookies.
type webClient struct {
	t    *testing.T
	base string
	http *http.Client
}

func newWebClient(t *testing.T, base string) *webClient {
	jar, _ := cookiejar.New(nil)
	return &webClient{t: t, base: base, http: &http.Client{Jar: jar}}
}

func (c *webClient) post(fn string, form url.Values) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.base+"/cgi-bin/"+fn, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Referer", c.base+"/")
	req.Header.Set("Origin", c.base)
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

type loginBody struct {
	Response string `json:"response"`
	Body     struct {
		SID  string `json:"sid"`
		Role string `json:"role"`
		Ver  string `json:"ver"`
		MAC  string `json:"mac"`
	} `json:"body"`
}

func (c *webClient) login(user, pass string) loginBody {
	c.t.Helper()
	status, body := c.post("dologin", url.Values{"username": {user}, "password": {pass}})
	var lb loginBody
	if status != http.StatusOK || jsonUnmarshal(body, &lb) != nil || lb.Response != "success" || lb.Body.SID == "" {
		c.t.Fatalf("login = %d %s", status, body)
	}
	return lb
}

func TestWebPlainLoginValuesAndLogout(t *testing.T) {
	p, base := newPhone(t, Options{})
	c := newWebClient(t, base)
	lb := c.login("admin", testPass)
	if lb.Body.Role != "admin" || lb.Body.Ver != "1.0.11.79" || lb.Body.MAC != "000B82A1B2C3" {
		t.Fatalf("login body = %+v", lb.Body)
	}
	u, _ := url.Parse(base)
	names := map[string]bool{}
	for _, ck := range c.http.Jar.Cookies(u) {
		names[ck.Name] = true
	}
	if !names["session-identity"] || !names["session-role"] {
		t.Fatalf("cookies = %v, want session-identity and session-role", names)
	}
	sid := lb.Body.SID
	_, body := c.post("api.values.get", url.Values{"request": {"P3:phone_model:P8310"}, "sid": {sid}})
	if body != `{"response":"success","body":{"P3":"Office","P8310":"","phone_model":"GXP2170"}}` {
		t.Fatalf("values.get = %s", body)
	}
	_, body = c.post("api.values.post", url.Values{"P8310": {"http://pc/x"}, "sid": {sid}})
	if body != `{"response":"success","body":{"status":"right"}}` || p.Value("P8310") != "http://pc/x" {
		t.Fatalf("values.post = %s, P8310 = %q", body, p.Value("P8310"))
	}
	// The plain family reads sid from the form: the cookie alone is not enough.
	_, body = c.post("api.values.get", url.Values{"request": {"P3"}})
	if !strings.Contains(body, "session-expired") {
		t.Fatalf("without sid = %s", body)
	}
	c.post("dologout", url.Values{"sid": {sid}})
	if p.WebSessions() != 0 {
		t.Fatalf("%d sessions after logout", p.WebSessions())
	}
	if _, body = c.post("api.values.get", url.Values{"request": {"P3"}, "sid": {sid}}); !strings.Contains(body, "session-expired") {
		t.Fatalf("after logout = %s", body)
	}
	for _, r := range p.WebRequests() {
		if strings.Contains(r.Form, testPass) || strings.Contains(r.Form, sid) {
			t.Fatalf("secret in the request log: %+v", r)
		}
	}
}

func TestWebWrongPasswordCountsDownAndLocks(t *testing.T) {
	p, base := newPhone(t, Options{})
	c := newWebClient(t, base)
	for _, want := range []string{"wrong4", "wrong3", "wrong2", "wrong1"} {
		_, body := c.post("dologin", url.Values{"username": {"admin"}, "password": {"nope"}})
		if body != `{"response":"error","body":"`+want+`"}` {
			t.Fatalf("got %s, want %s", body, want)
		}
	}
	_, body := c.post("dologin", url.Values{"username": {"admin"}, "password": {"nope"}})
	if body != `{"response":"error","body":"locked","lockTime":5}` || !p.Locked() {
		t.Fatalf("fifth failure = %s (locked %v)", body, p.Locked())
	}
	// Locked: even the right password is refused, and CTI too.
	if _, body = c.post("dologin", url.Values{"username": {"admin"}, "password": {testPass}}); !strings.Contains(body, "locked") {
		t.Fatalf("right password while locked = %s", body)
	}
	if st, _ := call(t, base, "api-get_phone_status", ""); st != http.StatusUnauthorized {
		t.Fatalf("CTI while locked = %d", st)
	}
}

func TestWebUserNotAllowed(t *testing.T) {
	_, base := newPhone(t, Options{})
	c := newWebClient(t, base)
	_, body := c.post("dologin", url.Values{"username": {"user"}, "password": {"x"}})
	if body != `{"response":"error","body":"user is not allow"}` {
		t.Fatalf("got %s", body)
	}
}

func TestWebChallengeLoginExpiryAndRefresh(t *testing.T) {
	clock := testkit.NewClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	p, base := newPhone(t, Options{WebFamily: WebChallenge, Now: clock.Now})
	c := newWebClient(t, base)
	// The plain password is not what this family wants.
	if _, body := c.post("dologin", url.Values{"username": {"admin"}, "password": {testPass}}); body != `{"response":"error","body":"wrong4"}` {
		t.Fatalf("plain password on the challenge family = %s", body)
	}
	p.Unlock()
	_, body := c.post("access", url.Values{"access": {sha256hex("admin")}})
	var nonce struct{ Body string }
	if jsonUnmarshal(body, &nonce) != nil || len(nonce.Body) != 32 {
		t.Fatalf("access = %s", body)
	}
	lb := c.login("admin", sha256hex(testPass+nonce.Body))
	if lb.Body.Role != sha256hex("admin"+lb.Body.SID) {
		t.Fatalf("role = %q, want sha256hex(role+sid)", lb.Body.Role)
	}
	get := func() int {
		st, _ := c.post("api.values.get", url.Values{"request": {"P3"}})
		return st
	}
	clock.Add(50 * time.Second)
	if st := get(); st != http.StatusOK {
		t.Fatalf("after 50 s: %d", st)
	}
	c.post("dorefresh", nil)
	clock.Add(50 * time.Second) // 100 s after login, 50 s after the refresh
	if st := get(); st != http.StatusOK {
		t.Fatalf("50 s after dorefresh: %d", st)
	}
	clock.Add(11 * time.Second) // 61 s without dorefresh: other requests do not count
	if st := get(); st != http.StatusUnauthorized {
		t.Fatalf("61 s without dorefresh: %d, want 401", st)
	}
}

func TestWebOneSessionPerAccount(t *testing.T) {
	p, base := newPhone(t, Options{})
	person, tray := newWebClient(t, base), newWebClient(t, base)
	first := person.login("admin", testPass).Body.SID
	tray.login("admin", testPass)
	if _, body := person.post("api.values.get", url.Values{"request": {"P3"}, "sid": {first}}); !strings.Contains(body, "session-expired") {
		t.Fatalf("the first session survived a second login: %s", body)
	}
	if p.Takeovers() != 1 || p.WebSessions() != 1 {
		t.Fatalf("takeovers %d, sessions %d", p.Takeovers(), p.WebSessions())
	}
}

func TestWebValueLimitAndIgnoredWrites(t *testing.T) {
	p, base := newPhone(t, Options{})
	c := newWebClient(t, base)
	sid := c.login("admin", testPass).Body.SID
	p.SetValue("P8311", "old")
	long := "http://pc/" + strings.Repeat("x", MaxValueLen)
	if _, body := c.post("api.values.post", url.Values{"P8311": {long}, "sid": {sid}}); !strings.Contains(body, "right") {
		t.Fatalf("long write = %s", body)
	}
	if p.Value("P8311") != "old" {
		t.Fatalf("a value over %d characters was kept: %q", MaxValueLen, p.Value("P8311"))
	}
	p.SetIgnoreWrites(true)
	c.post("api.values.post", url.Values{"P8311": {"new"}, "sid": {sid}})
	if p.Value("P8311") != "old" {
		t.Fatalf("ignored write changed the value to %q", p.Value("P8311"))
	}
}

func TestWebHeadersLengthAndHTML(t *testing.T) {
	p, base := newPhone(t, Options{})
	// No Referer/Origin: 403.
	resp, err := http.PostForm(base+"/cgi-bin/dologin", url.Values{"username": {"admin"}, "password": {testPass}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || p.WebSessions() != 0 {
		t.Fatalf("without Referer/Origin: %d, %d sessions", resp.StatusCode, p.WebSessions())
	}
	// An empty POST without Content-Length: 411.
	req := httptest.NewRequest(http.MethodPost, "/cgi-bin/dologin", nil)
	req.Header.Set("Referer", "http://example.com/")
	req.Header.Set("Origin", "http://example.com")
	rec := httptest.NewRecorder()
	p.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusLengthRequired {
		t.Fatalf("empty POST = %d, want 411", rec.Code)
	}
	p.SetWebHTML(true)
	c := newWebClient(t, base)
	if _, body := c.post("dologin", url.Values{"username": {"admin"}, "password": {testPass}}); !strings.HasPrefix(body, "<!DOCTYPE html>") {
		t.Fatalf("HTML mode = %s", body)
	}
}

func TestWebChallengeConfigDND(t *testing.T) {
	p, base := newPhone(t, Options{WebFamily: WebChallenge})
	c := newWebClient(t, base)
	_, body := c.post("access", url.Values{"access": {sha256hex("admin")}})
	var nonce struct{ Body string }
	_ = jsonUnmarshal(body, &nonce)
	c.login("admin", sha256hex(testPass+nonce.Body))
	req, _ := http.NewRequest(http.MethodPut, base+"/cgi-bin/config_update", strings.NewReader(`{"alias":{},"pvalue":{":dnd":"1"}}`))
	req.Header.Set("Referer", base+"/")
	req.Header.Set("Origin", base)
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !p.Audio().DND {
		t.Fatal("config_update :dnd=1 did not switch DND on")
	}
	_, body = c.post("config_get", url.Values{"pvalues": {":dnd,8310"}})
	if body != `{"response":"success","body":{"configs":[{"alias":"dnd","pvalue":":dnd","value":"1"},{"alias":"","pvalue":"8310","value":""}]}}` {
		t.Fatalf("config_get = %s", body)
	}
}

func TestWebPlainFamilyHasNoChallengeOrConfig(t *testing.T) {
	_, base := newPhone(t, Options{})
	c := newWebClient(t, base)
	for _, fn := range []string{"access", "config_get"} {
		if st, _ := c.post(fn, url.Values{"x": {"1"}}); st != http.StatusNotFound {
			t.Fatalf("%s on the plain family = %d, want 404", fn, st)
		}
	}
}

// The family is switched over the control surface too (for a phone run by
// `gxptray phonesim`): the open sessions end, the new family's login works
// and the old one's does not.
func TestWebFamilySwitchedByControl(t *testing.T) {
	p, base := newPhone(t, Options{})
	c := newWebClient(t, base)
	sid := c.login("admin", testPass).Body.SID
	wantSim(t, base, "/sim/web?family=challenge", 200, `{"web_family":"challenge"}`)
	if p.WebFamily() != WebChallenge || p.WebSessions() != 0 {
		t.Fatalf("family %q, %d sessions after the switch", p.WebFamily(), p.WebSessions())
	}
	if st, _ := c.post("api.values.get", url.Values{"request": {"P3"}, "sid": {sid}}); st != http.StatusUnauthorized {
		t.Fatalf("the plain session after the switch: %d, want 401", st)
	}
	if _, body := c.post("dologin", url.Values{"username": {"admin"}, "password": {testPass}}); body != `{"response":"error","body":"wrong4"}` {
		t.Fatalf("a plain login on the challenge family = %s", body)
	}
	p.Unlock()
	_, body := c.post("access", url.Values{"access": {sha256hex("admin")}})
	var nonce struct{ Body string }
	if jsonUnmarshal(body, &nonce) != nil || nonce.Body == "" {
		t.Fatalf("access = %s", body)
	}
	c.login("admin", sha256hex(testPass+nonce.Body))
	_, state := get(t, base+"/sim/state")
	if !strings.Contains(state, `"web_family":"challenge","web_sessions":1`) {
		t.Fatalf("/sim/state = %s", state)
	}
	wantSim(t, base, "/sim/web?family=none", 200, `{"web_family":"none"}`)
	if st, _ := c.post("dologin", url.Values{"username": {"admin"}, "password": {testPass}}); st != http.StatusNotFound {
		t.Fatalf("dologin without a web API = %d", st)
	}
	wantSim(t, base, "/sim/web?family=plain", 200, `{"web_family":"plain"}`)
	c.login("admin", testPass)
	wantSim(t, base, "/sim/web?family=gxp", 400, `{"error":"family must be plain, challenge or none"}`)
	if p.WebFamily() != WebPlain {
		t.Fatalf("a bad family changed it to %q", p.WebFamily())
	}
}

// The plain family ends idle sessions too; the admin and user accounts have
// a session each (one per account, not one per phone).
func TestWebPlainExpiryAndSessionPerAccount(t *testing.T) {
	clock := testkit.NewClock(time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC))
	p, base := newPhone(t, Options{UserPassword: "user-pass", Now: clock.Now})
	admin, user := newWebClient(t, base), newWebClient(t, base)
	asid := admin.login("admin", testPass).Body.SID
	clock.Add(30 * time.Second)
	usid := user.login("user", "user-pass").Body.SID
	if p.WebSessions() != 2 || p.Takeovers() != 0 {
		t.Fatalf("%d sessions, %d takeovers; want 2 and 0", p.WebSessions(), p.Takeovers())
	}
	clock.Add(31 * time.Second) // admin: 61 s idle; user: 31 s
	if _, body := admin.post("api.values.get", url.Values{"request": {"P3"}, "sid": {asid}}); !strings.Contains(body, "session-expired") {
		t.Fatalf("admin after 61 s = %s", body)
	}
	if _, body := user.post("api.values.get", url.Values{"request": {"P3"}, "sid": {usid}}); !strings.Contains(body, `"P3":"Office"`) {
		t.Fatalf("user after 31 s = %s", body)
	}
}

// Exactly MaxValueLen characters are kept; one more is dropped.
func TestWebValueLimitBoundary(t *testing.T) {
	p, base := newPhone(t, Options{})
	c := newWebClient(t, base)
	sid := c.login("admin", testPass).Body.SID
	fits := "http://pc/" + strings.Repeat("x", MaxValueLen-len("http://pc/"))
	c.post("api.values.post", url.Values{"P8311": {fits}, "sid": {sid}})
	if p.Value("P8311") != fits {
		t.Fatalf("a value of exactly %d characters was dropped", MaxValueLen)
	}
	c.post("api.values.post", url.Values{"P8311": {fits + "y"}, "sid": {sid}})
	if p.Value("P8311") != fits {
		t.Fatalf("a value of %d characters was kept", MaxValueLen+1)
	}
}

func TestWebExpireEveryWrites(t *testing.T) {
	p, base := newPhone(t, Options{})
	c := newWebClient(t, base)
	p.ExpireSessionsEveryWrites(2)
	var expired []int
	sid := c.login("admin", testPass).Body.SID
	for i, tries := 1, 0; i <= 5 && tries < 10; tries++ {
		_, body := c.post("api.values.post", url.Values{"P8311": {"v" + strconv.Itoa(i)}, "sid": {sid}})
		if strings.Contains(body, "session-expired") {
			expired = append(expired, i) // the write did not happen: again
			sid = c.login("admin", testPass).Body.SID
			continue
		}
		i++
	}
	// Writes 1-2 go through, the session ends; 3 is refused, logged in
	// again, 3-4; refused; 5.
	if len(expired) != 2 || expired[0] != 3 || expired[1] != 5 || p.Value("P8311") != "v5" {
		t.Fatalf("expired at writes %v, P8311 %q", expired, p.Value("P8311"))
	}
}
