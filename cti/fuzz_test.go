package cti

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzNormalize: hostile clipboard text never panics, and what is accepted
// is always dialable (digits, *, #, a leading +, , pauses) and bounded.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"+7 (495) 123-45-67", "tel:+1-555-0100;ext=12", "sip:203@pbx", "sips:%2B1555@x;user=phone",
		"8 800 555 35 35", "+1 555 0100 ext. 12", "＋７ ４９５", "*72#", "call me", "++1", "٢٠٣",
		"Alice <sip:203@pbx>", "callto://+15550100", "+15550100,,12#", "tel:%zz", "\u200e203\u200f",
	} {
		f.Add(s, "", "")
		f.Add(s, "9", "00")
	}
	f.Fuzz(func(t *testing.T, text, prefix, plus string) {
		rules := NumberRules{Prefix: prefix, PlusReplacement: plus}
		out, err := rules.Normalize(text)
		if err != nil {
			if !errors.Is(err, ErrInvalidNumber) && !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("Normalize(%q) error %v wraps neither ErrInvalidNumber nor ErrInvalidConfig", text, err)
			}
			if !utf8.ValidString(err.Error()) {
				t.Fatalf("error text is not valid UTF-8: %q", err)
			}
			return
		}
		if err := checkDialable(out.String()); err != nil {
			t.Fatalf("Normalize(%q) = %q, not dialable: %v", text, out, err)
		}
		if strings.Trim(out.String(), "0123456789*#+,") != "" || strings.LastIndex(out.String(), "+") > 0 {
			t.Fatalf("Normalize(%q) = %q has other characters", text, out)
		}
		if len(out.String()) > 80 {
			t.Fatalf("Normalize(%q) = %q is too long", text, out)
		}
		// Normalizing the output again changes nothing, rules or not: a call
		// back from the history must not dial the prefix twice.
		again, err := rules.Normalize(out.String())
		if err != nil || again != out {
			t.Fatalf("Normalize(%q) = %q, but again = %q, %v", text, out, again, err)
		}
	})
}

// FuzzDecodeLineStatus: any reply body gives lines or an error of the
// classes the monitor handles; never a panic.
func FuzzDecodeLineStatus(f *testing.F) {
	for _, s := range []string{
		seedLineStatus,
		`{"response":"success","body":[{"line":1,"state":"ringing","acct":"","active":1,"remotename":"Acme","remotenumber":"+15555550100","conf":0}]}`,
		`{"response":"error","body":"unauthorized"}`,
		`{"response":"error","body":false}`,
		`{"response":"success","body":"busy","misc":"0"}`,
		`{"response":"success","body":[1,"x",null,{"line":"2","acct":null}]}`,
		`<html></html>`, `{"response":"success","body":[`, ``,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		lines, err := decodeLineStatus(http.StatusOK, []byte(data))
		if err != nil {
			if !errors.Is(err, ErrBadReply) && !errors.Is(err, ErrPhone) && !errors.Is(err, ErrUnauthorized) {
				t.Fatalf("error %v is not ErrBadReply/ErrPhone/ErrUnauthorized", err)
			}
			if lines != nil {
				t.Fatalf("lines and an error")
			}
			return
		}
		for _, l := range lines {
			if l.Line <= 0 {
				t.Fatalf("line number %d", l.Line)
			}
		}
	})
}

// FuzzParseKeys: accepted sequences are known tokens only, within bounds.
func FuzzParseKeys(f *testing.F) {
	for _, s := range []string{"LINE2:2:0:3:SEND", "1:*:#", "mpk3", "*72#", "FIRE", "LINE0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		keys, err := ParseKeys(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("error %v does not wrap ErrInvalidKey", err)
			}
			return
		}
		if len(keys) == 0 || len(keys) > MaxKeys {
			t.Fatalf("%d keys", len(keys))
		}
		again, err := ParseKeys(strings.Join(keys, ":"))
		if err != nil || strings.Join(again, ":") != strings.Join(keys, ":") {
			t.Fatalf("tokens %q do not parse back: %q %v", keys, again, err)
		}
	})
}

// checkDialable is what the phone can dial, the property every Dialable
// has; the tests check Normalize's output against it. It accepts: digits, '*',
// '#', a leading '+' followed by a digit, and ',' pauses after the first
// digit. Errors wrap ErrInvalidNumber.
func checkDialable(s string) error {
	if s == "" {
		return &NumberError{Reason: "the number is empty"}
	}
	if len(s) > maxNumberDigits+maxPostDigits+maxRuleLen*2+8 {
		return invalidNumber(s, "is too long")
	}
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch >= '0' && ch <= '9', ch == '*', ch == '#':
		case ch == '+' && i == 0 && len(s) > 1 && s[1] >= '0' && s[1] <= '9':
		case ch == ',' && i > 0:
		default:
			return invalidNumber(s, "is not dialable: only digits, *, #, a leading + and , pauses (use NumberRules.Normalize on copied text)")
		}
	}
	if countDigits(s) == 0 {
		return invalidNumber(s, "has no digits")
	}
	return nil
}
