package phonesim

import (
	"maps"
	"slices"
)

// Go controls of the web session side (see websession.go).

// WebRequests returns the web session requests received so far, oldest first.
func (p *Phone) WebRequests() []WebRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.web.log)
}

// WebLogins counts the web session logins (dologin requests) received so
// far, right or wrong.
func (p *Phone) WebLogins() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, r := range p.web.log {
		if r.Function == "dologin" {
			n++
		}
	}
	return n
}

// SetWebFamily switches the login family (sessions open so far end).
func (p *Phone) SetWebFamily(f WebFamily) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.web.family = f
	clear(p.web.sessions)
	clear(p.web.nonces)
	p.changedLocked()
}

// SetWebHTML makes access and dologin answer an HTML login page, as a
// phone behind a captive portal or with another web server would.
func (p *Phone) SetWebHTML(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.web.html = on
}

// SetIgnoreWrites makes every write answer success and keep the old value.
func (p *Phone) SetIgnoreWrites(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.web.ignoreWrites = on
}

// SetIgnoreValuesPost makes api.values.post answer success and keep the old
// values while config_update (challenge family) still writes: firmware
// whose older write path is a no-op.
func (p *Phone) SetIgnoreValuesPost(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.web.ignorePost = on
}

// ExpireSessionsAfterWrites ends every open session right after the n-th
// next write request (0: never), as if the keep-alive had been missed. A
// non-empty thenPasscode becomes the admin password at that moment (someone
// changed it meanwhile).
func (p *Phone) ExpireSessionsAfterWrites(n int, thenPasscode string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.web.expireAfter = n
	p.web.expireEvery = 0
	p.web.passAfter = thenPasscode
}

// ExpireSessionsEveryWrites ends every open session right after every n-th
// write request from now on (0: never), as a person who keeps logging in to
// the phone's web page with the same account would.
func (p *Phone) ExpireSessionsEveryWrites(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.web.expireAfter = n
	p.web.expireEvery = n
	p.web.passAfter = ""
}

// WebFamily is the login family the phone has now.
func (p *Phone) WebFamily() WebFamily {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.web.family
}

// Value returns a P-value ("P8310") or runtime key (":dnd").
func (p *Phone) Value(key string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.valueLocked(key)
}

// SetValue sets a P-value as the phone's own web page would (no length check).
func (p *Phone) SetValue(key, value string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.web.pvalues[key] = value
	for ev, pval := range ActionEvents() {
		if pval == key {
			p.setActionLocked(ev, value)
		}
	}
	p.changedLocked()
}

// Values returns a copy of every stored P-value.
func (p *Phone) Values() map[string]string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return maps.Clone(p.web.pvalues)
}

// WebSessions is the number of web sessions open now.
func (p *Phone) WebSessions() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.web.sessions)
}

// Takeovers counts logins that ended another session of the same account
// (the person logged out of the phone's web page).
func (p *Phone) Takeovers() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.web.takeovers
}

// SetDND switches Do Not Disturb as the phone's own key would, sending the
// DND Action URL when one is set.
func (p *Phone) SetDND(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dnd != on {
		p.dnd = on
		p.emitDNDLocked()
		p.changedLocked()
	}
}

// setActionLocked (re)configures the Action URL of event from a stored
// value; "" removes it. Caller holds p.mu.
func (p *Phone) setActionLocked(event, value string) {
	if value == "" {
		delete(p.actions, event)
		return
	}
	t, err := parseActionURL(value)
	if err != nil {
		p.log.Warn("ignoring Action URL", "event", event, "err", err)
		delete(p.actions, event)
		return
	}
	p.actions[event] = t
}

func (p *Phone) emitDNDLocked() {
	ev := "dnd_off"
	if p.dnd {
		ev = "dnd_on"
	}
	p.emitLocked(ev, p.lines[p.selected-1])
}
