package cti

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// DialMethod says how Dial places a call.
type DialMethod string

// Dial methods.
const (
	DialAuto     DialMethod = "auto"      // make_call, falling back to keys; remembers what worked
	DialMakeCall DialMethod = "make_call" // api-make_call only (needs the phone's Click-To-Dial Feature)
	DialKeys     DialMethod = "keys"      // api-send_key: the digits, then SEND
)

// MakeCallForm is the shape of an api-make_call request; firmware differs.
type MakeCallForm int

// api-make_call forms.
const (
	// MakeCallGRP is the documented GRP26xx form: passcode=, phonenumber=
	// and account= (0-based) when an account is chosen.
	MakeCallGRP MakeCallForm = iota
	// MakeCallGXP is the form clients use with GXP phones: phonenumber=,
	// account= (0-based: account 1 is 0) and password= instead of passcode=.
	MakeCallGXP
)

func (f MakeCallForm) String() string {
	switch f {
	case MakeCallGRP:
		return "GRP"
	case MakeCallGXP:
		return "GXP"
	}
	return "MakeCallForm(" + strconv.Itoa(int(f)) + ")"
}

// errNoDialable: Dial or MakeCall got the zero Dialable.
var errNoDialable error = &NumberError{Reason: "the number is empty"}

const clickToDialHint = "turn on the phone's Settings -> Call Features -> Click-To-Dial Feature"

// MakeCall asks the phone to call number (api-make_call). account is 1-based, 0 = the
// phone's default (sent as account 0 in the GXP form, which requires one).
// A phone with the function switched off answers "Invalid Request": the
// error matches both ErrPhone and ErrNotSupported.
func (c *Client) MakeCall(ctx context.Context, form MakeCallForm, number Dialable, account int) error {
	if number.IsZero() {
		return fmt.Errorf("%s: %w", fnMakeCall, errNoDialable)
	}
	if account < 0 || account > maxAccount {
		return fmt.Errorf("%s: %w: account %d out of range 0..%d", fnMakeCall, ErrInvalidConfig, account, maxAccount)
	}
	var params []param
	field := fieldPasscode
	switch form {
	case MakeCallGXP:
		acct := 0
		if account > 0 {
			acct = account - 1
		}
		params = []param{{"phonenumber", number.String()}, {"account", strconv.Itoa(acct)}}
		field = fieldPassword
	case MakeCallGRP:
		params = []param{{"phonenumber", number.String()}}
		if account > 0 {
			params = append(params, param{"account", strconv.Itoa(account - 1)})
		}
	default:
		return fmt.Errorf("%s: %w: unknown form %v", fnMakeCall, ErrInvalidConfig, form)
	}
	return c.call(ctx, c.cmdSem, fnMakeCall, field, params, 0, func(status int, data []byte) error {
		body, err := decodeReply(fnMakeCall, status, data)
		if err != nil {
			return notSupported(err, clickToDialHint)
		}
		if strings.TrimSpace(string(body)) == "false" {
			return &PhoneError{Function: fnMakeCall, Body: "false"}
		}
		return nil
	})
}

// DialResult says how a number was dialed.
type DialResult struct {
	Method DialMethod // DialMakeCall or DialKeys
	Keys   []string   // the keys sent, when Method is DialKeys
	// Pending is what keys dialing could not send: the digits after a pause
	// (an extension). Type them on the phone once the call is answered.
	Pending string
}

// Dial calls number (from NumberRules.Normalize or FindNumbers); the zero
// Dialable gives ErrInvalidNumber.
//
// DialAuto tries api-make_call, GXP form first (this app is for GXP phones,
// where that form is the one that works; GRP firmware that does not know it
// answers "Invalid Request" and then gets its documented GRP form), and on
// ErrNotSupported ("Invalid Request", no such function) falls back to keys:
// the digits, then SEND. What worked is remembered, so the next Dial goes
// straight there. Wrong passcode, unreachable phone and the phone's other
// errors never trigger a fallback: dialing twice is worse than an error.
// DialMakeCall and DialKeys force one method.
func (c *Client) Dial(ctx context.Context, number Dialable) (DialResult, error) {
	if number.IsZero() {
		return DialResult{}, errNoDialable
	}
	switch c.cfg.DialMethod {
	case DialKeys:
		return c.dialKeys(ctx, number)
	case DialMakeCall:
		return c.dialMakeCall(ctx, number)
	}
	if c.DialMethodInUse() == DialKeys {
		return c.dialKeys(ctx, number)
	}
	res, err := c.dialMakeCall(ctx, number)
	if err == nil || !errors.Is(err, ErrNotSupported) {
		return res, err
	}
	c.learn(DialKeys, 0)
	c.log.Info("api-make_call not available, dialing with keys from now on", "error", err.Error())
	res, kerr := c.dialKeys(ctx, number)
	if kerr != nil && errors.Is(kerr, ErrInvalidNumber) {
		return res, fmt.Errorf("api-make_call is not available (%s), and %w", clickToDialHint, kerr)
	}
	return res, kerr
}

// dialMakeCall tries the learned make_call form, or GXP then GRP.
func (c *Client) dialMakeCall(ctx context.Context, number Dialable) (DialResult, error) {
	forms := []MakeCallForm{MakeCallGXP, MakeCallGRP}
	c.dialMu.Lock()
	if c.learnedKnown && c.learnedForm == MakeCallGRP {
		forms = []MakeCallForm{MakeCallGRP, MakeCallGXP}
	}
	c.dialMu.Unlock()
	var last error
	for _, form := range forms {
		err := c.MakeCall(ctx, form, number, c.cfg.Account)
		if err == nil {
			c.learn(DialMakeCall, form)
			return DialResult{Method: DialMakeCall}, nil
		}
		if !errors.Is(err, ErrNotSupported) {
			return DialResult{}, err
		}
		c.log.Debug("api-make_call form refused", "form", form.String(), "error", err.Error())
		last = err
	}
	return DialResult{}, fmt.Errorf("%w (tried the GXP and GRP forms)", last)
}

// dialKeys types the number and presses SEND. Digits after a pause cannot
// be timed by keys (the far end has not answered yet): they are returned in
// Pending instead of being lost silently.
func (c *Client) dialKeys(ctx context.Context, number Dialable) (DialResult, error) {
	main, pending, _ := strings.Cut(number.String(), ",")
	keys, err := DigitKeys(main)
	if err != nil {
		return DialResult{}, fmt.Errorf("%s: %w", fnSendKey, err)
	}
	keys = append(keys, "SEND")
	res := DialResult{Method: DialKeys, Keys: keys, Pending: strings.Trim(pending, ",")}
	if err := c.sendKeyTokens(ctx, keys); err != nil {
		return DialResult{}, err
	}
	return res, nil
}

func (c *Client) learn(m DialMethod, form MakeCallForm) {
	c.dialMu.Lock()
	defer c.dialMu.Unlock()
	c.learned = m
	if m == DialMakeCall {
		c.learnedForm, c.learnedKnown = form, true
	}
}

// DialMethodInUse is the method Dial uses now: the configured one, or what
// auto mode has learned (DialAuto until the first Dial tells).
func (c *Client) DialMethodInUse() DialMethod {
	if c.cfg.DialMethod != DialAuto {
		return c.cfg.DialMethod
	}
	c.dialMu.Lock()
	defer c.dialMu.Unlock()
	if c.learned == "" {
		return DialAuto
	}
	return c.learned
}
