package cti

import (
	"encoding/json"
	"time"
)

// EventKind names a call or phone event.
type EventKind string

// Events produced by the Monitor.
const (
	EventIncoming     EventKind = "incoming"     // a line started ringing
	EventOutgoing     EventKind = "outgoing"     // a line started dialing/calling
	EventAnswered     EventKind = "answered"     // a call became connected
	EventHeld         EventKind = "held"         // a connected call was put on hold
	EventResumed      EventKind = "resumed"      // a held call is connected again
	EventEnded        EventKind = "ended"        // a call went back to idle; see Outcome
	EventOnline       EventKind = "online"       // the phone answers (again)
	EventOffline      EventKind = "offline"      // the phone stopped answering
	EventUnauthorized EventKind = "unauthorized" // the passcode was rejected; polling stopped
)

// Direction of a call.
type Direction string

// Call directions.
const (
	Incoming Direction = "incoming"
	Outgoing Direction = "outgoing"
)

// Outcome of a call that ended.
type Outcome string

// Call outcomes.
const (
	Answered Outcome = "answered"
	Missed   Outcome = "missed"     // rang and stopped without being answered
	Rejected Outcome = "rejected"   // rejected from this app
	NoAnswer Outcome = "unanswered" // outgoing call that never connected
)

// Event is one change seen on the phone. Line-related fields are zero for
// phone-wide events (online, offline, unauthorized).
type Event struct {
	Kind      EventKind
	Time      time.Time
	Line      int
	Account   AccountID
	Number    string
	Name      string
	Direction Direction     // for call events
	Duration  time.Duration // for EventEnded: time connected (0 if never answered)
	// Start, for EventEnded: when the call was first seen (its first
	// event, or when it was found in progress); zero if unknown.
	Start   time.Time
	Outcome Outcome // for EventEnded
	Err     string  // for EventOffline/EventUnauthorized: what went wrong, redacted
	// Contact is the user's address-book entry for Number, when one matched;
	// Name is then the contact's name (the phone's name is the fallback).
	Contact *Contact
}

// Contact names the address-book entry that matched a call's number.
type Contact struct {
	Name   string `json:"name"`
	Source string `json:"source"`         // the address book
	Kind   string `json:"kind,omitempty"` // work, mobile, home, extension, fax, other
}

type eventJSON struct {
	Kind      EventKind `json:"type"`
	Time      time.Time `json:"time"`
	Line      int       `json:"line,omitempty"`
	Account   *int      `json:"account,omitempty"`
	Number    string    `json:"number,omitempty"`
	Name      string    `json:"name,omitempty"`
	Direction Direction `json:"direction,omitempty"`
	Duration  *float64  `json:"duration,omitempty"` // seconds
	Start     time.Time `json:"start,omitzero"`
	Outcome   Outcome   `json:"outcome,omitempty"`
	Err       string    `json:"error,omitempty"`
	Contact   *Contact  `json:"contact,omitempty"`
}

// MarshalJSON writes the event as one flat object with the duration in seconds.
func (e Event) MarshalJSON() ([]byte, error) {
	j := eventJSON{Kind: e.Kind, Time: e.Time, Line: e.Line, Number: e.Number, Name: e.Name,
		Direction: e.Direction, Outcome: e.Outcome, Err: e.Err, Contact: e.Contact, Start: e.Start}
	if e.Line != 0 && e.Account != NoAccount {
		a := int(e.Account)
		j.Account = &a
	}
	if e.Kind == EventEnded {
		d := e.Duration.Seconds()
		j.Duration = &d
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (e *Event) UnmarshalJSON(b []byte) error {
	var j eventJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*e = Event{Kind: j.Kind, Time: j.Time, Line: j.Line, Account: NoAccount, Number: j.Number, Name: j.Name,
		Direction: j.Direction, Outcome: j.Outcome, Err: j.Err, Contact: j.Contact, Start: j.Start}
	if j.Account != nil {
		e.Account = AccountID(*j.Account)
	}
	if j.Duration != nil {
		e.Duration = time.Duration(*j.Duration * float64(time.Second))
	}
	return nil
}

// Call is one entry of the call history.
type Call struct {
	Direction Direction     `json:"direction"`
	Number    string        `json:"number"`
	Name      string        `json:"name,omitempty"`
	Line      int           `json:"line"`
	Account   AccountID     `json:"account"`
	Start     time.Time     `json:"start"`
	Duration  time.Duration `json:"duration_ns"`
	Outcome   Outcome       `json:"outcome"`
	Contact   *Contact      `json:"contact,omitempty"` // the address-book entry that named the caller
	// Phone names the desk phone the call was on, where several are
	// watched ("" = the only one).
	Phone string `json:"phone,omitempty"`
}
