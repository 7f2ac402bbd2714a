package cti

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Do Not Disturb is the runtime key :dnd of newer firmware (config_get,
// config_update through the web session). Older firmware has no
// config_get: ErrNotSupported.

// ErrNotKept: the phone answered success to a write and kept the old value.
var ErrNotKept = errors.New("the phone did not keep the new value")

const keyDND = ":dnd"

// DND reads whether Do Not Disturb is on.
func (s *Session) DND(ctx context.Context) (bool, error) {
	vals, err := s.Config(ctx, keyDND)
	if err != nil {
		return false, missing(FeatureDND, err)
	}
	for _, v := range vals {
		if v.PValue == keyDND || v.Alias == "dnd" {
			return parseOnOff(v.Value)
		}
	}
	return false, missing(FeatureDND, fmt.Errorf("%s: %w (no %s in the reply)", fnConfigGet, ErrNotSupported, keyDND))
}

// SetDND switches Do Not Disturb and reads it back.
func (s *Session) SetDND(ctx context.Context, on bool) error {
	v := "0"
	if on {
		v = "1"
	}
	if err := s.UpdateConfig(ctx, map[string]string{keyDND: v}); err != nil {
		return missing(FeatureDND, err)
	}
	got, err := s.DND(ctx)
	if err != nil {
		return err
	}
	if got != on {
		return fmt.Errorf("%s %s: %w", fnConfigUpdate, keyDND, ErrNotKept)
	}
	return nil
}

func parseOnOff(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "on", "true", "yes":
		return true, nil
	case "0", "off", "false", "no", "":
		return false, nil
	}
	return false, fmt.Errorf("%s: %w (%s is %q)", fnConfigGet, ErrBadReply, keyDND, excerpt(s, 20))
}

// DND opens a session, reads Do Not Disturb and logs out.
func (c *Client) DND(ctx context.Context, opt SessionOptions) (bool, error) {
	return readInSession(ctx, c, opt, (*Session).DND)
}

// SetDND opens a session, switches Do Not Disturb, checks it and logs out.
func (c *Client) SetDND(ctx context.Context, opt SessionOptions, on bool) error {
	return c.WithSession(ctx, opt, func(s *Session) error { return s.SetDND(ctx, on) })
}
