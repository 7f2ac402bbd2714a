package cti

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// LineState is what the phone reports for one line. Phones report states this
// package does not know (transfer, conference, paging...); they are kept as-is
// and Busy reports true for them.
type LineState string

// Line states seen on real phones.
const (
	StateIdle      LineState = "idle"
	StateDialing   LineState = "dialing"   // off hook, entering digits
	StateCalling   LineState = "calling"   // outgoing, ringback
	StateRinging   LineState = "ringing"   // incoming
	StateConnected LineState = "connected" // in a call
	StateOnHold    LineState = "onhold"
	StateFailed    LineState = "failed"
)

// Known reports whether s is one of the states listed above.
func (s LineState) Known() bool {
	switch s {
	case StateIdle, StateDialing, StateCalling, StateRinging, StateConnected, StateOnHold, StateFailed:
		return true
	}
	return false
}

// Busy reports whether the line is in use. Unknown states count as busy: a
// line the phone calls "transfer" is certainly not free.
func (s LineState) Busy() bool { return s != StateIdle && s != "" }

// Line is one entry of api-get_line_status.
type Line struct {
	Line         int       `json:"line"`
	State        LineState `json:"state"`
	Account      AccountID `json:"acct"`
	Active       bool      `json:"active"`
	RemoteName   string    `json:"remotename"`
	RemoteNumber string    `json:"remotenumber"`
	Conference   bool      `json:"conf,omitempty"`
}

// AccountID is the account number of a line as the phone reports it: 0-based
// on some models, 1-based on others, and an empty string on an idle line of
// some firmware. Unset is represented by -1.
type AccountID int

// NoAccount is the AccountID of a line whose acct field was empty or absent.
const NoAccount AccountID = -1

// UnmarshalJSON accepts a number, a numeric string, an empty string or null.
func (a *AccountID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*a = NoAccount
		return nil
	}
	var s string
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	} else {
		s = string(b)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		*a = NoAccount
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		// A non-numeric account is not worth failing a whole status reply for.
		*a = NoAccount
		return nil
	}
	*a = AccountID(n)
	return nil
}

// MarshalJSON writes the account as a number, or "" when unset, as the phone does.
func (a AccountID) MarshalJSON() ([]byte, error) {
	if a == NoAccount {
		return []byte(`""`), nil
	}
	return []byte(strconv.Itoa(int(a))), nil
}

// UnmarshalJSON accepts the phone's 0/1 integers, booleans and numeric strings.
func (l *Line) UnmarshalJSON(b []byte) error {
	var raw struct {
		Line         flexInt         `json:"line"`
		State        string          `json:"state"`
		Account      *AccountID      `json:"acct"`
		Active       flexInt         `json:"active"`
		RemoteName   string          `json:"remotename"`
		RemoteNumber json.RawMessage `json:"remotenumber"`
		Conference   flexInt         `json:"conf"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*l = Line{
		Line:         int(raw.Line),
		State:        LineState(strings.ToLower(strings.TrimSpace(raw.State))),
		Account:      NoAccount,
		Active:       raw.Active != 0,
		RemoteName:   raw.RemoteName,
		RemoteNumber: flexString(raw.RemoteNumber),
		Conference:   raw.Conference != 0,
	}
	if raw.Account != nil {
		l.Account = *raw.Account
	}
	return nil
}

// PhoneStatus is the body of api-get_phone_status: "available", "busy",
// "ringing" or whatever else the firmware says.
type PhoneStatus string

// Phone statuses seen on real phones.
const (
	PhoneAvailable PhoneStatus = "available"
	PhoneBusy      PhoneStatus = "busy"
	PhoneRinging   PhoneStatus = "ringing"
)

// Account is one entry of api-get_accounts.
type Account struct {
	ID         int    `json:"id"`
	SIPServer  string `json:"sip_server"`
	SIPID      string `json:"sip_id"`
	Name       string `json:"name"`
	Registered bool   `json:"reg"`
}

// UnmarshalJSON accepts numbers or strings for id and reg.
func (a *Account) UnmarshalJSON(b []byte) error {
	var raw struct {
		ID        flexInt         `json:"id"`
		SIPServer string          `json:"sip_server"`
		SIPID     json.RawMessage `json:"sip_id"`
		Name      string          `json:"name"`
		Reg       flexInt         `json:"reg"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*a = Account{ID: int(raw.ID), SIPServer: raw.SIPServer, SIPID: flexString(raw.SIPID), Name: raw.Name, Registered: raw.Reg != 0}
	return nil
}

// flexInt decodes a JSON number, numeric string, boolean, empty string or null.
type flexInt int

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(strings.TrimSpace(string(b)), `"`)
	switch s {
	case "", "null", "false":
		*f = 0
		return nil
	case "true":
		*f = 1
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		*f = 0
		return nil
	}
	*f = flexInt(n)
	return nil
}

// flexString decodes a JSON string or number (some firmware sends numbers
// unquoted), keeping a leading '+'.
func flexString(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return ""
	}
	var s string
	if raw[0] == '"' {
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return ""
	}
	return string(raw)
}

// AccountBase is how lines count accounts: 0 when some line reports acct 0
// (models that count from 0), else 1 (the seed's phone and most GXP). Add
// 1-AccountBase to a line's Account to get the 1-based account number that
// api-get_accounts and the phone's web page use.
func AccountBase(lines []Line) int {
	for _, l := range lines {
		if l.Account == 0 {
			return 0
		}
	}
	return 1
}
