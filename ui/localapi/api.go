package localapi

import (
	"context"
	"errors"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/settings"
)

// State is what the tray process knows right now: enough for any window to
// draw itself without asking anything else.
//
// What belongs to one phone is in a PhoneState. Phones lists every phone in
// the order of the settings; the first is the default phone, the one a
// command without a phone goes to. The embedded PhoneState is that default
// phone's, inlined so that one-phone clients (and `status --json` of older
// versions) read it where they always did; the service fills both from the
// same value (a view, not a second owner).
type State struct {
	PhoneState
	Phones []PhoneState `json:"phones,omitempty"`

	Version      string `json:"version"`
	Demo         bool   `json:"demo"`
	DialBusy     bool   `json:"dial_busy"`
	DialProgress string `json:"dial_progress,omitempty"` // e.g. "Dialing 203 (2/4 keys)"
	DialMethod   string `json:"dial_method,omitempty"`
	// DialPhone is the name of the phone the running dial goes to.
	DialPhone    string `json:"dial_phone,omitempty"`
	Hotkey       string `json:"hotkey,omitempty"`
	HotkeyErr    string `json:"hotkey_err,omitempty"` // why the hotkey is not registered ("" = registered)
	UnseenMissed int    `json:"unseen_missed"`
	PushURL      string `json:"push_url,omitempty"` // listener base when push is on
	Language     string `json:"language"`           // effective: "en"|"ru"
	KeyringErr   string `json:"keyring_err,omitempty"`
	// HistoryCleared counts the times the history was cleared: when it
	// changes, what was read of the history is gone.
	HistoryCleared uint64 `json:"history_cleared,omitempty"`
	// DialChoices are the numbers of a text that held several, as written,
	// while the user is asked which one to dial (dial one with Dial).
	DialChoices []string `json:"dial_choices,omitempty"`
	// DialChoicesPhone is the name of the phone whose dial asked which
	// number: a choice dials on it.
	DialChoicesPhone string `json:"dial_choices_phone,omitempty"`
}

// PhoneState is what the tray process knows about one phone.
type PhoneState struct {
	// Name is how the person calls this phone (unique among the phones;
	// what --phone NAME and notifications say).
	Name         string        `json:"name,omitempty"`
	Phone        string        `json:"phone"` // address as configured (never a passcode)
	Conn         cti.ConnState `json:"conn"`  // unknown|online|offline|unauthorized
	ConnErr      string        `json:"conn_err,omitempty"`
	Lines        []cti.Line    `json:"lines"`         // all lines; clients filter
	NeedPasscode bool          `json:"need_passcode"` // no passcode stored
	// AnsweredAt is when the call on each line was answered (by line
	// number), for call timers.
	AnsweredAt map[int]time.Time `json:"answered_at,omitempty"`
	// LineContacts: the address-book entry of a busy line's caller, by line
	// number (Lines[i].RemoteName then holds the contact's name).
	LineContacts map[int]cti.Contact `json:"line_contacts,omitempty"`
	// Identity is what the phone last said about itself (read through its
	// web session by a connection test or an Action URL install; nil
	// before). Warnings are the known flaws of its firmware, in words.
	Identity *cti.PhoneIdentity `json:"identity,omitempty"`
	Warnings []string           `json:"warnings,omitempty"`
	// DND is Do Not Disturb as last known (nil: unknown, or the firmware
	// does not offer it).
	DND *bool `json:"dnd,omitempty"`
	// NoDND: the phone's firmware has no Do Not Disturb to switch.
	NoDND bool `json:"no_dnd,omitempty"`
	// PushCheck: after an Action URL install, whether the phone's requests
	// arrive: "waiting" (for the next call), "arriving", "missing".
	PushCheck string `json:"push_check,omitempty"`
	// PushErr says, in words, why the Action URL listener this phone's
	// pushes go to is not listening ("" = listening, or push is off).
	PushErr string `json:"push_err,omitempty"`
}

// PhoneNamed returns the state of the phone called name ("" = the default
// phone), and whether there is one.
func (st State) PhoneNamed(name string) (PhoneState, bool) {
	if name == "" {
		return st.PhoneState, true
	}
	for _, p := range st.Phones {
		if settings.SamePhoneName(p.Name, name) {
			return p, true
		}
	}
	return PhoneState{}, false
}

// Update is one item of the event stream: a call/phone event or a new State.
type Update struct {
	// Phone is the name of the phone the Event comes from.
	Phone string     `json:"phone,omitempty"`
	Event *cti.Event `json:"event,omitempty"`
	State *State     `json:"state,omitempty"`
}

// Dialed says what was dialed after the number rules, and how.
type Dialed struct {
	Number string `json:"number"`
	Method string `json:"method"`
	// Ext is pressed once the far end answers ("" = nothing), e.g. the
	// extension of "+1 555 0100, ext 12".
	Ext string `json:"ext,omitempty"`
}

// TestRequest is the settings window's "Test connection": the values being
// edited, not yet saved.
type TestRequest struct {
	Phone      string `json:"phone"`
	Passcode   string `json:"passcode,omitempty"` // "" = the stored one, if it belongs to Phone
	TLSMode    string `json:"tls_mode,omitempty"`
	PinnedCert string `json:"pinned_cert,omitempty"` // "" = the pin remembered for Phone
	// Repin: the person forgot the pinned certificate; accept a new one.
	Repin bool `json:"repin,omitempty"`
	// ReusePasscodeOf is the address whose stored passcode the person
	// agreed, in a question naming both addresses, to send to Phone.
	ReusePasscodeOf string `json:"reuse_passcode_of,omitempty"`
}

// TestResult is what the test found out, ready to show.
type TestResult struct {
	OK          bool          `json:"ok"`
	Lines       []cti.Line    `json:"lines,omitempty"`
	Accounts    []cti.Account `json:"accounts,omitempty"`
	MakeCall    string        `json:"make_call,omitempty"` // "works"|"disabled (turn on Click-To-Dial)"|"unknown"
	Fingerprint string        `json:"fingerprint,omitempty"`
	Problem     string        `json:"problem,omitempty"`
	Hint        string        `json:"hint,omitempty"`
	// Identity is what the phone says about itself through its web session
	// (nil when that failed: IdentityProblem says why; the test still
	// passes). Warnings are the known flaws of its firmware, in words.
	Identity        *cti.PhoneIdentity `json:"identity,omitempty"`
	IdentityProblem string             `json:"identity_problem,omitempty"`
	Warnings        []string           `json:"warnings,omitempty"`
	// PasscodeFor is set when the stored passcode was not sent because it
	// belongs to this other phone (canonical address): the window may ask
	// whether to send it anyway, naming both addresses.
	PasscodeFor string `json:"passcode_for,omitempty"`
}

// Info identifies the running tray process.
type Info struct {
	PID     int    `json:"pid"`
	Version string `json:"version"`
}

// Backend is the tray process behind the server. Its methods are called
// concurrently, one goroutine per request; arguments are already validated
// (known operation, known keys, confirmed system request, n in range, known
// window).
type Backend interface {
	State(ctx context.Context) State
	// Subscribe streams updates until ctx is done, then closes the channel.
	// The first item is the current State.
	Subscribe(ctx context.Context) <-chan Update
	// Dial takes the text as the user typed or copied it; the backend normalizes.
	Dial(ctx context.Context, text string) (Dialed, error)
	Operate(ctx context.Context, op cti.Operation) error
	SendKeys(ctx context.Context, keys []string) error
	// System is "REBOOT" or "RESET"; the user has confirmed it.
	System(ctx context.Context, request string) error
	// ReloadSettings applies a changed settings file without a restart.
	ReloadSettings(ctx context.Context) error
	// SetSessionPasscode keeps a passcode in memory only (no keyring).
	SetSessionPasscode(ctx context.Context, passcode string) error
	TestConnection(ctx context.Context, req TestRequest) (TestResult, error)
	// Preview says how text would be dialed under the current number rules.
	Preview(ctx context.Context, text string) (string, error)
	// Show opens a window: "dialpad", "settings", "history" or "main".
	Show(ctx context.Context, window string) error
	// Quit stops the tray process.
	Quit(ctx context.Context) error
}

// LineOperator is an optional Backend capability: answer or reject the call
// ringing on a given line (the popup of line N), where a plain Operate acts
// on whatever line the phone has active. Without it, /v1/operate with a
// line answers not_supported.
type LineOperator interface {
	AnswerLine(ctx context.Context, line int) error
	RejectLine(ctx context.Context, line int) error
}

// CallHistory is an optional Backend capability: the calls the tray
// process recorded. ClearHistory forgets every one (the user confirmed it).
// Without it, the /v1/history endpoints answer not_supported.
type CallHistory interface {
	History(ctx context.Context, n int) ([]cti.Call, error)
	MarkMissedSeen(ctx context.Context) error
	ClearHistory(ctx context.Context) error
}

// AnnouncedDialer is an optional Backend capability: a dial that says what
// it does in a desktop notification (for tel: links, which have no window
// or terminal). Without it, /v1/dial with "notify" is a plain Dial.
type AnnouncedDialer interface {
	DialAnnounced(ctx context.Context, text string) (Dialed, error)
}

// ActionURLSource is an optional Backend capability: the values to paste
// into the phone's Action URL fields (they hold the push token: only for the
// user's eyes, never logged). Without it, /v1/action-urls answers
// not_supported.
type ActionURLSource interface {
	ActionURLs(ctx context.Context) ([]cti.ActionURLField, error)
}

// Errors of this package. Phone errors travel as the cti sentinels.
var (
	// ErrBusy: a dial or key sequence is still running. The backend returns
	// it; the Client returns an error matching it.
	ErrBusy = errors.New("another dial is still in progress")
	// ErrAlreadyRunning: Listen found a live tray process on the socket.
	ErrAlreadyRunning = errors.New("GXP Tray is already running")
	// ErrNotRunning: nothing listens on the socket (or the tray process
	// stopped while a client was talking to it).
	ErrNotRunning = errors.New("GXP Tray is not running")
	// ErrNotTrusted: the socket is not this user's own (its directory or
	// the process listening on it belongs to someone else): the client
	// refuses to talk to it. See *NotTrustedError.
	ErrNotTrusted = errors.New("the GXP Tray socket is not this user's own")
	// ErrBadRequest: the server refused the request as malformed or invalid.
	ErrBadRequest = errors.New("bad request")
	// ErrInternal: the tray process failed in an unexpected way.
	ErrInternal = errors.New("internal error in GXP Tray")
)

// Windows that Show may open.
var showable = []string{"dialpad", "settings", "history", "main"}

// Operations the phone knows (api-phone_operation).
var operations = []cti.Operation{cti.OpAccept, cti.OpReject, cti.OpHold, cti.OpEnd, cti.OpCancel}

// System requests (api-sys_operation).
const (
	SystemReboot = "REBOOT"
	SystemReset  = "RESET" // factory reset: destroys the phone's configuration
)
