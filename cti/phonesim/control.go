package phonesim

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// simState is the reply of /sim/state.
type simState struct {
	PhoneStatus  string         `json:"phone_status"`
	Lines        []wireLine     `json:"lines"`
	Selected     int            `json:"selected"`
	Rebooting    bool           `json:"rebooting"`
	Locked       bool           `json:"locked"`
	FailedLogins int            `json:"failed_logins"`
	MakeCall     bool           `json:"make_call"`
	Audio        Audio          `json:"audio"`
	DTMF         string         `json:"dtmf"`
	KeysReceived []string       `json:"keys_received"`
	KeysPending  int            `json:"keys_pending"`
	Overlaps     int            `json:"overlaps"`
	Dialed       []string       `json:"dialed"`
	Requests     map[string]int `json:"requests"`
	WebFamily    WebFamily      `json:"web_family"`
	WebSessions  int            `json:"web_sessions"`
}

type simError struct {
	Error string `json:"error"`
}

// serveSim is the control surface: no passcode, JSON replies, GET or POST
// (POST only for /sim/passcode, so the passcode never sits in a URL).
func (p *Phone) serveSim(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		simFail(w, http.StatusMethodNotAllowed, "use GET or POST")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		simFail(w, http.StatusBadRequest, "cannot parse the parameters: "+err.Error())
		return
	}
	switch strings.TrimPrefix(r.URL.Path, "/sim/") {
	case "state":
		writeJSON(w, http.StatusOK, p.simState())
	case "ring":
		if !r.Form.Has("number") {
			simFail(w, http.StatusBadRequest, "missing number")
			return
		}
		n, err := p.Ring(r.Form.Get("number"), r.Form.Get("name"))
		if err != nil {
			simErr(w, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]int{"line": n})
	case "answer":
		p.simLineOp(w, r, p.RemoteAnswer)
	case "hangup":
		p.simLineOp(w, r, p.RemoteHangup)
	case "makecall":
		on, ok := parseBool01(r.Form.Get("enabled"))
		if !ok {
			simFail(w, http.StatusBadRequest, "enabled must be 0 or 1")
			return
		}
		p.SetMakeCall(on)
		writeJSON(w, http.StatusOK, map[string]bool{"make_call": on})
	case "passcode":
		if r.Method != http.MethodPost || !r.PostForm.Has("value") {
			simFail(w, http.StatusBadRequest, "POST a form with value=<new passcode>")
			return
		}
		if err := checkText(r.PostForm.Get("value"), 256); err != nil {
			simFail(w, http.StatusBadRequest, "invalid passcode: "+err.Error())
			return
		}
		p.SetPasscode(r.PostForm.Get("value"))
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
	case "web":
		p.simWeb(w, r)
	case "unlock":
		p.Unlock()
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
	case "reboot":
		if err := p.Reboot(); err != nil {
			simErr(w, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
	default:
		simFail(w, http.StatusNotFound, "unknown control; try /sim/state, ring, answer, hangup, makecall, passcode, web, unlock, reboot")
	}
}

// simWeb switches the web session's login family: /sim/web?family=challenge.
func (p *Phone) simWeb(w http.ResponseWriter, r *http.Request) {
	f := WebFamily(r.Form.Get("family"))
	if f != WebPlain && f != WebChallenge && f != WebNone {
		simFail(w, http.StatusBadRequest, "family must be plain, challenge or none")
		return
	}
	p.SetWebFamily(f)
	writeJSON(w, http.StatusOK, map[string]WebFamily{"web_family": f})
}

func (p *Phone) simLineOp(w http.ResponseWriter, r *http.Request, op func(int) error) {
	n, err := strconv.Atoi(r.Form.Get("line"))
	if err != nil {
		simFail(w, http.StatusBadRequest, "line must be a line number")
		return
	}
	if err := op(n); err != nil {
		simErr(w, err)
		return
	}
	l := p.Line(n)
	writeJSON(w, http.StatusOK, map[string]any{"line": n, "state": l.State})
}

func (p *Phone) simState() simState {
	p.mu.Lock()
	defer p.mu.Unlock()
	return simState{
		PhoneStatus:  string(p.phoneStatusLocked()),
		Lines:        p.wireLinesLocked(),
		Selected:     p.selected,
		Rebooting:    p.rebooting,
		Locked:       p.locked,
		FailedLogins: p.failedLogins,
		MakeCall:     p.makeCall,
		Audio:        Audio{Muted: p.mute, DND: p.dnd, Volume: p.volume, Speaker: p.speaker, Headset: p.headset},
		DTMF:         p.dtmf,
		KeysReceived: append([]string{}, p.keys...),
		KeysPending:  len(p.keyQueue),
		Overlaps:     p.overlaps,
		Dialed:       append([]string{}, p.dialed...),
		Requests:     p.countsCopyLocked(),
		WebFamily:    p.web.family,
		WebSessions:  len(p.web.sessions),
	}
}

func (p *Phone) countsCopyLocked() map[string]int {
	out := make(map[string]int, len(p.counts))
	for k, v := range p.counts {
		out[k] = v
	}
	return out
}

func parseBool01(s string) (bool, bool) {
	switch s {
	case "1", "true", "on":
		return true, true
	case "0", "false", "off":
		return false, true
	}
	return false, false
}

func simFail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, simError{Error: msg})
}

// simErr maps control API errors: bad input is 400, a phone that cannot do
// it right now is 409, a closed phone 503.
func simErr(w http.ResponseWriter, err error) {
	status := http.StatusConflict
	switch {
	case errors.Is(err, ErrBadArgument), errors.Is(err, ErrNoSuchLine):
		status = http.StatusBadRequest
	case errors.Is(err, ErrClosed):
		status = http.StatusServiceUnavailable
	}
	simFail(w, status, fmt.Sprint(err))
}
