package phonesim

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gxptray/gxptray/cti"
)

// lockAfter failed logins in a row lock the account, as on real phones.
const lockAfter = 5

// Limits on text the phone accepts from outside.
const (
	maxNumberLen = 64
	maxNameLen   = 512
	maxFormBytes = 64 << 10
)

// reply is the CTI answer envelope. Field order is the phone's.
type reply struct {
	Response string  `json:"response"`
	Body     any     `json:"body"`
	Misc     *string `json:"misc,omitempty"`
}

func success(body any) reply { return reply{Response: "success", Body: body} }
func failure(body any) reply { return reply{Response: "error", Body: body} }

// wireLine is a line status object exactly as the phone writes it: 0/1
// integers, acct a number (or "" on idle lines of some firmware).
type wireLine struct {
	Line         int    `json:"line"`
	State        string `json:"state"`
	Acct         any    `json:"acct"`
	Active       int    `json:"active"`
	RemoteName   string `json:"remotename"`
	RemoteNumber string `json:"remotenumber"`
	Conf         int    `json:"conf"`
}

type wireAccount struct {
	ID        int    `json:"id"`
	SIPServer string `json:"sip_server"`
	SIPID     string `json:"sip_id"`
	Name      string `json:"name"`
	Reg       int    `json:"reg"`
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Handler serves the CTI API under /cgi-bin/ and the control surface under
// /sim/. While the phone reboots, CTI requests get their connection closed
// without an answer (clients see a network error, as with an unreachable
// phone); if the connection cannot be taken over (HTTP/2, a
// ResponseRecorder) they get 503 instead. Listen goes further and refuses
// connections. /sim/ keeps answering during a reboot.
func (p *Phone) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/cgi-bin/", p.serveCGI)
	mux.HandleFunc("/sim/", p.serveSim)
	return mux
}

type cgiFunc func(p *Phone, form url.Values) reply

func cgiFunction(name string) cgiFunc {
	switch name {
	case "api-get_line_status":
		return (*Phone).lineStatusLocked
	case "api-get_phone_status":
		return func(p *Phone, _ url.Values) reply {
			misc := "0"
			return reply{Response: "success", Body: string(p.phoneStatusLocked()), Misc: &misc}
		}
	case "api-get_accounts":
		return (*Phone).accountsLocked
	case "api-send_key":
		return (*Phone).sendKeyLocked
	case "api-phone_operation":
		return (*Phone).phoneOperationLocked
	case "api-sys_operation":
		return (*Phone).sysOperationLocked
	case "api-make_call":
		return (*Phone).makeCallLocked
	}
	return nil
}

func (p *Phone) serveCGI(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/cgi-bin/")
	fn := cgiFunction(name)
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	// A malformed pair does not stop the others from being parsed, which is
	// as lenient as the phone's CGI.
	_ = r.ParseForm()

	p.mu.Lock()
	switch {
	case p.closed:
		p.mu.Unlock()
		http.Error(w, "phone closed", http.StatusServiceUnavailable)
		return
	case p.rebooting:
		p.mu.Unlock()
		dropConnection(w)
		return
	case fn == nil && webFunction(p.web.family, name):
		p.serveWeb(w, r, name)
		return
	case fn == nil:
		p.logRequestLocked(name, r.URL.RawQuery, http.StatusNotFound, "")
		p.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	var rep reply
	status := http.StatusOK
	if !p.authorizeLocked(name, r.Form) {
		rep = failure("unauthorized")
		if !p.opt.UnauthorizedOK {
			status = http.StatusUnauthorized
		}
		p.logRequestLocked(name, r.URL.RawQuery, status, "unauthorized")
	} else {
		rep = fn(p, r.Form)
		p.settleLocked()
		p.logRequestLocked(name, r.URL.RawQuery, status, rep.Response)
	}
	p.mu.Unlock()
	writeJSON(w, status, rep)
}

// authorizeLocked checks the passcode and counts failures. The GXP form of
// api-make_call carries it as password=.
func (p *Phone) authorizeLocked(fn string, form url.Values) bool {
	given, ok := form["passcode"]
	if !ok && fn == "api-make_call" {
		given, ok = form["password"]
	}
	good := ok && len(given) > 0 && p.passcode != "" &&
		subtle.ConstantTimeCompare([]byte(given[0]), []byte(p.passcode)) == 1
	if good && !p.locked {
		p.consecutiveFails = 0
		return true
	}
	p.failedLogins++
	p.consecutiveFails++
	if p.consecutiveFails >= lockAfter && !p.locked {
		p.locked = true
		p.log.Warn("account locked after failed logins", "failures", p.consecutiveFails)
	}
	return false
}

// dropConnection closes the client's connection without an answer, which is
// what a client of a rebooting phone sees (short of a refused connection).
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		w.Header().Set("Retry-After", "20")
		http.Error(w, "phone rebooting", http.StatusServiceUnavailable)
		return
	}
	conn.Close()
}

// writeJSON writes v compactly, without escaping <, > and & (the phone does
// not) and without a trailing newline.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func (p *Phone) lineStatusLocked(url.Values) reply {
	return success(p.wireLinesLocked())
}

func (p *Phone) wireLinesLocked() []wireLine {
	body := make([]wireLine, len(p.lines))
	for i, l := range p.lines {
		c := p.ctiLineLocked(l)
		var acct any = int(c.Account)
		if c.Account == cti.NoAccount {
			acct = ""
		}
		body[i] = wireLine{Line: c.Line, State: string(c.State), Acct: acct, Active: b2i(c.Active),
			RemoteName: c.RemoteName, RemoteNumber: c.RemoteNumber}
	}
	return body
}

func (p *Phone) accountsLocked(url.Values) reply {
	body := make([]wireAccount, len(p.opt.Accounts))
	for i, a := range p.opt.Accounts {
		body[i] = wireAccount{ID: a.ID, SIPServer: a.SIPServer, SIPID: a.SIPID, Name: a.Name, Reg: b2i(a.Registered)}
	}
	return success(body)
}

func (p *Phone) sendKeyLocked(form url.Values) reply {
	keys, ok := p.parseKeys(form.Get("keys"))
	if !ok || !p.queueKeysLocked(keys) {
		return failure("failed")
	}
	return success("complete")
}

// phoneOperationLocked: acceptcall/rejectcall act on the ringing line (the
// focused one first); holdcall, endcall and cancel act on the focused line.
func (p *Phone) phoneOperationLocked(form url.Values) reply {
	cur := p.currentLocked()
	ok := false
	switch form.Get("cmd") {
	case "acceptcall":
		if r := p.ringingLocked(); r != nil {
			p.connectLocked(r)
			ok = true
		}
	case "rejectcall":
		if r := p.ringingLocked(); r != nil {
			p.endLocked(r, endRejected)
			ok = true
		}
	case "holdcall":
		ok = p.toggleHoldLocked(cur)
	case "endcall":
		if cur != nil && cur.state != cti.StateRinging {
			p.endLocked(cur, endLocal)
			ok = true
		}
	case "cancel":
		if cur != nil {
			p.hangUpLocked(cur)
			ok = true
		}
	default:
		return failure("failed")
	}
	if !ok {
		return failure(false)
	}
	return success(true)
}

func (p *Phone) sysOperationLocked(form url.Values) reply {
	switch form.Get("request") {
	case "REBOOT":
		p.rebootLocked()
		return success("savereboot")
	case "RESET":
		// A real RESET wipes the configuration; the simulator keeps its
		// passcode and options so a test can carry on.
		p.rebootLocked()
		return success("reset")
	}
	return failure("unknown")
}

// makeCallLocked serves both forms: GRP (passcode, phonenumber[, account])
// and GXP (phonenumber, account, password). account is 0-based in both.
func (p *Phone) makeCallLocked(form url.Values) reply {
	if !p.makeCall {
		return failure("Invalid Request")
	}
	number := form.Get("phonenumber")
	if checkNumber(number) != nil {
		return failure("failed")
	}
	acct := -1
	if s := form.Get("account"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n >= len(p.opt.Accounts) {
			return failure("failed")
		}
		acct = n
	}
	l := p.currentLocked()
	if l == nil {
		l = p.lines[p.selected-1] // every line is idle
	} else if l.state != cti.StateDialing {
		if l = p.firstLocked(cti.StateIdle); l == nil {
			return failure("failed")
		}
	}
	if acct >= 0 {
		l.acct = acct
	}
	p.dialLocked(l, number)
	return success(true)
}

// checkText accepts valid UTF-8 without control characters, up to max bytes.
func checkText(s string, max int) error {
	switch {
	case len(s) > max:
		return errText("too long")
	case !utf8.ValidString(s):
		return errText("not UTF-8")
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return errText("contains control characters")
	}
	return nil
}

// checkNumber accepts what a dial string can hold: non-empty, no spaces.
func checkNumber(s string) error {
	if s == "" {
		return errText("empty")
	}
	if strings.ContainsFunc(s, unicode.IsSpace) {
		return errText("contains spaces")
	}
	return checkText(s, maxNumberLen)
}

type errText string

func (e errText) Error() string { return string(e) }
