package cti

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// maxReplyBytes caps what is read from the phone: a line status of 8 lines is
// about 1 KiB, anything near this size is not a CTI reply.
const maxReplyBytes = 1 << 20

// maxBodyText is how much of the phone's own error text goes into an error.
const maxBodyText = 200

// CTI function names.
const (
	fnLineStatus  = "api-get_line_status"
	fnPhoneStatus = "api-get_phone_status"
	fnAccounts    = "api-get_accounts"
	fnSendKey     = "api-send_key"
	fnPhoneOp     = "api-phone_operation"
	fnSysOp       = "api-sys_operation"
	fnMakeCall    = "api-make_call"
)

// decodeReply checks one HTTP reply of the CTI API and returns the "body" of
// a success. Errors wrap ErrUnauthorized, ErrNotSupported, ErrPhone (a
// *PhoneError), ErrUnreachable (503) or ErrBadReply.
func decodeReply(fn string, status int, data []byte) (json.RawMessage, error) {
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return nil, fmt.Errorf("%s: %w (HTTP %d)", fn, ErrUnauthorized, status)
	case status == http.StatusNotFound:
		return nil, fmt.Errorf("%s: %w (HTTP 404: this firmware has no %s)", fn, ErrNotSupported, fn)
	}
	data = bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	env, envErr := parseEnvelope(data)
	if status < 200 || status > 299 {
		// Some firmware sends its JSON error with an error status: believe the JSON.
		if envErr == nil && env.response != "success" {
			return nil, env.err(fn)
		}
		if status == http.StatusServiceUnavailable {
			return nil, fmt.Errorf("%s: %w (HTTP 503: the phone is busy or restarting)", fn, ErrUnreachable)
		}
		return nil, fmt.Errorf("%s: %w (HTTP %d)", fn, ErrBadReply, status)
	}
	if envErr != nil {
		return nil, fmt.Errorf("%s: %w (%s)", fn, ErrBadReply, envErr.Error())
	}
	if env.response == "success" && !isAuthText(env.body) {
		return env.body, nil
	}
	return nil, env.err(fn)
}

type envelope struct {
	response string // lower case
	body     json.RawMessage
}

// parseEnvelope decodes {"response":...,"body":...}. Its error text describes
// what arrived instead, for the ErrBadReply message.
func parseEnvelope(data []byte) (envelope, error) {
	if len(data) == 0 {
		return envelope{}, fmt.Errorf("empty reply")
	}
	if data[0] == '<' {
		return envelope{}, fmt.Errorf("an HTML page instead of CTI JSON: is this the phone's address, and is its CTI / Remote Control enabled?")
	}
	if data[0] != '{' {
		return envelope{}, fmt.Errorf("not a JSON object: %q", excerpt(string(data), 40))
	}
	var raw struct {
		Response json.RawMessage `json:"response"`
		Body     json.RawMessage `json:"body"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return envelope{}, fmt.Errorf("truncated or malformed JSON")
	}
	if len(raw.Response) == 0 {
		return envelope{}, fmt.Errorf(`no "response" field`)
	}
	return envelope{
		response: strings.ToLower(strings.TrimSpace(flexString(raw.Response))),
		body:     raw.Body,
	}, nil
}

// err turns a reply that is not a success into the matching error.
func (e envelope) err(fn string) error {
	var text string
	if len(e.body) > 0 && e.body[0] == '"' && json.Unmarshal(e.body, &text) == nil {
		if ae, ok := authErrorFromBody(fn, text); ok {
			return ae
		}
	}
	if isAuthText(e.body) {
		return fmt.Errorf("%s: %w (the phone answered %q)", fn, ErrUnauthorized, bodyText(e.body))
	}
	if e.response == "error" {
		return &PhoneError{Function: fn, Body: bodyText(e.body)}
	}
	return fmt.Errorf("%s: %w (response %q)", fn, ErrBadReply, excerpt(e.response, 40))
}

// bodyText renders a reply body as short text: a string as itself, anything
// else (false, numbers, objects) as its compact JSON.
func bodyText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	var s string
	if raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return excerpt(s, maxBodyText)
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) == nil {
		return excerpt(buf.String(), maxBodyText)
	}
	return excerpt(string(raw), maxBodyText)
}

// isAuthText reports whether a reply body is the phone refusing the
// credentials. Real firmware answers "unauthorized" (also when a web session
// took over); the other spellings are what similar firmware uses.
func isAuthText(raw json.RawMessage) bool {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil || len(s) > 64 {
		return false
	}
	s = strings.Trim(strings.ToLower(strings.TrimSpace(s)), ".!")
	switch s {
	case "unauthorized", "unauthorised", "not authorized", "not authorised",
		"authentication failed", "auth failed", "authentication error", "auth error",
		"login failed", "invalid passcode", "wrong passcode", "invalid password", "wrong password",
		"bad passcode", "bad password", "permission denied", "access denied", "forbidden":
		return true
	}
	return false
}

// isInvalidRequest reports whether a phone error is the "Invalid Request" that
// firmware answers for a function it has switched off or does not have.
func isInvalidRequest(err error) bool {
	pe, ok := err.(*PhoneError)
	if !ok {
		return false
	}
	b := strings.ToLower(strings.TrimSpace(pe.Body))
	return b == "invalid request" || b == "not supported" || b == "unsupported" || b == "unknown request"
}

// decodeLineStatus decodes a whole api-get_line_status reply.
func decodeLineStatus(status int, data []byte) ([]Line, error) {
	body, err := decodeReply(fnLineStatus, status, data)
	if err != nil {
		return nil, err
	}
	return parseLines(body)
}

// parseLines decodes the line array. An element that is not a line object is
// skipped rather than failing the whole poll (one odd entry must not make the
// phone look offline); a line without a number gets its position.
func parseLines(body json.RawMessage) ([]Line, error) {
	return parseObjects(fnLineStatus, "line", body, func(i int, l *Line) {
		if l.Line <= 0 {
			l.Line = i + 1
		}
	})
}

// parseAccounts decodes the api-get_accounts array, skipping odd elements.
func parseAccounts(body json.RawMessage) ([]Account, error) {
	return parseObjects[Account](fnAccounts, "account", body, nil)
}

// parseObjects decodes fn's array of objects, skipping the elements that are
// not a T object; fix (if not nil) completes the i-th element. An array with
// elements but no usable one is ErrBadReply, naming what it should hold.
func parseObjects[T any](fn, what string, body json.RawMessage, fix func(i int, v *T)) ([]T, error) {
	elems, err := parseArray(fn, body)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(elems))
	for i, e := range elems {
		var v T
		if !isObject(e) || json.Unmarshal(e, &v) != nil {
			continue
		}
		if fix != nil {
			fix(i, &v)
		}
		out = append(out, v)
	}
	if len(elems) > 0 && len(out) == 0 {
		return nil, fmt.Errorf("%s: %w (no %s object in the body)", fn, ErrBadReply, what)
	}
	return out, nil
}

// parsePhoneStatus decodes the api-get_phone_status body, a string.
func parsePhoneStatus(body json.RawMessage) (PhoneStatus, error) {
	var s string
	if b := bytes.TrimSpace(body); len(b) == 0 || b[0] != '"' || json.Unmarshal(b, &s) != nil {
		return "", fmt.Errorf("%s: %w (body is not a status text: %s)", fnPhoneStatus, ErrBadReply, bodyText(body))
	}
	return PhoneStatus(strings.ToLower(strings.TrimSpace(s))), nil
}

func parseArray(fn string, body json.RawMessage) ([]json.RawMessage, error) {
	body = bytes.TrimSpace(body)
	var elems []json.RawMessage
	if len(body) == 0 || body[0] != '[' || json.Unmarshal(body, &elems) != nil {
		return nil, fmt.Errorf("%s: %w (body is not a list: %s)", fn, ErrBadReply, excerpt(bodyText(body), 60))
	}
	return elems, nil
}

func isObject(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '{'
}
