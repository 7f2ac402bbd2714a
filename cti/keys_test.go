package cti

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseKeys(t *testing.T) {
	cases := map[string][]string{
		"LINE2:2:0:3:SEND":       {"LINE2", "2", "0", "3", "SEND"},
		"line2:2:0:3:send":       {"LINE2", "2", "0", "3", "SEND"},
		"1:*:#":                  {"1", "STAR", "POUND"},
		" 203 : send ":           {"2", "0", "3", "SEND"},
		"*72#":                   {"STAR", "7", "2", "POUND"},
		"mpk12:soft3:OffHook":    {"MPK12", "SOFT3", "OFFHOOK"},
		"VUP:VDOWN:MUTE:SPEAKER": {"VUP", "VDOWN", "MUTE", "SPEAKER"},
		"hold:headset:conf:transfer:ok:up:down:left:right:lock:unlock:onhook:star:pound": {
			"HOLD", "HEADSET", "CONF", "TRANSFER", "OK", "UP", "DOWN", "LEFT", "RIGHT", "LOCK", "UNLOCK", "ONHOOK", "STAR", "POUND"},
		"LINE2:": {"LINE2"},
	}
	for in, want := range cases {
		got, err := ParseKeys(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("ParseKeys(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := map[string]string{
		"":                          "no keys",
		":::":                       "no keys",
		"FIRE":                      `"FIRE"`,
		"LINE0":                     "LINE needs a number",
		"LINE":                      "LINE needs a number",
		"LINE02":                    "LINE needs a number",
		"LINE-1":                    "LINE needs a number",
		"LINE1000":                  "LINE needs a number",
		"1:2;reboot":                "not a phone key",
		"SEND&passcode=x":           "not a phone key",
		"+1":                        "not a phone key",
		strings.Repeat("1:", 65):    "more than 64",
		strings.Repeat("1", 65):     "more than 64",
		strings.Repeat("x", 100000): "too long",
	}
	for in, want := range bad {
		_, err := ParseKeys(in)
		if !errors.Is(err, ErrInvalidKey) || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseKeys(%.30q) = %v; want ErrInvalidKey saying %q", in, err, want)
		}
	}
	if got, err := ParseKeys(strings.Repeat("1:", 64)); err != nil || len(got) != 64 {
		t.Errorf("64 keys: %d, %v", len(got), err)
	}
}

func TestDigitKeys(t *testing.T) {
	got, err := DigitKeys("203*1#")
	if want := []string{"2", "0", "3", "STAR", "1", "POUND"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("DigitKeys = %q, %v; want %q", got, err, want)
	}
	for in, want := range map[string]string{
		"+74951234567":          "+ replacement",
		"203,12":                "pause",
		"2 03":                  "only contain digits",
		"":                      "only contain digits",
		strings.Repeat("1", 64): "too long",
	} {
		_, err := DigitKeys(in)
		if !errors.Is(err, ErrInvalidNumber) || !strings.Contains(err.Error(), want) {
			t.Errorf("DigitKeys(%q) = %v; want ErrInvalidNumber saying %q", in, err, want)
		}
	}
}
