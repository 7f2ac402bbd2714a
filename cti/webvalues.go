package cti

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Settings through the web session: P-values (P3, P270, P8310...) and named
// values (phone_model, prog_version) with api.values.get/post on every
// family; config_get/config_update, with runtime keys such as :dnd, on
// newer firmware. Writes name P-values, not aliases (see the package doc):
// config_update sends an empty "alias" object, as the phone's own page does.

// Values reads settings by name ("P3", "phone_model"). Keys the phone does
// not report are missing from the map.
func (s *Session) Values(ctx context.Context, keys ...string) (map[string]string, error) {
	for _, k := range keys {
		if !validKey(k) {
			return nil, fmt.Errorf("%s: %w (setting name %q)", fnValuesGet, ErrInvalidConfig, excerpt(k, 40))
		}
	}
	body, err := s.call(ctx, http.MethodPost, fnValuesGet, url.Values{"request": {strings.Join(keys, ":")}}, nil)
	if err != nil {
		return nil, err
	}
	return parseValues(body)
}

// parseValues reads the body of api.values.get: {"P3":"Office",...}.
func parseValues(body json.RawMessage) (map[string]string, error) {
	var raw map[string]json.RawMessage
	if !isObject(body) || json.Unmarshal(body, &raw) != nil {
		return nil, fmt.Errorf("%s: %w (body is not an object: %s)", fnValuesGet, ErrBadReply, excerpt(bodyText(body), 60))
	}
	out := make(map[string]string, len(raw))
	for k, v := range raw {
		out[k] = flexString(v)
	}
	return out, nil
}

// SetValue writes one setting. A value longer than MaxValueLen is not sent
// (*ValueTooLongError). The phone may answer success and keep the old
// value: read it back.
func (s *Session) SetValue(ctx context.Context, key, value string) error {
	if !validKey(key) || key == "sid" {
		return fmt.Errorf("%s: %w (setting name %q)", fnValuesPost, ErrInvalidConfig, excerpt(key, 40))
	}
	if len(value) > MaxValueLen {
		return &ValueTooLongError{Key: key, Len: len(value)}
	}
	body, err := s.call(ctx, http.MethodPost, fnValuesPost, url.Values{key: {value}}, nil)
	if err != nil {
		return err
	}
	return checkWritten(fnValuesPost, body)
}

// checkWritten accepts {"status":"right"} (and a bare success, which some
// firmware sends).
func checkWritten(fn string, body json.RawMessage) error {
	if !isObject(body) {
		return nil
	}
	var st struct {
		Status string `json:"status"`
	}
	if json.Unmarshal(body, &st) != nil || st.Status == "" || strings.EqualFold(st.Status, "right") {
		return nil
	}
	return &PhoneError{Function: fn, Body: excerpt(st.Status, maxBodyText)}
}

// ConfigValue is one entry of config_get: the P-value number (or runtime
// key such as ":dnd"), its alias on this firmware, and the value.
type ConfigValue struct {
	Alias  string
	PValue string
	Value  string
}

// Config reads keys with config_get (newer firmware): P-values without the
// "P" ("8310") or runtime keys (":dnd"). Firmware without it:
// ErrNotSupported.
func (s *Session) Config(ctx context.Context, keys ...string) ([]ConfigValue, error) {
	for _, k := range keys {
		if !validKey(k) || strings.Contains(k, ",") {
			return nil, fmt.Errorf("%s: %w (setting name %q)", fnConfigGet, ErrInvalidConfig, excerpt(k, 40))
		}
	}
	body, err := s.call(ctx, http.MethodGet, fnConfigGet, url.Values{"pvalues": {strings.Join(keys, ",")}}, nil)
	if err != nil {
		return nil, err
	}
	return parseConfigs(body)
}

// parseConfigs reads the body of config_get: {"configs":[{alias,pvalue,value}]}.
func parseConfigs(body json.RawMessage) ([]ConfigValue, error) {
	var reply struct {
		Configs []struct {
			Alias  json.RawMessage `json:"alias"`
			PValue json.RawMessage `json:"pvalue"`
			Value  json.RawMessage `json:"value"`
		} `json:"configs"`
	}
	if !isObject(body) || json.Unmarshal(body, &reply) != nil {
		return nil, fmt.Errorf("%s: %w (no configs in the body: %s)", fnConfigGet, ErrBadReply, excerpt(bodyText(body), 60))
	}
	out := make([]ConfigValue, 0, len(reply.Configs))
	for _, c := range reply.Configs {
		out = append(out, ConfigValue{Alias: flexString(c.Alias), PValue: flexString(c.PValue), Value: flexString(c.Value)})
	}
	return out, nil
}

// UpdateConfig writes P-values (by number, "8310", or runtime key, ":dnd")
// with config_update (newer firmware).
func (s *Session) UpdateConfig(ctx context.Context, pvalues map[string]string) error {
	for k, v := range pvalues {
		if !validKey(k) {
			return fmt.Errorf("%s: %w (setting name %q)", fnConfigUpdate, ErrInvalidConfig, excerpt(k, 40))
		}
		if len(v) > MaxValueLen {
			return &ValueTooLongError{Key: k, Len: len(v)}
		}
	}
	payload, err := json.Marshal(struct {
		Alias  map[string]string `json:"alias"`
		PValue map[string]string `json:"pvalue"`
	}{map[string]string{}, pvalues})
	if err != nil {
		return err
	}
	body, err := s.call(ctx, http.MethodPut, fnConfigUpdate, nil, payload)
	if err != nil {
		return err
	}
	return checkWritten(fnConfigUpdate, body)
}

// validKey: setting names are short words (P8310, phone_model, :dnd).
func validKey(k string) bool {
	if k == "" || len(k) > 64 {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == ':' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}
