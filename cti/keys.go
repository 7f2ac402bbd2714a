package cti

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxKeys bounds one key sequence: the phone presses about one key per
// second and cannot be interrupted, so a long sequence locks it for minutes.
const MaxKeys = 64

// namedKeys are the key tokens of api-send_key besides digits and the
// numbered LINEn, MPKn and SOFTn.
var namedKeys = map[string]bool{
	"STAR": true, "POUND": true, "SEND": true, "OFFHOOK": true, "ONHOOK": true,
	"OK": true, "UP": true, "DOWN": true, "LEFT": true, "RIGHT": true, "LOCK": true, "UNLOCK": true,
	"VUP": true, "VDOWN": true, "MUTE": true, "SPEAKER": true, "HOLD": true, "HEADSET": true,
	"CONF": true, "TRANSFER": true,
}

// numberedKeys are the key families that take a number: LINE1, MPK12, SOFT3.
var numberedKeys = []string{"LINE", "MPK", "SOFT"}

// ParseKeys splits a key sequence such as "LINE2:2:0:3:SEND" or "1:*:#" into
// the phone's upper-case tokens ("*" -> STAR, "#" -> POUND). Tokens are
// case-insensitive; a token made only of digits, '*' and '#' ("203", "*72")
// stands for those keys one by one. Unknown tokens wrap ErrInvalidKey.
func ParseKeys(s string) ([]string, error) {
	if len(s) > 16*MaxKeys {
		return nil, fmt.Errorf("%w: key sequence too long", ErrInvalidKey)
	}
	var out []string
	for _, tok := range strings.Split(s, ":") {
		tok = strings.ToUpper(strings.TrimSpace(tok))
		if tok == "" {
			continue
		}
		keys, err := parseKeyToken(tok)
		if err != nil {
			return nil, err
		}
		out = append(out, keys...)
		if len(out) > MaxKeys {
			return nil, fmt.Errorf("%w: more than %d keys in one sequence", ErrInvalidKey, MaxKeys)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no keys given", ErrInvalidKey)
	}
	return out, nil
}

func parseKeyToken(tok string) ([]string, error) {
	if namedKeys[tok] {
		return []string{tok}, nil
	}
	for _, fam := range numberedKeys {
		if n, ok := strings.CutPrefix(tok, fam); ok {
			if v, err := strconv.Atoi(n); err == nil && v >= 1 && v <= 999 && n[0] != '0' && n[0] != '+' {
				return []string{tok}, nil
			}
			return nil, fmt.Errorf("%w: %q (%s needs a number from 1, e.g. %s1)", ErrInvalidKey, excerpt(tok, 20), fam, fam)
		}
	}
	if keys, ok := symbolKeys(tok); ok {
		return keys, nil
	}
	return nil, fmt.Errorf("%w: %q (known keys: 0-9, *, #, STAR, POUND, SEND, LINEn, MPKn, SOFTn, OFFHOOK, ONHOOK, OK, UP, DOWN, LEFT, RIGHT, LOCK, UNLOCK, VUP, VDOWN, MUTE, SPEAKER, HOLD, HEADSET, CONF, TRANSFER)", ErrInvalidKey, excerpt(tok, 20))
}

// symbolKeys maps a string of digits, '*' and '#' to key tokens.
func symbolKeys(s string) ([]string, bool) {
	keys := make([]string, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch >= '0' && ch <= '9':
			keys = append(keys, s[i:i+1])
		case ch == '*':
			keys = append(keys, "STAR")
		case ch == '#':
			keys = append(keys, "POUND")
		default:
			return nil, false
		}
	}
	return keys, len(keys) > 0
}

// DigitKeys turns a dialable number into the keys that type it:
// "203*1#" -> 2 0 3 STAR 1 POUND. A '+' cannot be typed with keys (the phones
// have no key for it): set a "+ replacement" such as 00 in the number rules.
// Pauses (',') cannot be typed either. Errors wrap ErrInvalidNumber.
func DigitKeys(number string) ([]string, error) {
	if strings.HasPrefix(number, "+") {
		return nil, fmt.Errorf("%w: %q starts with +, which cannot be dialed with keys: set a \"+ replacement\" (e.g. 00) in the number settings", ErrInvalidNumber, excerpt(number, 40))
	}
	if strings.Contains(number, ",") {
		return nil, fmt.Errorf("%w: %q contains a pause (,), which cannot be dialed with keys", ErrInvalidNumber, excerpt(number, 40))
	}
	keys, ok := symbolKeys(number)
	if !ok {
		return nil, fmt.Errorf("%w: %q can only contain digits, * and # to be dialed with keys", ErrInvalidNumber, excerpt(number, 40))
	}
	if len(keys) >= MaxKeys {
		return nil, fmt.Errorf("%w: %q is too long to be dialed with keys", ErrInvalidNumber, excerpt(number, 40))
	}
	return keys, nil
}
