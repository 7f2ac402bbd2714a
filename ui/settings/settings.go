package settings

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/gxptray/gxptray/cti/contacts/dirapi"
)

// Settings is everything the user configures, except secrets (see
// SecretStore). The JSON names are also the Field names.
type Settings struct {
	Phone           string   `json:"phone"`            // host, host:port, http://..., https://...; "" = not set up yet
	TLSMode         string   `json:"tls_mode"`         // TLSPin | TLSCA
	PinnedCert      string   `json:"pinned_cert"`      // SHA-256 of the phone's certificate, lowercase hex; "" = pin at first use
	Account         int      `json:"account"`          // 1-based account used for dialing; 0 = phone default
	DialMethod      string   `json:"dial_method"`      // DialAuto | DialMakeCall | DialKeys
	DialPrefix      string   `json:"dial_prefix"`      // digits, * and # only, at most MaxDialPrefix
	PlusReplacement string   `json:"plus_replacement"` // "" keeps '+', else digits such as "00" or "8"
	PollInterval    Duration `json:"poll_interval"`    // MinPollInterval..MaxPollInterval
	PushListen      string   `json:"push_listen"`      // "" = off, else host:port
	Notifications   bool     `json:"notifications"`
	Popup           string   `json:"popup"`          // PopupAuto | PopupOn | PopupOff
	Beep            bool     `json:"beep"`           // off by default: the desk phone rings already
	ScreenPopURL    string   `json:"screen_pop_url"` // http(s) URL template with {number} and {name}
	ScreenPopOn     string   `json:"screen_pop_on"`  // ScreenPopOff | ScreenPopRing | ScreenPopAnswer
	Hotkey          string   `json:"hotkey"`         // e.g. "Ctrl+Shift+D"; "" = no hotkey
	Autostart       bool     `json:"autostart"`
	Language        string   `json:"language"` // LanguageSystem | "en" | "ru"
	// Address books that name callers, in order of preference (the first
	// that knows a number wins); passwords are in the keyring.
	Contacts       []dirapi.SourceConfig `json:"contacts"`
	ContactsRegion string                `json:"contacts_region"` // "" = from the locale; else e.g. "RU", "US"
	// PhoneName names the phone of Phone/TLSMode/PinnedCert/Account, the
	// default phone ("" = DefaultPhoneName), where several phones need
	// names. OtherPhones are the phones after it. A one-phone file keeps
	// its phone where it always had it; PhoneList gives them all.
	PhoneName   string  `json:"phone_name"`
	OtherPhones []Phone `json:"other_phones"`
	// RefusedPhones are the entries of the file's other_phones that Load
	// could not use (see LoadPhones), as written. Save writes them back
	// into other_phones after the valid ones, so that a bad entry is never
	// lost; the person corrects it in the file (or removes it), and the
	// next Load takes it if it is valid then.
	RefusedPhones []json.RawMessage `json:"refused_phones,omitempty"`
}

// Phone is one desk phone of the list: what Phone, TLSMode and Account are
// for the default phone. Its password is in the keyring, stored for its
// address. The pinned certificate of a phone of OtherPhones is kept with
// the known phones' (PinFor, SavePin), not here: a window that edits the
// list can then never blank a pin the tray saved meanwhile.
type Phone struct {
	Name    string `json:"name"`
	Address string `json:"address"`
	TLSMode string `json:"tls_mode,omitempty"`
	Account int    `json:"account,omitempty"`
	// PinnedCert is filled by PhoneList for the default phone only.
	PinnedCert string `json:"-"`
}

// DefaultPhoneName names the default phone when PhoneName is empty.
const DefaultPhoneName = "Phone"

// PhoneList is every phone, the default phone first (none while no phone
// is set up).
func (s Settings) PhoneList() []Phone {
	if s.Phone == "" && len(s.OtherPhones) == 0 {
		return nil
	}
	name := s.PhoneName
	if name == "" {
		name = DefaultPhoneName
	}
	first := Phone{Name: name, Address: s.Phone, TLSMode: s.TLSMode, PinnedCert: s.PinnedCert, Account: s.Account}
	return append([]Phone{first}, s.OtherPhones...)
}

// Choices of the enumerated fields.
const (
	TLSPin = "pin" // trust the certificate seen first (phones are self-signed), then require the same
	TLSCA  = "ca"  // require a certificate that chains to a trusted authority

	DialAuto     = "auto"      // api-make_call when the phone allows it, else key presses
	DialMakeCall = "make_call" // api-make_call only
	DialKeys     = "keys"      // api-send_key only

	PopupAuto = "auto" // a call window where notifications cannot carry buttons
	PopupOn   = "on"
	PopupOff  = "off"

	ScreenPopOff    = "off"
	ScreenPopRing   = "ring"
	ScreenPopAnswer = "answer"

	LanguageSystem = "system"
)

// Limits of the validated fields.
const (
	MinPollInterval     = 250 * time.Millisecond
	MaxPollInterval     = 10 * time.Second
	MaxAccount          = 16 // the largest account count of Grandstream desk phones
	MaxDialPrefix       = 8
	MaxPlusReplacement  = 6
	MaxAddressLen       = 255
	MaxScreenPopURLLen  = 2048
	DefaultHotkey       = "Ctrl+Shift+D"
	DefaultPollInterval = time.Second
)

// Defaults are the settings of a new user.
func Defaults() Settings {
	return Settings{
		TLSMode:       TLSPin,
		DialMethod:    DialAuto,
		PollInterval:  Duration(DefaultPollInterval),
		Notifications: true,
		Popup:         PopupAuto,
		ScreenPopOn:   ScreenPopOff,
		Hotkey:        DefaultHotkey,
		Language:      LanguageSystem,
	}
}

// Field names one setting; it is the setting's JSON name.
type Field string

// The fields of Settings.
const (
	FieldPhone           Field = "phone"
	FieldTLSMode         Field = "tls_mode"
	FieldPinnedCert      Field = "pinned_cert"
	FieldAccount         Field = "account"
	FieldDialMethod      Field = "dial_method"
	FieldDialPrefix      Field = "dial_prefix"
	FieldPlusReplacement Field = "plus_replacement"
	FieldPollInterval    Field = "poll_interval"
	FieldPushListen      Field = "push_listen"
	FieldNotifications   Field = "notifications"
	FieldPopup           Field = "popup"
	FieldBeep            Field = "beep"
	FieldScreenPopURL    Field = "screen_pop_url"
	FieldScreenPopOn     Field = "screen_pop_on"
	FieldHotkey          Field = "hotkey"
	FieldAutostart       Field = "autostart"
	FieldLanguage        Field = "language"
	FieldPhoneName       Field = "phone_name"
	FieldOtherPhones     Field = "other_phones"
	FieldRefusedPhones   Field = "refused_phones"
	FieldContacts        Field = "contacts"
	FieldContactsRegion  Field = "contacts_region"
)

// Label is the i18n key of the field's label in the settings window
// ("settings.phone").
func (f Field) Label() string { return "settings." + string(f) }

// Normalized returns s with surrounding spaces removed from text fields and
// the pinned fingerprint in its canonical form (lowercase hex, no
// separators). Save and Load normalize; the settings window may too before
// validating what the user typed.
func (s Settings) Normalized() Settings {
	for _, p := range []*string{&s.Phone, &s.TLSMode, &s.DialMethod, &s.DialPrefix, &s.PlusReplacement,
		&s.PushListen, &s.Popup, &s.ScreenPopURL, &s.ScreenPopOn, &s.Hotkey, &s.Language, &s.ContactsRegion} {
		*p = strings.TrimSpace(*p)
	}
	s.PinnedCert = NormalizeFingerprint(s.PinnedCert)
	s.PhoneName = strings.TrimSpace(s.PhoneName)
	if len(s.OtherPhones) == 0 {
		s.OtherPhones = nil
	} else {
		s.OtherPhones = slices.Clone(s.OtherPhones)
		for i := range s.OtherPhones {
			s.OtherPhones[i] = s.OtherPhones[i].normalized()
		}
	}
	if len(s.RefusedPhones) == 0 {
		s.RefusedPhones = nil
	}
	s.ContactsRegion = strings.ToUpper(s.ContactsRegion)
	if len(s.Contacts) == 0 {
		s.Contacts = nil
	}
	return s
}

// NormalizeFingerprint writes a SHA-256 fingerprint as the phone's web page
// or openssl may show it ("AB:CD:...", "ab cd ...") in the form the settings
// keep: lowercase hex without separators. Other text is returned trimmed and
// otherwise unchanged, for the validator to reject.
func NormalizeFingerprint(s string) string {
	s = strings.TrimSpace(s)
	compact := strings.NewReplacer(":", "", " ", "", "-", "").Replace(s)
	if len(compact) != 64 {
		return s
	}
	for _, c := range compact {
		if !isHex(c) {
			return s
		}
	}
	return strings.ToLower(compact)
}

func isHex(c rune) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
