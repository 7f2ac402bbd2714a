package service

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// phoneUnit owns everything about one phone of the list: its connection
// (phoneConn: client, monitor), what its web session read (identity, DND,
// the push check), when each of its calls was answered, the
// rejected-password notification, and its ringing calls. A unit is the
// phone at one canonical address: renaming a phone keeps its unit, another
// address is another unit (what was known belonged to the other phone).
//
// The fields under mu are the unit's own; ringing is the event loop's
// alone (no lock). Two phones never share a client, a monitor or a
// request slot: a rejected password stops its phone only.
type phoneUnit struct {
	canon string // canonical address (or the address as given when it is not valid); never changes

	conn phoneConn // the live client and monitor (phoneconn.go); its own lock
	web  webTasks  // serializes this phone's web-session tasks

	mu         sync.Mutex
	name       string
	entry      settings.Phone // address, TLS mode, pin, account as configured
	phone      string         // effective address
	passcode   string         // never logged
	passOther  *settings.OtherPhoneError
	needPass   bool
	confErr    string // why there is no client
	answeredAt map[int]time.Time
	authNotif  notify.ID // the rejected-password notification (0 = none shown)
	webState   webPhone  // what the web session read (webphone.go)
	token      string    // this phone's Action URL token ("" = none yet)
	tokenErr   error     // why it has none

	// ringing are the calls ringing now on this phone, by line: the event
	// loop's alone (calls.go), no lock.
	ringing map[int]*ringCall
}

// webTasks runs one web-session task at a time for its phone.
type webTasks struct{ mu sync.Mutex }

func newUnit(canon string) *phoneUnit {
	return &phoneUnit{canon: canon, ringing: map[int]*ringCall{}}
}

// Name is the phone's name.
func (u *phoneUnit) Name() string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.name
}

// Addr is the phone's effective address.
func (u *phoneUnit) Addr() string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.phone
}

// Token is the phone's Action URL token ("" with why when it has none).
func (u *phoneUnit) Token() (string, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.token, u.tokenErr
}

// phoneSet is the list of units, in the settings' order: the first is the
// default phone. It has a lock of its own; the units have theirs.
type phoneSet struct {
	mu    sync.Mutex
	units []*phoneUnit
}

// List is the units in order.
func (p *phoneSet) List() []*phoneUnit {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*phoneUnit(nil), p.units...)
}

// Default is the default phone's unit (never nil once the service is made).
func (p *phoneSet) Default() *phoneUnit {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.units) == 0 {
		return nil
	}
	return p.units[0]
}

// Several reports whether there is more than one phone: only then do the
// notifications and the history name the phone.
func (p *phoneSet) Several() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.units) > 1
}

// Named is the unit of the phone called name ("" = the default phone);
// names are compared without regard to case, as the settings keep them
// unique.
func (p *phoneSet) Named(name string) (*phoneUnit, error) {
	units := p.List()
	if name == "" && len(units) > 0 {
		return units[0], nil
	}
	known := make([]string, 0, len(units))
	for _, u := range units {
		n := u.Name()
		if settings.SamePhoneName(n, name) {
			return u, nil
		}
		known = append(known, n)
	}
	return nil, &localapi.UnknownPhoneError{Name: name, Known: known}
}

// byToken is the unit whose Action URL token is token.
func (p *phoneSet) byToken(token string) *phoneUnit {
	for _, u := range p.List() {
		if t, _ := u.Token(); t != "" && t == token {
			return u
		}
	}
	return nil
}

// replace installs the new list and returns the units that left it.
func (p *phoneSet) replace(units []*phoneUnit) (gone []*phoneUnit) {
	p.mu.Lock()
	defer p.mu.Unlock()
	keep := map[*phoneUnit]bool{}
	for _, u := range units {
		keep[u] = true
	}
	for _, u := range p.units {
		if !keep[u] {
			gone = append(gone, u)
		}
	}
	p.units = units
	return gone
}

// find is the unit of canonical address canon, nil when none.
func (p *phoneSet) find(canon string) *phoneUnit {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, u := range p.units {
		if u.canon == canon {
			return u
		}
	}
	return nil
}

// unitFor is the unit of the phone a request is for (localapi.PhoneFromContext).
func (s *Service) unitFor(ctx context.Context) (*phoneUnit, error) {
	return s.phones.Named(localapi.PhoneFromContext(ctx))
}

// def is the default phone's unit.
func (s *Service) def() *phoneUnit { return s.phones.Default() }

// phoneLabel prefixes text with the phone's name when there are several
// phones ("Office: Incoming call"); with one phone, text stays as it is.
func (s *Service) phoneLabel(u *phoneUnit, text string) string {
	if u == nil || !s.phones.Several() {
		return text
	}
	return s.t(msgOnPhone, clip(u.Name()), text)
}

// commandClient is the unit's live client for a command (with its
// generation, for noteAuth), or why there is none.
func (s *Service) commandClient(u *phoneUnit) (*cti.Client, uint64, error) {
	c, gen, rejected := u.conn.ForCommand()
	u.mu.Lock()
	defer u.mu.Unlock()
	switch {
	case rejected:
		// Every request with a rejected passcode brings the phone's lockout
		// (5 failures) closer: refuse until the passcode changes.
		return nil, gen, fmt.Errorf("%w: enter the right password in Settings", cti.ErrUnauthorized)
	case c != nil:
		return c, gen, nil
	case u.phone == "":
		return nil, gen, ErrNotConfigured
	case u.passcode == "":
		return nil, gen, ErrNoPasscode
	default:
		return nil, gen, fmt.Errorf("%w: %s", ErrNotConfigured, u.confErr)
	}
}
