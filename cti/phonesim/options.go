package phonesim

import (
	"errors"
	"log/slog"
	"time"

	"github.com/gxptray/gxptray/cti"
)

// Options configures a simulated phone. Every field but Passcode has a
// default that reproduces the seed's phone (an 8-line GXP with two accounts).
type Options struct {
	// Passcode the CTI requests must carry. "" means every request is unauthorized.
	Passcode string
	// Lines is the number of lines (default 8, at most 64).
	Lines int
	// Accounts reported by api-get_accounts (default: two accounts, ids 1 and 2).
	// Line n uses account (n-1) modulo len(Accounts) unless a call says otherwise.
	Accounts []cti.Account
	// KeyInterval is the time between two processed keys of api-send_key (default 1 s).
	KeyInterval time.Duration
	// DisableMakeCall makes api-make_call answer "Invalid Request", like a phone
	// with the Click-To-Dial feature off.
	DisableMakeCall bool
	// RebootDowntime is how long the phone is unreachable after REBOOT or RESET
	// (default 20 s).
	RebootDowntime time.Duration
	// AccountBase is the acct number line status gives the first account: 1 (the
	// seed's phone). Because 0 is the zero value it also selects 1; set
	// ZeroBasedAccounts to simulate a model that counts accounts from 0.
	AccountBase int
	// ZeroBasedAccounts makes line status report acct 0 for the first account.
	ZeroBasedAccounts bool
	// IdleAccountEmpty makes idle lines report "acct":"" as some firmware does.
	IdleAccountEmpty bool
	// UnauthorizedOK answers a rejected passcode with HTTP 200 instead of 401
	// (the body is {"response":"error","body":"unauthorized"} either way).
	UnauthorizedOK bool
	// AutoAnswerAfter, when positive, makes the far end answer every outgoing
	// call after that long.
	AutoAnswerAfter time.Duration
	// FailedTimeout is how long a failed call stays "failed" before the line
	// goes idle by itself (default 5 s).
	FailedTimeout time.Duration
	// ActionURLs maps an event ("incoming", "outgoing", "missed", "established",
	// "terminated", "hold", "unhold", "offhook", "onhook") to a URL template the
	// phone requests when it happens. nil: no Action URL.
	ActionURLs map[string]string
	// WebFamily is how the web session logs in (default WebPlain).
	WebFamily WebFamily
	// UserPassword is the password of the low-privilege "user" web account;
	// "" answers its logins "user is not allow".
	UserPassword string
	// SessionIdle ends a web session that long after its login or last
	// dorefresh, by the Now clock (default DefaultSessionIdle).
	SessionIdle time.Duration
	// Identity fills the Action URL variables that describe the phone itself.
	Identity Identity
	// Logger receives the simulator's own log (default: discarded). The
	// passcode is never logged.
	Logger *slog.Logger
	// Now is the clock used for timestamps (default time.Now). Timers always
	// use real time.
	Now func() time.Time
}

// Identity is what the phone says about itself in Action URL requests
// ($phone_ip, $mac, $product, $program_version, $hardware_version, $language).
// Empty fields get plausible GXP values.
type Identity struct {
	IP, MAC, Product, ProgramVersion, HardwareVersion, Language string
}

// Defaults.
const (
	DefaultLines          = 8
	DefaultKeyInterval    = time.Second
	DefaultRebootDowntime = 20 * time.Second
	DefaultFailedTimeout  = 5 * time.Second
	maxLines              = 64
)

// Errors of the Go control API.
var (
	ErrRebooting   = errors.New("phonesim: the phone is rebooting")
	ErrClosed      = errors.New("phonesim: the phone is closed")
	ErrNoIdleLine  = errors.New("phonesim: no idle line")
	ErrNoSuchLine  = errors.New("phonesim: no such line")
	ErrWrongState  = errors.New("phonesim: the line is not in a state that allows this")
	ErrBadArgument = errors.New("phonesim: invalid argument")
)

// DefaultAccounts are the accounts of a phone created without Options.Accounts.
func DefaultAccounts() []cti.Account {
	return []cti.Account{
		{ID: 1, SIPServer: "sip.example.com", SIPID: "1001", Name: "Office", Registered: true},
		{ID: 2, SIPServer: "pbx.example.net", SIPID: "2002", Name: "Support", Registered: true},
	}
}

func (o Options) normalized() Options {
	if o.Lines <= 0 {
		o.Lines = DefaultLines
	}
	if o.Lines > maxLines {
		o.Lines = maxLines
	}
	if len(o.Accounts) == 0 {
		o.Accounts = DefaultAccounts()
	} else {
		o.Accounts = append([]cti.Account(nil), o.Accounts...)
	}
	if o.KeyInterval <= 0 {
		o.KeyInterval = DefaultKeyInterval
	}
	if o.RebootDowntime <= 0 {
		o.RebootDowntime = DefaultRebootDowntime
	}
	if o.FailedTimeout <= 0 {
		o.FailedTimeout = DefaultFailedTimeout
	}
	if o.ZeroBasedAccounts {
		o.AccountBase = 0
	} else {
		o.AccountBase = 1
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.SessionIdle <= 0 {
		o.SessionIdle = DefaultSessionIdle
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	id := &o.Identity
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&id.IP, "127.0.0.1")
	def(&id.MAC, "000B82A1B2C3")
	def(&id.Product, "GXP2170")
	def(&id.ProgramVersion, "1.0.11.79")
	def(&id.HardwareVersion, "V1.4A")
	def(&id.Language, "en")
	return o
}
