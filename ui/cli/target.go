package cli

import (
	"context"
	"strings"
	"time"

	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// --phone names the phone a command is for, by its name in Settings
// ("--phone Lab") or by its address ("--phone 192.168.1.20", as always).
// This is the one place that tells them apart; afterwards g.phoneName is
// the name (the command goes through the tray to that phone, or, without a
// tray, straight to it with its settings) and g.phone the address (the
// command goes straight to it). A value that is a name of the list is a
// name. Otherwise, with one phone in Settings, it is an address, as it
// always was; with several, it is an address only when it looks like one
// (a dot, a colon, a slash or a bracket, or "localhost"), and any other
// word is a name that is not there: the command stops and lists the names.

// resolvePhone turns --phone into g.phoneName or g.phone (see above).
func (g *globals) resolvePhone(ctx context.Context) error {
	if g.phone == "" {
		return nil
	}
	s := userSettings(ctx)
	list := s.PhoneList()
	for _, p := range list {
		if settings.SamePhoneName(p.Name, g.phone) {
			g.phoneName, g.phoneEntry, g.phone = p.Name, p, ""
			return nil
		}
	}
	if len(list) <= 1 || looksLikeAddress(g.phone) {
		return nil
	}
	known := make([]string, len(list))
	for i, p := range list {
		known[i] = p.Name
	}
	return &localapi.UnknownPhoneError{Name: g.phone, Known: known}
}

// looksLikeAddress: what a phone's name rarely holds and an address has.
func looksLikeAddress(v string) bool {
	return strings.ContainsAny(v, ".:/[") || strings.EqualFold(v, "localhost")
}

// hoistPhone moves a --phone given after the command name ("gxptray
// password --phone Lab") to where global options go, so that --phone works
// on either side of every command. Arguments after "--" are left alone.
func hoistPhone(args []string) (phone string, rest []string, found bool) {
	for i, a := range args {
		switch {
		case a == "--":
			return "", args, false
		case a == "--phone" || a == "-phone":
			if i+1 < len(args) {
				rest = append(append(rest, args[:i]...), args[i+2:]...)
				return args[i+1], rest, true
			}
		case strings.HasPrefix(a, "--phone="), strings.HasPrefix(a, "-phone="):
			_, v, _ := strings.Cut(a, "=")
			rest = append(append(rest, args[:i]...), args[i+1:]...)
			return v, rest, true
		}
	}
	return "", args, false
}

// viaTray reports whether the command may go through the running tray
// process: no address was given for this run (a phone named with --phone
// wins over GXPTRAY_PHONE), and --direct was not asked.
func (g *globals) viaTray() bool {
	return !g.direct && g.phone == "" && (g.phoneName != "" || g.env.Getenv("GXPTRAY_PHONE") == "")
}

// phoneAddress is the address of the command's phone without a tray: the
// one given (--phone ADDRESS, GXPTRAY_PHONE), the named phone's, or the
// default phone's in s.
func (g *globals) phoneAddress(s settings.Settings) string {
	if g.phoneName != "" {
		return g.phoneEntry.Address
	}
	return firstNonEmpty(g.phone, g.env.Getenv("GXPTRAY_PHONE"), s.Phone)
}

// pushToken is the Action URL token, kept in the keyring, of the phone
// this run is for in the settings s.
func (g *globals) pushToken(s settings.Settings) (string, error) {
	return settings.PushTokenFor(settings.NewKeyring(3*time.Second), g.phoneAddress(s), s.Phone)
}

// phoneSettings are s with the named phone's own settings in place of the
// default phone's (TLS mode, account), for a client straight to it.
func (g *globals) phoneSettings(s settings.Settings) settings.Settings {
	if g.phoneName == "" {
		return s
	}
	if g.phoneEntry.TLSMode != "" {
		s.TLSMode = g.phoneEntry.TLSMode
	}
	s.Account = g.phoneEntry.Account
	return s
}
