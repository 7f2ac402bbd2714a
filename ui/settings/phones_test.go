package settings

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestPasscodeBelongsToItsPhone(t *testing.T) {
	var store MemoryStore
	// Saved before owners were recorded: it is the settings' phone's, and
	// stays so when the settings later name another phone.
	store.Set(SecretPasscode, "old-secret")
	if p, err := PasscodeFor(&store, "HTTP://Phone.lan:80/", "phone.lan"); err != nil || p != "old-secret" {
		t.Fatalf("legacy passcode for its phone: %q, %v", p, err)
	}
	_, err := PasscodeFor(&store, "other.lan", "other.lan")
	var other *OtherPhoneError
	if !errors.As(err, &other) || other.SavedFor != "http://phone.lan" || other.Asked != "http://other.lan" || !errors.Is(err, ErrPasscodeOtherPhone) {
		t.Fatalf("after the settings moved to another phone: %v", err)
	}
	if err := SavePasscode(&store, "https://other.lan:443", "new-secret"); err != nil {
		t.Fatal(err)
	}
	if p, err := PasscodeFor(&store, "https://other.lan/", "x"); err != nil || p != "new-secret" {
		t.Fatalf("typed for the new phone: %q, %v", p, err)
	}
	if _, err := PasscodeFor(&store, "http://other.lan", "x"); !errors.Is(err, ErrPasscodeOtherPhone) {
		t.Fatalf("another scheme is another phone: %v", err)
	}
}

func TestPinsByCanonicalAddress(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "settings.json")
	fpA, fpB := "aa"+strings.Repeat("0", 62), "bb"+strings.Repeat("0", 62)
	s := Defaults()
	s.Phone = "https://phone.lan:8443"
	if err := Save(cfg, s); err != nil {
		t.Fatal(err)
	}
	if err := SavePin(cfg, "HTTPS://PHONE.lan:8443/", fpA); err != nil {
		t.Fatal(err)
	}
	loaded, _, _ := Load(cfg)
	if loaded.PinnedCert != fpA || PinFor(cfg, loaded, "https://phone.lan:8443/") != fpA {
		t.Fatalf("the settings' phone pin: %q", loaded.PinnedCert)
	}
	if err := SavePin(cfg, "https://10.0.0.7", fpB); err != nil {
		t.Fatal(err)
	}
	if got := PinFor(cfg, loaded, "https://10.0.0.7:443/"); got != fpB {
		t.Fatalf("command-line phone pin %q", got)
	}
	if got := PinFor(cfg, loaded, "https://10.0.0.7:8443"); got != "" {
		t.Fatalf("another port has pin %q", got)
	}
	// A pin is never replaced by SavePin.
	_ = SavePin(cfg, "https://10.0.0.7", fpA)
	if got := PinFor(cfg, loaded, "https://10.0.0.7"); got != fpB {
		t.Fatalf("pin replaced: %q", got)
	}
}
