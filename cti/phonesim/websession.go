package phonesim

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// WebFamily selects how the simulated phone's web session logs in (see
// "Newer firmware: web sessions" in the project's protocol notes).
type WebFamily string

// Login families.
const (
	// WebPlain: POST /cgi-bin/dologin with the password in plain text
	// (GXP16xx, GRP26xx, older GXP21xx). Later requests carry sid= in the
	// form; an expired session answers {"body":{"status":"session-expired"}}.
	WebPlain WebFamily = "plain"
	// WebChallenge: POST /cgi-bin/access for a nonce, then dologin with
	// sha256hex(password+nonce) (GXP2170 1.0.11.x, WP8xx). Later requests
	// carry the session-identity cookie; an expired session answers HTTP
	// 401. It also has config_get/config_update with the runtime key :dnd.
	WebChallenge WebFamily = "challenge"
	// WebNone: firmware without the web session API (every web function 404).
	WebNone WebFamily = "none"
)

// Web session limits.
const (
	// DefaultSessionIdle: a session ends this long after its login or last
	// dorefresh.
	DefaultSessionIdle = 60 * time.Second
	// MaxValueLen: longer P-values are dropped silently (the write answers
	// success and the old value stays), as real phones do.
	MaxValueLen = 256
	lockMinutes = 5
)

// webState is the web side of the phone. Guarded by Phone.mu.
type webState struct {
	family       WebFamily
	sessions     map[string]*webSession // by user: one session per account
	nonces       map[string]string      // by user: the nonce of the last access
	html         bool                   // dologin/access answer a login page
	ignoreWrites bool                   // writes answer success and change nothing
	ignorePost   bool                   // api.values.post answers success and changes nothing
	expireAfter  int                    // > 0: sessions expire after that many more writes
	expireEvery  int                    // > 0: and again every that many writes after
	passAfter    string                 // then the admin password becomes this ("" keeps it)
	pvalues      map[string]string
	log          []WebRequest
	takeovers    int
}

type webSession struct {
	sid, user, role string
	last            time.Time
}

// WebRequest is one request to a web session function, as the phone saw it.
type WebRequest struct {
	Function  string // "access", "dologin", "dorefresh", "dologout", "api.values.get"...
	Method    string
	Form      string // the form, password and sid values replaced by "***"
	Referer   string
	Origin    string
	SIDInForm bool   // a sid= field came with the request
	SIDCookie bool   // the session-identity cookie came with the request
	Status    int    // HTTP status of the reply
	Result    string // "success", "error", "expired", "forbidden", "html", ...
}

// readOnlyValues are reported but not writable.
var readOnlyValues = map[string]bool{"phone_model": true, "prog_version": true, "mac": true}

// configAliases are the names config_get reports next to P-values (the
// simulator's own: real alias names come from the phone's metaconfig).
var configAliases = map[string]string{":dnd": "dnd", ":unread_vm_1": "unread_vm_1"}

func (p *Phone) initWebLocked() {
	o := p.opt
	fam := o.WebFamily
	if fam == "" {
		fam = WebPlain
	}
	p.web = webState{family: fam, sessions: map[string]*webSession{}, nonces: map[string]string{}, pvalues: map[string]string{}}
	pv := p.web.pvalues
	pv["P3"] = o.Accounts[0].Name
	pv["P270"] = o.Accounts[0].Name
	for i, k := range []string{"P35", "P404", "P504", "P604"} {
		if i < len(o.Accounts) {
			pv[k] = o.Accounts[i].SIPID
		}
	}
	pv["phone_model"] = o.Identity.Product
	pv["prog_version"] = o.Identity.ProgramVersion
	pv["mac"] = o.Identity.MAC
	for ev, pval := range ActionEvents() {
		pv[pval] = o.ActionURLs[ev]
	}
}

// webFunction reports whether name is a web session function of family.
func webFunction(fam WebFamily, name string) bool {
	switch name {
	case "dologin", "dorefresh", "dologout", "api.values.get", "api.values.post":
		return fam != WebNone
	case "access", "config_get", "config_update":
		return fam == WebChallenge
	}
	return false
}

// serveWeb serves one web session function. Caller holds p.mu; it is
// released before the reply is written.
func (p *Phone) serveWeb(w http.ResponseWriter, r *http.Request, name string) {
	wr := WebRequest{Function: name, Method: r.Method, Form: redactForm(r.Form), Referer: r.Referer(), Origin: r.Header.Get("Origin")}
	wr.SIDInForm = r.Form.Get("sid") != ""
	if c, err := r.Cookie("session-identity"); err == nil && c.Value != "" {
		wr.SIDCookie = true
	}
	status, rep, raw := p.webReplyLocked(r, name, &wr)
	wr.Status = status
	p.logWebLocked(wr)
	p.mu.Unlock()
	switch {
	case raw != "":
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, raw)
	case rep == nil:
		http.Error(w, http.StatusText(status), status)
	default:
		if s, ok := rep.(sessionCookies); ok {
			http.SetCookie(w, &http.Cookie{Name: "session-identity", Value: s.sid, Path: "/"})
			http.SetCookie(w, &http.Cookie{Name: "session-role", Value: s.role, Path: "/"})
			// Some phones send a bare, malformed cookie: clients must survive it.
			w.Header().Add("Set-Cookie", "HttpOnly")
			rep = s.reply
		}
		writeJSON(w, status, rep)
	}
}

// sessionCookies is a login reply that also sets the session cookies.
type sessionCookies struct {
	reply     any
	sid, role string
}

func (p *Phone) webReplyLocked(r *http.Request, name string, wr *WebRequest) (int, any, string) {
	post := r.Method == http.MethodPost || r.Method == http.MethodPut
	switch {
	case post && r.Header.Get("Content-Length") == "" && len(r.TransferEncoding) == 0:
		wr.Result = "length-required"
		return http.StatusLengthRequired, nil, ""
	case post && (wr.Referer == "" || wr.Origin == "" || !sameHost(wr.Origin, r.Host)):
		wr.Result = "forbidden"
		return http.StatusForbidden, nil, ""
	case p.web.html && (name == "dologin" || name == "access"):
		wr.Result = "html"
		return http.StatusOK, nil, "<!DOCTYPE html><html><head><title>Login</title></head><body><form action=\"/cgi-bin/dologin\"></form></body></html>"
	}
	switch name {
	case "access":
		return p.accessLocked(r.Form, wr)
	case "dologin":
		return p.loginLocked(r.Form, wr)
	}
	s := p.sessionLocked(r)
	if s == nil {
		wr.Result = "expired"
		if p.web.family == WebChallenge {
			return http.StatusUnauthorized, nil, ""
		}
		return http.StatusOK, failure(map[string]string{"status": "session-expired"}), ""
	}
	wr.Result = "success"
	return p.sessionReplyLocked(r, name, s, wr)
}

// sessionReplyLocked serves a function of an open session.
func (p *Phone) sessionReplyLocked(r *http.Request, name string, s *webSession, wr *WebRequest) (int, any, string) {
	switch name {
	case "dorefresh":
		s.last = p.opt.Now()
		return http.StatusOK, success("refreshed"), ""
	case "dologout":
		delete(p.web.sessions, s.user)
		return http.StatusOK, success("logout"), ""
	case "api.values.get":
		return http.StatusOK, success(p.valuesLocked(strings.Split(r.Form.Get("request"), ":"))), ""
	case "api.values.post":
		for k, v := range r.Form {
			if k != "sid" && len(v) > 0 && !p.web.ignorePost {
				p.writeValueLocked(k, v[0])
			}
		}
		p.wroteLocked()
		return http.StatusOK, success(map[string]string{"status": "right"}), ""
	case "config_get":
		return http.StatusOK, success(map[string]any{"configs": p.configsLocked(r.Form.Get("pvalues"))}), ""
	}
	return p.configUpdateLocked(r, wr)
}

func sameHost(origin, host string) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host == host
}

// accessLocked answers the challenge: access=sha256hex(username) -> nonce.
func (p *Phone) accessLocked(form url.Values, wr *WebRequest) (int, any, string) {
	for _, user := range []string{"admin", "user"} {
		if form.Get("access") == sha256hex(user) {
			nonce := randomHex(16)
			p.web.nonces[user] = nonce
			wr.Result = "success"
			return http.StatusOK, success(nonce), ""
		}
	}
	wr.Result = "error"
	return http.StatusOK, failure("user is not allow"), ""
}

// loginLocked checks a login. Failures count with the CTI passcode's: five
// in a row lock the account.
func (p *Phone) loginLocked(form url.Values, wr *WebRequest) (int, any, string) {
	user := form.Get("username")
	want := p.webPasswordLocked(user)
	if want == "" {
		wr.Result = "not-allowed"
		return http.StatusOK, failure("user is not allow"), ""
	}
	if p.locked {
		p.failedLogins++
		wr.Result = "locked"
		return http.StatusOK, lockedReply(), ""
	}
	given := form.Get("password")
	if p.web.family == WebChallenge {
		nonce := p.web.nonces[user]
		delete(p.web.nonces, user)
		want = sha256hex(want + nonce)
		if nonce == "" {
			want = ""
		}
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(given), []byte(want)) != 1 {
		p.failedLogins++
		p.consecutiveFails++
		if p.consecutiveFails >= lockAfter {
			p.locked = true
			wr.Result = "locked"
			return http.StatusOK, lockedReply(), ""
		}
		wr.Result = "wrong"
		return http.StatusOK, failure("wrong" + strconv.Itoa(lockAfter-p.consecutiveFails)), ""
	}
	p.consecutiveFails = 0
	if _, had := p.web.sessions[user]; had {
		p.web.takeovers++
	}
	s := &webSession{sid: randomHex(16), user: user, role: user, last: p.opt.Now()}
	if p.web.family == WebChallenge {
		s.role = sha256hex(user + s.sid)
	}
	p.web.sessions[user] = s
	wr.Result = "success"
	body := map[string]string{"sid": s.sid, "role": s.role, "ver": p.opt.Identity.ProgramVersion, "mac": p.opt.Identity.MAC}
	return http.StatusOK, sessionCookies{reply: success(body), sid: s.sid, role: s.role}, ""
}

// lockedReply keeps the phone's field order.
func lockedReply() any {
	return struct {
		Response string `json:"response"`
		Body     string `json:"body"`
		LockTime int    `json:"lockTime"`
	}{"error", "locked", lockMinutes}
}

// webPasswordLocked is the password of a web account, "" if it may not log in.
func (p *Phone) webPasswordLocked(user string) string {
	switch user {
	case "admin":
		return p.passcode
	case "user":
		return p.opt.UserPassword
	}
	return ""
}

// sessionLocked finds the request's live session: sid in the form (plain
// family) or the session-identity cookie (challenge family).
func (p *Phone) sessionLocked(r *http.Request) *webSession {
	sid := r.Form.Get("sid")
	if p.web.family == WebChallenge {
		sid = ""
		if c, err := r.Cookie("session-identity"); err == nil {
			sid = c.Value
		}
	}
	if sid == "" {
		return nil
	}
	idle := p.opt.SessionIdle
	for user, s := range p.web.sessions {
		if subtle.ConstantTimeCompare([]byte(s.sid), []byte(sid)) != 1 {
			continue
		}
		if p.opt.Now().Sub(s.last) >= idle {
			delete(p.web.sessions, user)
			return nil
		}
		return s
	}
	return nil
}

func (p *Phone) valuesLocked(keys []string) map[string]string {
	out := map[string]string{}
	for _, k := range keys {
		if k = strings.TrimSpace(k); k != "" {
			out[k] = p.valueLocked(k)
		}
	}
	return out
}

func (p *Phone) valueLocked(k string) string {
	if k == ":dnd" {
		return strconv.Itoa(b2i(p.dnd))
	}
	if k == ":unread_vm_1" {
		return "0"
	}
	return p.web.pvalues[k]
}

// writeValueLocked stores one value the way the phone does: unknown and
// read-only keys, and values over MaxValueLen, are dropped without a word.
func (p *Phone) writeValueLocked(k, v string) {
	if p.web.ignoreWrites || len(v) > MaxValueLen || readOnlyValues[k] {
		return
	}
	if k == ":dnd" {
		on := v == "1"
		if on != p.dnd {
			p.dnd = on
			p.emitDNDLocked()
		}
		return
	}
	if !strings.HasPrefix(k, "P") {
		return
	}
	p.web.pvalues[k] = v
	for ev, pval := range ActionEvents() {
		if pval == k {
			p.setActionLocked(ev, v)
		}
	}
}

// wroteLocked counts a write request for ExpireSessionsAfterWrites.
func (p *Phone) wroteLocked() {
	if p.web.expireAfter <= 0 {
		return
	}
	p.web.expireAfter--
	if p.web.expireAfter == 0 {
		clear(p.web.sessions)
		if p.web.passAfter != "" {
			p.passcode = p.web.passAfter
		}
		p.web.expireAfter = p.web.expireEvery
	}
}

type configEntry struct {
	Alias  string `json:"alias"`
	PValue string `json:"pvalue"`
	Value  string `json:"value"`
}

// configsLocked answers config_get?pvalues=8310,:dnd (P-values without the P).
func (p *Phone) configsLocked(list string) []configEntry {
	out := []configEntry{}
	for _, k := range strings.Split(list, ",") {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		key := k
		if !strings.HasPrefix(k, ":") {
			key = "P" + strings.TrimPrefix(k, "P")
		}
		out = append(out, configEntry{Alias: configAliases[key], PValue: strings.TrimPrefix(k, "P"), Value: p.valueLocked(key)})
	}
	return out
}

// configUpdateLocked: PUT with JSON {"alias":{...},"pvalue":{"35":"203"}}.
func (p *Phone) configUpdateLocked(r *http.Request, wr *WebRequest) (int, any, string) {
	if r.Method != http.MethodPut {
		wr.Result = "error"
		return http.StatusOK, failure("method"), ""
	}
	var body struct {
		Alias  map[string]string `json:"alias"`
		PValue map[string]string `json:"pvalue"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, maxFormBytes)).Decode(&body); err != nil {
		wr.Result = "error"
		return http.StatusOK, failure("failed"), ""
	}
	byAlias := map[string]string{}
	for k, a := range configAliases {
		byAlias[a] = k
	}
	for a, v := range body.Alias {
		if k, ok := byAlias[a]; ok {
			p.writeValueLocked(k, v)
		}
	}
	for k, v := range body.PValue {
		if !strings.HasPrefix(k, ":") {
			k = "P" + strings.TrimPrefix(k, "P")
		}
		p.writeValueLocked(k, v)
	}
	p.wroteLocked()
	wr.Result = "success"
	return http.StatusOK, success(map[string]string{"status": "right"}), ""
}

func (p *Phone) logWebLocked(wr WebRequest) {
	if len(p.counts) < 100 || p.counts[wr.Function] > 0 {
		p.counts[wr.Function]++
	}
	p.web.log = append(p.web.log, wr)
	if len(p.web.log) > maxLog {
		p.web.log = p.web.log[len(p.web.log)-maxLog:]
	}
	p.changedLocked()
}

// redactForm renders a form with password and sid values hidden, keys sorted.
func redactForm(f url.Values) string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, v := range f[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			if lk := strings.ToLower(k); lk == "password" || lk == "passcode" || lk == "sid" {
				v = "***"
			}
			b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v))
		}
	}
	return truncate(b.String(), maxLoggedQuery)
}

func sha256hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
