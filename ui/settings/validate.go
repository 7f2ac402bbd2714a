package settings

import (
	"math"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gxptray/gxptray/ui/hotkey"
	"github.com/gxptray/gxptray/ui/i18n"
)

// Validate checks every field and returns the problems (nil when none). An
// empty Phone is valid here (not set up yet); the settings window requires
// one with ValidatePhone.
func (s Settings) Validate() Problems {
	var p Problems
	add := func(f Field, err error) {
		if err != nil {
			if p == nil {
				p = Problems{}
			}
			p[f] = err
		}
	}
	if strings.TrimSpace(s.Phone) != "" {
		add(FieldPhone, ValidatePhone(s.Phone))
	}
	add(FieldTLSMode, ValidateTLSMode(s.TLSMode))
	add(FieldPinnedCert, ValidatePinnedCert(s.PinnedCert))
	add(FieldAccount, ValidateAccount(s.Account))
	add(FieldDialMethod, ValidateDialMethod(s.DialMethod))
	add(FieldDialPrefix, ValidateDialPrefix(s.DialPrefix))
	add(FieldPlusReplacement, ValidatePlusReplacement(s.PlusReplacement))
	add(FieldPollInterval, ValidatePollDuration(s.PollInterval.Duration()))
	add(FieldPushListen, ValidatePushListen(s.PushListen))
	add(FieldPopup, ValidatePopup(s.Popup))
	add(FieldScreenPopURL, ValidateScreenPopURL(s.ScreenPopURL))
	add(FieldScreenPopOn, ValidateScreenPopOn(s.ScreenPopOn))
	add(FieldHotkey, ValidateHotkeySyntax(s.Hotkey))
	add(FieldLanguage, ValidateLanguage(s.Language))
	add(FieldContacts, ValidateContacts(s.Contacts))
	add(FieldContactsRegion, ValidateContactsRegion(s.ContactsRegion))
	var others PhoneErrors
	for _, pe := range s.ValidatePhones() {
		if pe.Index == 0 {
			add(FieldPhoneName, pe)
		} else {
			others = append(others, pe)
		}
	}
	if len(others) > 0 {
		add(FieldOtherPhones, others)
	}
	if p[FieldScreenPopURL] == nil && p[FieldScreenPopOn] == nil &&
		strings.TrimSpace(s.ScreenPopURL) == "" && s.ScreenPopOn != ScreenPopOff {
		add(FieldScreenPopURL, invalid(FieldScreenPopURL, "settings.error.screen_pop_url.missing"))
	}
	return p
}

// ValidatePhone checks the phone's address: a host name or IP address,
// optionally with a port and an http:// or https:// scheme. Empty is refused.
func ValidatePhone(addr string) error {
	_, _, err := ParsePhone(addr)
	return err
}

// ParsePhone splits a valid phone address into its scheme ("http", "https",
// or "" when the user gave none: the client chooses) and host[:port] (IPv6
// in brackets), or says why the address is refused.
func ParsePhone(addr string) (scheme, hostport string, err error) {
	const f = FieldPhone
	a := strings.TrimSpace(addr)
	switch {
	case a == "":
		return "", "", invalid(f, "settings.error.phone.empty")
	case utf8.RuneCountInString(a) > MaxAddressLen:
		return "", "", invalid(f, "settings.error.too_long", MaxAddressLen)
	case hasControl(a):
		return "", "", invalid(f, "settings.error.control")
	case strings.Contains(a, "@"):
		// Phones never have '@' in their address: this is "admin:pass@host",
		// and the password would end up in the settings file.
		return "", "", invalid(f, "settings.error.phone.userinfo")
	}
	rest := a
	if i := strings.Index(a, "://"); i >= 0 {
		scheme = strings.ToLower(a[:i])
		if scheme != "http" && scheme != "https" {
			return "", "", invalid(f, "settings.error.phone.scheme")
		}
		rest = a[i+3:]
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		if rest[i:] != "/" {
			return "", "", invalid(f, "settings.error.phone.path")
		}
		rest = rest[:i]
	}
	if rest == "" {
		return "", "", invalid(f, "settings.error.phone.empty")
	}
	hostport, err = checkHostPort(f, rest, true)
	if err != nil {
		return "", "", err
	}
	return scheme, hostport, nil
}

// checkHostPort validates "host", "host:port", "[v6]:port" or a bare IPv6
// address, and returns it in the form net.Dial takes.
func checkHostPort(f Field, hp string, portOptional bool) (string, error) {
	var host, port string
	hasPort := false
	switch {
	case strings.HasPrefix(hp, "["):
		end := strings.Index(hp, "]")
		if end < 0 {
			return "", invalid(f, "settings.error.host", shown(hp))
		}
		host = hp[1:end]
		after := hp[end+1:]
		if ip := net.ParseIP(host); ip == nil || ip.To4() != nil && !strings.Contains(host, ":") {
			return "", invalid(f, "settings.error.host", shown(host))
		}
		if after != "" {
			if !strings.HasPrefix(after, ":") {
				return "", invalid(f, "settings.error.host", shown(hp))
			}
			port, hasPort = after[1:], true
		}
	case strings.Count(hp, ":") > 1:
		if net.ParseIP(hp) == nil {
			return "", invalid(f, "settings.error.host", shown(hp))
		}
		return "[" + hp + "]", nil
	default:
		host = hp
		if i := strings.LastIndex(hp, ":"); i >= 0 {
			host, port, hasPort = hp[:i], hp[i+1:], true
		}
		if err := checkHost(f, host); err != nil {
			return "", err
		}
	}
	if !hasPort {
		if !portOptional {
			return "", invalid(f, "settings.error.port")
		}
		if strings.Contains(host, ":") {
			return "[" + host + "]", nil
		}
		return host, nil
	}
	if !validPort(port) {
		return "", invalid(f, "settings.error.port")
	}
	return net.JoinHostPort(host, port), nil
}

func validPort(p string) bool {
	if p == "" || len(p) > 5 || strings.TrimLeft(p, "0123456789") != "" {
		return false
	}
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535
}

// checkHost accepts an IPv4 address or a DNS host name (ASCII labels).
func checkHost(f Field, h string) error {
	if h == "" {
		return invalid(f, "settings.error.host", shown(h))
	}
	if strings.Trim(h, "0123456789.") == "" {
		// All digits and dots: it must be an IPv4 address, not a name.
		if ip := net.ParseIP(h); ip == nil || ip.To4() == nil {
			return invalid(f, "settings.error.host", shown(h))
		}
		return nil
	}
	name := strings.TrimSuffix(h, ".")
	if len(name) == 0 || len(name) > 253 {
		return invalid(f, "settings.error.host", shown(h))
	}
	for _, label := range strings.Split(name, ".") {
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return invalid(f, "settings.error.host", shown(h))
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return invalid(f, "settings.error.host", shown(h))
			}
		}
	}
	return nil
}

// ValidateTLSMode accepts TLSPin and TLSCA.
func ValidateTLSMode(s string) error { return choice(FieldTLSMode, s, TLSPin, TLSCA) }

// ValidatePinnedCert accepts "" or a SHA-256 fingerprint (64 hex digits,
// colons allowed: see NormalizeFingerprint).
func ValidatePinnedCert(s string) error {
	if s == "" {
		return nil
	}
	if n := NormalizeFingerprint(s); len(n) != 64 || strings.IndexFunc(n, func(r rune) bool { return !isHex(r) }) >= 0 {
		return invalid(FieldPinnedCert, "settings.error.pinned_cert")
	}
	return nil
}

// ValidateAccount accepts 0 (the phone's default) to MaxAccount.
func ValidateAccount(n int) error {
	if n < 0 || n > MaxAccount {
		return invalid(FieldAccount, "settings.error.account", MaxAccount)
	}
	return nil
}

// ValidateDialMethod accepts DialAuto, DialMakeCall and DialKeys.
func ValidateDialMethod(s string) error {
	return choice(FieldDialMethod, s, DialAuto, DialMakeCall, DialKeys)
}

// ValidateDialPrefix accepts up to MaxDialPrefix digits, '*' and '#'.
func ValidateDialPrefix(s string) error {
	if len(s) > MaxDialPrefix || strings.Trim(s, "0123456789*#") != "" {
		return invalid(FieldDialPrefix, "settings.error.dial_prefix", MaxDialPrefix)
	}
	return nil
}

// ValidatePlusReplacement accepts "" (keep the '+') or up to
// MaxPlusReplacement digits.
func ValidatePlusReplacement(s string) error {
	if len(s) > MaxPlusReplacement || strings.Trim(s, "0123456789") != "" {
		return invalid(FieldPlusReplacement, "settings.error.plus_replacement", MaxPlusReplacement)
	}
	return nil
}

// ValidatePollInterval reads what the user typed: a Go duration ("1s",
// "500ms", "1.5s") or a number of seconds ("2"), within MinPollInterval and
// MaxPollInterval.
func ValidatePollInterval(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	d, err := time.ParseDuration(s)
	if err != nil {
		secs, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || math.IsNaN(secs) || math.Abs(secs) > 1e6 {
			return 0, invalid(FieldPollInterval, "settings.error.poll_interval.syntax")
		}
		d = time.Duration(secs * float64(time.Second))
	}
	if err := ValidatePollDuration(d); err != nil {
		return 0, err
	}
	return d, nil
}

// ValidatePollDuration checks the range of a poll interval.
func ValidatePollDuration(d time.Duration) error {
	if d < MinPollInterval || d > MaxPollInterval {
		return invalid(FieldPollInterval, "settings.error.poll_interval.range",
			MinPollInterval.String(), MaxPollInterval.String())
	}
	return nil
}

// ValidatePushListen accepts "" (off) or host:port with a fixed port; the
// host may be empty or an unspecified address to listen on every interface.
func ValidatePushListen(s string) error {
	const f = FieldPushListen
	if s == "" {
		return nil
	}
	if utf8.RuneCountInString(s) > MaxAddressLen {
		return invalid(f, "settings.error.too_long", MaxAddressLen)
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil || hasControl(s) {
		return invalid(f, "settings.error.push_listen")
	}
	if !validPort(port) {
		return invalid(f, "settings.error.port")
	}
	if host == "" || net.ParseIP(host) != nil {
		return nil
	}
	return checkHost(f, host)
}

// ValidatePopup accepts PopupAuto, PopupOn and PopupOff.
func ValidatePopup(s string) error { return choice(FieldPopup, s, PopupAuto, PopupOn, PopupOff) }

// ValidateScreenPopOn accepts ScreenPopOff, ScreenPopRing and ScreenPopAnswer.
func ValidateScreenPopOn(s string) error {
	return choice(FieldScreenPopOn, s, ScreenPopOff, ScreenPopRing, ScreenPopAnswer)
}

// ValidateLanguage accepts LanguageSystem and the languages of ui/i18n.
func ValidateLanguage(s string) error {
	return choice(FieldLanguage, s, append([]string{LanguageSystem}, i18n.Languages()...)...)
}

// placeholder matches {word} in a screen pop template.
var placeholder = regexp.MustCompile(`\{[^{}/?#&=]*\}`)

// ValidateScreenPopURL accepts "" or an http(s) URL whose only placeholders
// are {number} and {name}.
func ValidateScreenPopURL(s string) error {
	const f = FieldScreenPopURL
	if s == "" {
		return nil
	}
	switch {
	case utf8.RuneCountInString(s) > MaxScreenPopURLLen:
		return invalid(f, "settings.error.too_long", MaxScreenPopURLLen)
	case hasControl(s):
		return invalid(f, "settings.error.control")
	}
	for _, ph := range placeholder.FindAllString(s, -1) {
		if ph != "{number}" && ph != "{name}" {
			return invalid(f, "settings.error.screen_pop_url.placeholder", shown(ph))
		}
	}
	_, err := ScreenPopLink(s, "1", "a")
	return err
}

// ScreenPopLink fills a screen pop template with the caller's number and
// name, escaped so that they cannot change the URL's structure (a name
// "A&b=c" stays one value), and checks that the result is an http(s) URL.
func ScreenPopLink(tmpl, number, name string) (string, error) {
	const f = FieldScreenPopURL
	esc := func(v string) string { return strings.ReplaceAll(url.QueryEscape(v), "+", "%20") }
	link := strings.NewReplacer("{number}", esc(number), "{name}", esc(name)).Replace(strings.TrimSpace(tmpl))
	u, err := url.Parse(link)
	if err != nil {
		return "", invalid(f, "settings.error.screen_pop_url.syntax")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", invalid(f, "settings.error.screen_pop_url.scheme")
	}
	if u.Host == "" || u.Opaque != "" {
		return "", invalid(f, "settings.error.screen_pop_url.syntax")
	}
	return link, nil
}

// Hotkey modifiers, by alias, and the canonical name used to spot repeats.
var hotkeyModifiers = map[string]string{
	"ctrl": "ctrl", "control": "ctrl",
	"shift": "shift",
	"alt":   "alt", "option": "alt",
	"super": "super", "win": "super", "meta": "super", "cmd": "super", "command": "super",
}

var hotkeyNamedKeys = map[string]bool{
	"space": true, "enter": true, "return": true, "tab": true, "escape": true, "esc": true,
	"backspace": true, "delete": true, "insert": true, "home": true, "end": true,
	"pageup": true, "pagedown": true, "up": true, "down": true, "left": true, "right": true,
}

// ValidateHotkeySyntax is a light check of a key combination such as
// "Ctrl+Shift+D": modifiers, then one key. "" (no hotkey) is valid. Whether
// the desktop can register it is found out by ui/hotkey.
func ValidateHotkeySyntax(s string) error {
	const f = FieldHotkey
	if s == "" {
		return nil
	}
	if len(s) > 64 || hasControl(s) {
		return invalid(f, "settings.error.hotkey.syntax")
	}
	parts := strings.Split(s, "+")
	seen := map[string]bool{}
	for i, raw := range parts {
		p := strings.TrimSpace(raw)
		if p == "" {
			return invalid(f, "settings.error.hotkey.syntax")
		}
		mod, isMod := hotkeyModifiers[strings.ToLower(p)]
		last := i == len(parts)-1
		switch {
		case isMod && last:
			return invalid(f, "settings.error.hotkey.modifier")
		case isMod:
			if seen[mod] {
				return invalid(f, "settings.error.hotkey.repeat", shown(p))
			}
			seen[mod] = true
		case !last:
			return invalid(f, "settings.error.hotkey.syntax")
		case !validHotkeyKey(p):
			return invalid(f, "settings.error.hotkey.key", shown(p))
		}
	}
	if len(seen) == 0 {
		return invalid(f, "settings.error.hotkey.modifier")
	}
	// The checks above give translated messages for the usual mistakes; the
	// hotkey package has the last word, so nothing saved here is refused at
	// registration (Shift+D, for one, would swallow normal typing).
	if _, err := hotkey.Parse(s); err != nil {
		reason := err.Error()
		if i := strings.Index(reason, ": "); i >= 0 {
			reason = reason[i+2:]
		}
		return invalid(f, "settings.error.hotkey.unusable", shown(reason))
	}
	return nil
}

func validHotkeyKey(k string) bool {
	if len(k) == 1 {
		c := k[0]
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	l := strings.ToLower(k)
	if hotkeyNamedKeys[l] {
		return true
	}
	if n, err := strconv.Atoi(strings.TrimPrefix(l, "f")); err == nil && l[0] == 'f' && l[1] != '0' && n >= 1 && n <= 24 {
		return true
	}
	return false
}

// choice accepts one of the allowed values, exactly.
func choice(f Field, v string, allowed ...string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return invalid(f, "settings.error.choice", shown(v), strings.Join(allowed, ", "))
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError }) >= 0
}

// shown makes a refused value safe to put in a message: no control
// characters, at most 40 characters.
func shown(v string) string {
	const max = 40
	v = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return '?'
		}
		return r
	}, v)
	if r := []rune(v); len(r) > max {
		return string(r[:max]) + "…"
	}
	return v
}
