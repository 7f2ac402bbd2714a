package settings

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
)

// The list of phones: the default phone (the top-level Phone, TLSMode,
// PinnedCert, Account and PhoneName) and OtherPhones. The rules of the list
// are here, once: a name is valid (ValidPhoneName) and no other phone has
// it, in any case; an address is valid and no other phone has it once
// canonical (cti.CanonicalAddress: "phone.lan" and "http://phone.lan:80/"
// are one phone, which must not be watched twice); at most MaxPhones.

// MaxPhones bounds the list: each phone costs a poll loop and a login, and
// a person sits next to a few phones, not dozens.
const MaxPhones = 16

// MaxPhoneName bounds a phone's name (in characters).
const MaxPhoneName = 64

// ValidPhoneName reports whether name can name a phone: 1 to MaxPhoneName
// printable characters, not only spaces. The settings keep names trimmed
// (Normalized), and the local API refuses a request for a name that is not
// valid, with this same rule.
func ValidPhoneName(name string) bool {
	if name == "" || !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxPhoneName {
		return false
	}
	blank := true
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return false
		}
		if !unicode.IsSpace(r) {
			blank = false
		}
	}
	return !blank
}

// SamePhoneName reports whether a and b name the same phone: names are
// compared without regard to case ("office" finds "Office").
func SamePhoneName(a, b string) bool { return strings.EqualFold(a, b) }

// normalized trims the text fields and gives an empty TLSMode its default.
func (p Phone) normalized() Phone {
	p.Name = strings.TrimSpace(p.Name)
	p.Address = strings.TrimSpace(p.Address)
	p.TLSMode = strings.TrimSpace(p.TLSMode)
	if p.TLSMode == "" {
		p.TLSMode = TLSPin
	}
	return p
}

// PhoneError says why one phone of the list is refused. Index is its place
// in PhoneList (0 is the default phone, i+1 is OtherPhones[i]; for Load, the
// place of the entry in the file's other_phones, from 1); Name is its name
// as written ("" if it has none). Err is the reason.
type PhoneError struct {
	Index int
	Name  string
	Err   *Invalid
}

func (e *PhoneError) Error() string { return e.Text(englishT{}) }

// Text is the message in the language of t.
func (e *PhoneError) Text(t Translator) string {
	if e.Name == "" {
		return t.T("settings.error.phones.entry_unnamed", e.Index+1, e.Err.Text(t))
	}
	return t.T("settings.error.phones.entry", shown(e.Name), e.Err.Text(t))
}

// Unwrap gives the reason.
func (e *PhoneError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrInvalid) true.
func (e *PhoneError) Is(target error) bool { return target == ErrInvalid }

// PhoneErrors are the refused phones of a list, in its order.
type PhoneErrors []*PhoneError

func (e PhoneErrors) Error() string { return e.Text(englishT{}) }

// Text is the message in the language of t: each refused phone, with why.
func (e PhoneErrors) Text(t Translator) string {
	parts := make([]string, len(e))
	for i, pe := range e {
		parts[i] = pe.Text(t)
	}
	return strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e PhoneErrors) Is(target error) bool { return target == ErrInvalid }

// englishT is the Translator of Error(): the English text.
type englishT struct{}

func (englishT) T(key string, args ...any) string { return i18n.Text(key, args...) }

// ValidatePhones checks the list of phones as a whole (see the rules above)
// and returns the refused ones, nil when all are fine. The default phone's
// own fields are checked by Validate (FieldPhone, FieldTLSMode, ...); here
// its name, and that it has an address when there are other phones.
func (s Settings) ValidatePhones() PhoneErrors {
	_, refused := s.sortPhones(s.OtherPhones)
	return refused
}

// sortPhones checks the default phone's name and then each of others in
// order against the rules and the phones kept before it. It returns the
// others that are kept and, for the default phone and each refused one, why.
func (s Settings) sortPhones(others []Phone) (kept []Phone, refused PhoneErrors) {
	defName := s.PhoneName
	if defName == "" {
		defName = DefaultPhoneName
	}
	if !ValidPhoneName(defName) {
		refused = append(refused, &PhoneError{Index: 0, Name: s.PhoneName, Err: invalid(FieldPhoneName, "settings.error.phones.name", MaxPhoneName)})
	}
	names := []string{defName}
	var addrs []Phone // the canonical address of each phone kept, with its name
	if c, err := cti.CanonicalAddress(s.Phone); err == nil {
		addrs = append(addrs, Phone{Name: defName, Address: c})
	}
	for i, p := range others {
		idx := i + 1
		if s.Phone == "" {
			refused = append(refused, &PhoneError{Index: idx, Name: p.Name, Err: invalid(FieldOtherPhones, "settings.error.phones.no_default")})
			continue
		}
		if err := p.validate(names, addrs, len(kept)+1); err != nil {
			refused = append(refused, &PhoneError{Index: idx, Name: p.Name, Err: err})
			continue
		}
		kept = append(kept, p)
		names = append(names, p.Name)
		if c, err := cti.CanonicalAddress(p.Address); err == nil {
			addrs = append(addrs, Phone{Name: p.Name, Address: c})
		}
	}
	return kept, refused
}

// validate checks one phone of OtherPhones against the rules and the
// phones before it (names, and canonical addresses with their names);
// count is how many phones the list holds before it.
func (p Phone) validate(names []string, addrs []Phone, count int) *Invalid {
	if count >= MaxPhones {
		return invalid(FieldOtherPhones, "settings.error.phones.many", MaxPhones)
	}
	if !ValidPhoneName(p.Name) {
		return invalid(FieldOtherPhones, "settings.error.phones.name", MaxPhoneName)
	}
	for _, n := range names {
		if SamePhoneName(n, p.Name) {
			return invalid(FieldOtherPhones, "settings.error.phones.name_taken", shown(n))
		}
	}
	if err := p.validateFields(); err != nil {
		return err
	}
	c, err := cti.CanonicalAddress(p.Address)
	if err != nil {
		return invalid(FieldOtherPhones, "settings.error.host", shown(p.Address))
	}
	for _, a := range addrs {
		if a.Address == c {
			return invalid(FieldOtherPhones, "settings.error.phones.same_address", shown(a.Name), shown(p.Name), c)
		}
	}
	return nil
}

// validateFields checks what a phone has besides its name: the rules of
// the default phone's fields.
func (p Phone) validateFields() *Invalid {
	tls := p.TLSMode
	if tls == "" {
		tls = TLSPin // as Normalized makes it
	}
	for _, err := range []error{ValidatePhone(p.Address), ValidateTLSMode(tls), ValidateAccount(p.Account)} {
		if inv := (*Invalid)(nil); errors.As(err, &inv) {
			return inv
		}
	}
	return nil
}

// loadPhones sorts the file's other_phones (raw: the array as written, or
// nil) and the entries refused before into the phones that are used and
// those that are not, which stay as written. It never loses an entry: a
// value that is not an array is kept whole.
func (s *Settings) loadPhones(raw json.RawMessage) PhoneErrors {
	var entries []json.RawMessage
	if raw != nil && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		if err := json.Unmarshal(raw, &entries); err != nil {
			entries = []json.RawMessage{raw}
		}
	}
	entries = append(entries, s.RefusedPhones...)
	s.OtherPhones, s.RefusedPhones = nil, nil
	var typed []Phone
	var fromEntry []int // the entry of each typed phone
	var refused PhoneErrors
	for i, e := range entries {
		var p Phone
		if err := json.Unmarshal(e, &p); err != nil {
			refused = append(refused, &PhoneError{Index: i + 1, Err: invalid(FieldOtherPhones, "settings.error.type")})
			s.RefusedPhones = append(s.RefusedPhones, e)
			continue
		}
		typed = append(typed, p.normalized())
		fromEntry = append(fromEntry, i)
	}
	kept, bad := s.sortPhones(typed)
	s.OtherPhones = kept
	for _, pe := range bad {
		if pe.Index == 0 {
			// The default phone's name: it is a field of its own, reset
			// like any other.
			s.PhoneName = ""
		} else {
			entry := fromEntry[pe.Index-1]
			s.RefusedPhones = append(s.RefusedPhones, entries[entry])
			pe.Index = entry + 1 // its place in the file's list
		}
		refused = append(refused, pe)
	}
	slices.SortStableFunc(refused, func(a, b *PhoneError) int { return a.Index - b.Index })
	return refused
}

// fileShape is Settings as the file holds it: the refused phones go back
// into other_phones, after the phones in use, and refused_phones is not
// written (it is nil here and omitted).
type fileShape struct {
	Settings
	OtherPhones   []json.RawMessage `json:"other_phones"`
	RefusedPhones []json.RawMessage `json:"refused_phones,omitempty"`
}

func toFile(s Settings) (fileShape, error) {
	f := fileShape{Settings: s}
	for _, p := range s.OtherPhones {
		b, err := json.Marshal(p)
		if err != nil {
			return f, err
		}
		f.OtherPhones = append(f.OtherPhones, b)
	}
	f.OtherPhones = append(f.OtherPhones, s.RefusedPhones...)
	return f, nil
}
