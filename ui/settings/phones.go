package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gxptray/gxptray/cti"
)

// What belongs to one phone is keyed by its cti.CanonicalAddress, never by
// the address as typed: "https://phone:443/" and "https://phone" are one
// phone, "https://phone" and "https://other" are two, and a secret or a pin
// of one never serves the other.

// SecretPasscodePhone names the stored secret that records which phone the
// stored passcode belongs to (its canonical address). It is no secret
// itself, but it must change together with the passcode, so it lives in the
// same store.
const SecretPasscodePhone = "passcode-phone"

// ErrPasscodeOtherPhone: the stored passcode was saved for another phone.
var ErrPasscodeOtherPhone = errors.New("the saved passcode belongs to another phone")

// OtherPhoneError says which phone the stored passcode belongs to and which
// one asked for it. It matches ErrPasscodeOtherPhone.
type OtherPhoneError struct {
	SavedFor, Asked string // canonical addresses
}

func (e *OtherPhoneError) Error() string {
	return fmt.Sprintf("the saved passcode belongs to %s, not to %s: type the passcode of %s", e.SavedFor, e.Asked, e.Asked)
}

// Is makes errors.Is(err, ErrPasscodeOtherPhone) true.
func (e *OtherPhoneError) Is(target error) bool { return target == ErrPasscodeOtherPhone }

// canonical is cti.CanonicalAddress, or the trimmed text when it is not a
// valid address (it then matches nothing valid).
func canonical(addr string) string {
	if c, err := cti.CanonicalAddress(addr); err == nil {
		return c
	}
	return "invalid:" + addr
}

// SavePasscode stores passcode as the passcode of phone.
func SavePasscode(store SecretStore, phone, passcode string) error {
	c, err := cti.CanonicalAddress(phone)
	if err != nil {
		return err
	}
	// The old passcode goes first: whatever step fails, no passcode is ever
	// recorded as another phone's than its own.
	if err := store.Delete(SecretPasscode); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	// And the phone's own secret, which PasscodeFor would read first.
	if err := store.Delete(passcodeSlot(c)); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	if err := store.Set(SecretPasscodePhone, c); err != nil {
		return err
	}
	return store.Set(SecretPasscode, passcode)
}

// PasscodeOwner is the canonical address the stored passcode belongs to.
// A passcode stored before owners were recorded belongs to savedPhone (the
// phone of the settings file, which it was saved with); the owner is then
// recorded, so that a later change of the settings' phone does not carry the
// passcode along. "" and ErrNotFound when no passcode is stored.
func PasscodeOwner(store SecretStore, savedPhone string) (string, error) {
	if _, err := store.Get(SecretPasscode); err != nil {
		return "", err
	}
	owner, err := store.Get(SecretPasscodePhone)
	switch {
	case err == nil && owner != "":
		return canonical(owner), nil
	case err != nil && !errors.Is(err, ErrNotFound):
		return "", err
	}
	c, cerr := cti.CanonicalAddress(savedPhone)
	if cerr != nil {
		// No phone saved either: nobody can claim it yet.
		return "", &OtherPhoneError{SavedFor: "(unknown)", Asked: canonical(savedPhone)}
	}
	_ = store.Set(SecretPasscodePhone, c) // best effort; asked again next time
	return c, nil
}

// PasscodeFor returns the stored passcode of phone: the one saved for it
// with SavePasscodeFor, else the passcode of SecretPasscode when it belongs
// to phone. It is an *OtherPhoneError when no passcode is saved for phone
// and that one belongs to another phone (for a phone of OtherPhones, this
// only means that none is stored for it), ErrNotFound when none is stored,
// or the store's error. savedPhone is the settings file's phone (see
// PasscodeOwner).
func PasscodeFor(store SecretStore, phone, savedPhone string) (string, error) {
	if store == nil {
		return "", ErrNoKeyring
	}
	want := canonical(phone)
	if v, err := store.Get(passcodeSlot(want)); err == nil {
		return v, nil
	} else if !errors.Is(err, ErrNotFound) {
		return "", err
	}
	owner, err := PasscodeOwner(store, savedPhone)
	if err != nil {
		return "", err
	}
	if owner != want {
		return "", &OtherPhoneError{SavedFor: owner, Asked: want}
	}
	return store.Get(SecretPasscode)
}

// Several phones, one passcode each. The passcode of SecretPasscode, with
// its owner in SecretPasscodePhone, is the one GXP Tray always had (the
// default phone's, as a rule): it keeps working as it is, nothing is
// migrated. Every other phone's is a secret of its own, named after the
// phone's canonical address (passcodeSlot). PasscodeFor reads a phone's
// own secret first, so SavePasscode, which writes the first kind, deletes
// the phone's own secret: a phone never has two passcodes of which the
// older one could win.

// passcodeSlot names the secret of the passcode of the phone at canonical
// address c.
func passcodeSlot(c string) string { return SecretPasscode + "@" + c }

// SavePasscodeFor stores passcode as the passcode of phone, any phone of
// the list: in place of the passcode of SecretPasscode when that one is
// phone's, else in phone's own secret. The other phones' passcodes are
// left alone.
func SavePasscodeFor(store SecretStore, phone, passcode string) error {
	c, err := cti.CanonicalAddress(phone)
	if err != nil {
		return err
	}
	if owner, err := store.Get(SecretPasscodePhone); err == nil && canonical(owner) == c {
		if _, err := store.Get(SecretPasscode); err == nil {
			return SavePasscode(store, phone, passcode)
		}
	}
	return store.Set(passcodeSlot(c), passcode)
}

// DeletePasscodeFor forgets the passcode of phone (its own secret, and the
// passcode of SecretPasscode when it is phone's): nil when one was stored,
// ErrNotFound when none was, else the store's error.
func DeletePasscodeFor(store SecretStore, phone string) error {
	c, err := cti.CanonicalAddress(phone)
	if err != nil {
		return err
	}
	found := false
	switch err := store.Delete(passcodeSlot(c)); {
	case err == nil:
		found = true
	case !errors.Is(err, ErrNotFound):
		return err
	}
	if owner, err := store.Get(SecretPasscodePhone); err == nil && canonical(owner) == c {
		switch err := store.Delete(SecretPasscode); {
		case err == nil:
			found = true
		case !errors.Is(err, ErrNotFound):
			return err
		}
	}
	if !found {
		return ErrNotFound
	}
	return nil
}

// MovePasscode gives the passcode stored for from to the phone to, after
// the person agreed in words naming both addresses. Nothing changes when
// the stored passcode is not from's.
func MovePasscode(store SecretStore, from, to string) error {
	owner, err := store.Get(SecretPasscodePhone)
	if err != nil || owner != canonical(from) {
		return &OtherPhoneError{SavedFor: canonical(owner), Asked: canonical(from)}
	}
	pass, err := store.Get(SecretPasscode)
	if err != nil {
		return err
	}
	return SavePasscode(store, to, pass)
}

// ClaimPasscode records that a stored passcode without an owner belongs to
// savedPhone. The settings window calls it before it saves another phone
// address, so the old phone's passcode stays the old phone's.
func ClaimPasscode(store SecretStore, savedPhone string) {
	if store != nil {
		_, _ = PasscodeOwner(store, savedPhone)
	}
}

// knownPhonesFile holds the pinned certificates of phones other than the
// settings' own (given with --phone or GXPTRAY_PHONE), next to the settings
// file: {"https://host:port": "sha256hex", ...}.
func knownPhonesFile(configFile string) string {
	return filepath.Join(filepath.Dir(configFile), "known_phones.json")
}

const maxKnownPhones = 64

func loadKnownPhones(configFile string) map[string]string {
	m := map[string]string{}
	if configFile == "" {
		return m
	}
	data, err := os.ReadFile(knownPhonesFile(configFile))
	if err != nil || len(data) > 64<<10 {
		return m
	}
	var raw map[string]string
	if json.Unmarshal(data, &raw) != nil {
		return m
	}
	for k, v := range raw {
		if fp := NormalizeFingerprint(v); ValidatePinnedCert(fp) == nil && fp != "" {
			m[canonical(k)] = fp
		}
	}
	return m
}

// PinFor returns the pinned certificate of the phone at addr: the settings'
// own pin when addr is the settings' phone (in any spelling), else the one
// remembered in the known-phones file; "" when none.
func PinFor(configFile string, set Settings, addr string) string {
	c := canonical(addr)
	if set.Phone != "" && canonical(set.Phone) == c {
		return set.PinnedCert
	}
	return loadKnownPhones(configFile)[c]
}

// SavePin remembers the first certificate of the phone at addr: in the
// settings file when it is the settings' phone, else in the known-phones
// file. It never replaces a pin already there (a changed certificate is
// refused, not re-pinned).
func SavePin(configFile, addr, fp string) error {
	fp = NormalizeFingerprint(fp)
	if err := ValidatePinnedCert(fp); err != nil || fp == "" {
		return fmt.Errorf("settings: not a certificate fingerprint")
	}
	c, err := cti.CanonicalAddress(addr)
	if err != nil {
		return err
	}
	if configFile == "" {
		return errors.New("settings: no settings file to keep the pinned certificate in")
	}
	return locked(configFile, func() error { return savePinLocked(configFile, c, fp) })
}

// savePinLocked is SavePin's work, with the settings lock held.
func savePinLocked(configFile, c, fp string) error {
	set, _, err := Load(configFile)
	if err == nil && set.Phone != "" && canonical(set.Phone) == c {
		if set.PinnedCert != "" {
			return nil
		}
		set.PinnedCert = fp
		return Save(configFile, set)
	}
	known := loadKnownPhones(configFile)
	if known[c] != "" {
		return nil
	}
	if len(known) >= maxKnownPhones {
		return fmt.Errorf("settings: %d phones are remembered already (%s)", maxKnownPhones, knownPhonesFile(configFile))
	}
	known[c] = fp
	data, err := json.MarshalIndent(known, "", "  ")
	if err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	return writeFileAtomic(knownPhonesFile(configFile), append(data, '\n'), 0o600)
}
