package cti

import (
	"context"
	"errors"
	"strconv"
	"strings"
)

// PhoneIdentity is what the phone says about itself: model, firmware and MAC
// (web session: phone_model, prog_version, the login reply), its display and
// account names (P3, P270), the user IDs of accounts 1-4 (P35, P404, P504,
// P604), and the SIP accounts (api-get_accounts, where the firmware has it).
type PhoneIdentity struct {
	Model       string    `json:"model,omitempty"`
	Firmware    string    `json:"firmware,omitempty"`
	MAC         string    `json:"mac,omitempty"`
	Name        string    `json:"name,omitempty"`
	AccountName string    `json:"account_name,omitempty"`
	UserIDs     []string  `json:"user_ids,omitempty"`
	Accounts    []Account `json:"accounts,omitempty"`
}

var identityKeys = []string{"phone_model", "prog_version", "P3", "P270", "P35", "P404", "P504", "P604"}

// Identity reads the phone's identity through the session (not the
// accounts: Client.Identity adds them).
func (s *Session) Identity(ctx context.Context) (PhoneIdentity, error) {
	v, err := s.Values(ctx, identityKeys...)
	if err != nil {
		return PhoneIdentity{}, err
	}
	info := s.Info()
	clean := func(k string) string { return CleanText(excerpt(v[k], 80)) }
	id := PhoneIdentity{
		Model:       clean("phone_model"),
		Firmware:    firstText(clean("prog_version"), CleanText(info.Version)),
		MAC:         CleanText(info.MAC),
		Name:        clean("P3"),
		AccountName: clean("P270"),
	}
	for _, k := range []string{"P35", "P404", "P504", "P604"} {
		if u := clean(k); u != "" {
			id.UserIDs = append(id.UserIDs, u)
		}
	}
	return id, nil
}

// Identity opens a web session for the identity, logs out, and adds the
// accounts from api-get_accounts (missing on older firmware: no accounts,
// no error). Logging in ends the same account's session on the phone's web
// page: read it once, not on every poll.
func (c *Client) Identity(ctx context.Context, opt SessionOptions) (PhoneIdentity, error) {
	id, err := readInSession(ctx, c, opt, (*Session).Identity)
	if err != nil {
		return id, err
	}
	accts, err := c.Accounts(ctx)
	switch {
	case err == nil:
		id.Accounts = accts
	case !errors.Is(err, ErrNotSupported):
		return id, err
	}
	return id, nil
}

func firstText(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// Advisory is a known security problem of the phone's firmware.
type Advisory struct {
	ID      string `json:"id"`       // "CVE-2026-2329"
	Models  string `json:"models"`   // "GXP16xx"
	FixedIn string `json:"fixed_in"` // first firmware without it, "1.0.7.81"
}

// Advisories lists the known problems of this model and firmware: GXP16xx
// before 1.0.7.81 has a public, unauthenticated overflow in its web API
// (CVE-2026-2329). Nothing when the model or firmware is unknown.
func (id PhoneIdentity) Advisories() []Advisory {
	model := strings.ToUpper(strings.TrimSpace(id.Model))
	if strings.HasPrefix(model, "GXP16") && id.Firmware != "" && VersionLess(id.Firmware, "1.0.7.81") {
		return []Advisory{{ID: "CVE-2026-2329", Models: "GXP16xx", FixedIn: "1.0.7.81"}}
	}
	return nil
}

// VersionLess compares dotted firmware versions number by number
// ("1.0.7.9" < "1.0.7.81"). A part that is not a number compares as 0.
func VersionLess(a, b string) bool {
	pa, pb := strings.Split(strings.TrimSpace(a), "."), strings.Split(strings.TrimSpace(b), ".")
	for i := 0; i < max(len(pa), len(pb)); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			return x < y
		}
	}
	return false
}
