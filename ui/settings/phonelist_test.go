package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gxptray/gxptray/ui/i18n"
)

func twoPhones() Settings {
	s := Defaults()
	s.Phone = "192.168.1.20"
	s.PhoneName = "Office"
	s.OtherPhones = []Phone{{Name: "Lab", Address: "https://lab.lan:8443", TLSMode: TLSCA, Account: 2}}
	return s
}

func TestPhoneListValidates(t *testing.T) {
	if p := twoPhones().Validate(); len(p) != 0 {
		t.Fatalf("a valid list is refused: %v", p.Err())
	}
	cases := []struct {
		name   string
		others []Phone
		words  []string // in the message
	}{
		{"same name in another case", []Phone{{Name: "office", Address: "10.0.0.2"}}, []string{`Phone “office”`, `taken by the phone “Office”`}},
		{"same name as a later phone", []Phone{{Name: "Lab", Address: "10.0.0.2"}, {Name: "LAB", Address: "10.0.0.3"}}, []string{`“LAB”`, `“Lab”`}},
		{"same address as the default phone, spelt otherwise", []Phone{{Name: "Desk", Address: "HTTP://192.168.1.20:80/"}}, []string{`“Office” and “Desk” have the same address http://192.168.1.20`}},
		{"same address as another phone", []Phone{{Name: "A", Address: "https://a.lan"}, {Name: "B", Address: "https://A.lan:443"}}, []string{`“A” and “B” have the same address https://a.lan`}},
		{"bad address", []Phone{{Name: "A", Address: "admin:pw@a.lan"}}, []string{`Phone “A”`, "user name or password"}},
		{"bad TLS mode", []Phone{{Name: "A", Address: "a.lan", TLSMode: "none"}}, []string{`Phone “A”`, "none"}},
		{"bad account", []Phone{{Name: "A", Address: "a.lan", Account: 17}}, []string{"16"}},
		{"no name", []Phone{{Name: " ", Address: "a.lan"}}, []string{"Phone no. 2", "1 to 64"}},
	}
	for _, c := range cases {
		s := twoPhones()
		s.OtherPhones = c.others
		p := s.Normalized().Validate()
		err := p[FieldOtherPhones]
		if err == nil || len(p) != 1 || !errors.Is(p.Err(), ErrInvalid) {
			t.Errorf("%s: problems %v, want one of other_phones", c.name, p.Err())
			continue
		}
		for _, w := range c.words {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not say %q", c.name, err, w)
			}
		}
		if err := Save(filepath.Join(t.TempDir(), "s.json"), s); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Save = %v, want a refusal", c.name, err)
		}
	}
}

func TestPhoneListMessagesInRussian(t *testing.T) {
	s := twoPhones()
	s.OtherPhones = append(s.OtherPhones, Phone{Name: "Склад", Address: "192.168.1.20"})
	got := Message(s.Validate()[FieldOtherPhones], i18n.New("ru"))
	if want := "Телефон «Склад»: У «Office» и «Склад» один и тот же адрес http://192.168.1.20"; !strings.HasPrefix(got, want) {
		t.Errorf("Russian message %q, want it to start with %q", got, want)
	}
}

func TestPhoneListBounds(t *testing.T) {
	s := twoPhones()
	s.OtherPhones = nil
	for i := 1; i < MaxPhones; i++ {
		s.OtherPhones = append(s.OtherPhones, Phone{Name: fmt.Sprint("P", i), Address: fmt.Sprint("10.0.0.", i)})
	}
	if p := s.Validate(); len(p) != 0 {
		t.Fatalf("%d phones refused: %v", MaxPhones, p.Err())
	}
	s.OtherPhones = append(s.OtherPhones, Phone{Name: "One too many", Address: "10.0.1.1"})
	if err := s.Validate()[FieldOtherPhones]; err == nil || !strings.Contains(err.Error(), `“One too many”: At most 16 phones`) {
		t.Errorf("phone %d: %v", MaxPhones+1, err)
	}
	// Other phones need a first one.
	s = twoPhones()
	s.Phone = ""
	if err := s.Validate()[FieldOtherPhones]; err == nil || !strings.Contains(err.Error(), "first phone has no address") {
		t.Errorf("no default phone: %v", err)
	}
	s = twoPhones()
	s.PhoneName = strings.Repeat("x", MaxPhoneName+1)
	if p := s.Validate(); p[FieldPhoneName] == nil {
		t.Errorf("a long default name: %v", p.Err())
	}
}

// writeRaw writes a settings file by hand.
func writeRaw(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "settings.json")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadKeepsTheValidPhonesAndLosesNone(t *testing.T) {
	path := writeRaw(t, `{"phone": "192.168.1.20", "phone_name": "Office", "other_phones": [
		{"name": "Lab", "address": "10.0.0.7"},
		{"name": "Twin", "address": "http://192.168.1.20:80"},
		"not a phone",
		{"name": "Store", "address": "https://store.lan", "account": "two"},
		{"name": "Desk", "address": "desk.lan", "tls_mode": "ca"}
	]}`)
	s, problems, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range s.PhoneList() {
		names = append(names, p.Name)
	}
	if got := strings.Join(names, ","); got != "Office,Lab,Desk" {
		t.Errorf("phones in use %q, want Office,Lab,Desk", got)
	}
	msg := problems[FieldOtherPhones]
	if msg == nil || len(problems) != 1 {
		t.Fatalf("problems %v, want other_phones only", problems.Err())
	}
	for _, w := range []string{`“Office” and “Twin” have the same address`, "Phone no. 4 of the list: The value in the settings file has the wrong type", "Phone no. 5"} {
		if !strings.Contains(msg.Error(), w) {
			t.Errorf("problem %q does not say %q", msg, w)
		}
	}
	var pes PhoneErrors
	if !errors.As(msg, &pes) || len(pes) != 3 || pes[0].Index != 2 || pes[0].Name != "Twin" {
		t.Errorf("refused entries %+v", pes)
	}

	// The tray saves (another field changed): the refused entries stay in
	// the file, as written.
	s.Beep = true
	if err := Save(path, s); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	var file struct {
		Other []json.RawMessage `json:"other_phones"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Other) != 5 || !strings.Contains(string(data), `"not a phone"`) || !strings.Contains(string(data), `"account": "two"`) ||
		!strings.Contains(string(data), `"Twin"`) || strings.Contains(string(data), "refused_phones") {
		t.Errorf("the file after Save:\n%s", data)
	}
	again, problems2, _ := Load(path)
	if len(again.OtherPhones) != 2 || len(again.RefusedPhones) != 3 || problems2[FieldOtherPhones] == nil {
		t.Errorf("loaded again: %d phones, %d refused, problems %v", len(again.OtherPhones), len(again.RefusedPhones), problems2.Err())
	}

	// The person removes the default phone's twin: the entry refused for it
	// alone is taken at the next Load.
	again.Phone = "192.168.1.99"
	if err := Save(path, again); err != nil {
		t.Fatal(err)
	}
	third, _, _ := Load(path)
	if l := third.PhoneList(); len(l) != 4 || l[3].Name != "Twin" {
		t.Errorf("after the conflict went: %+v", l)
	}
}

func TestLoadKeepsAnOtherPhonesThatIsNoList(t *testing.T) {
	path := writeRaw(t, `{"phone": "192.168.1.20", "other_phones": {"name": "Lab"}}`)
	s, problems, _ := Load(path)
	if s.Phone != "192.168.1.20" || len(s.OtherPhones) != 0 || problems[FieldOtherPhones] == nil {
		t.Fatalf("phone %q, others %v, problems %v", s.Phone, s.OtherPhones, problems.Err())
	}
	if err := Save(path, s); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	var file struct {
		Other []map[string]string `json:"other_phones"`
	}
	if err := json.Unmarshal(data, &file); err != nil || len(file.Other) != 1 || file.Other[0]["name"] != "Lab" {
		t.Errorf("the entry is lost (%v):\n%s", err, data)
	}
}

func TestOnePhoneFileStaysAsItIs(t *testing.T) {
	path := writeRaw(t, `{"phone": "192.168.1.20", "tls_mode": "pin"}`)
	s, problems, err := Load(path)
	if err != nil || len(problems) != 0 {
		t.Fatal(err, problems.Err())
	}
	l := s.PhoneList()
	if len(l) != 1 || l[0].Name != DefaultPhoneName || l[0].Address != "192.168.1.20" {
		t.Fatalf("PhoneList %+v", l)
	}
	if err := Save(path, s); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `"other_phones": null`) || !strings.Contains(string(data), `"phone": "192.168.1.20"`) {
		t.Errorf("one phone saved as:\n%s", data)
	}
}

func TestPasscodePerPhone(t *testing.T) {
	var store MemoryStore
	const office, lab = "192.168.1.20", "https://lab.lan:8443"
	// The default phone's passcode, saved as always.
	if err := SavePasscode(&store, office, "office-pw"); err != nil {
		t.Fatal(err)
	}
	if err := SavePasscodeFor(&store, "HTTPS://lab.lan:8443/", "lab-pw"); err != nil {
		t.Fatal(err)
	}
	for addr, want := range map[string]string{office: "office-pw", "http://192.168.1.20:80": "office-pw", lab: "lab-pw"} {
		if got, err := PasscodeFor(&store, addr, office); err != nil || got != want {
			t.Errorf("PasscodeFor(%s) = %q, %v; want %q", addr, got, err, want)
		}
	}
	// The default phone's passcode is where it always was.
	if v, _ := store.Get(SecretPasscode); v != "office-pw" {
		t.Errorf("the default phone's secret holds %q", v)
	}
	// A phone with none: not another phone's.
	if _, err := PasscodeFor(&store, "10.0.0.9", office); !errors.Is(err, ErrPasscodeOtherPhone) {
		t.Errorf("a phone without a passcode: %v", err)
	}
	// Changing the default phone's through SavePasscodeFor keeps it in place.
	if err := SavePasscodeFor(&store, office, "office-pw2"); err != nil {
		t.Fatal(err)
	}
	if v, _ := store.Get(SecretPasscode); v != "office-pw2" {
		t.Errorf("after SavePasscodeFor of the default phone: %q", v)
	}
	if _, err := store.Get(passcodeSlot("http://192.168.1.20")); !errors.Is(err, ErrNotFound) {
		t.Errorf("the default phone got a second secret: %v", err)
	}
	// The lab becomes the settings' phone and its passcode is saved the old
	// way: the old own secret cannot win over it.
	if err := SavePasscode(&store, lab, "lab-pw2"); err != nil {
		t.Fatal(err)
	}
	if got, _ := PasscodeFor(&store, lab, lab); got != "lab-pw2" {
		t.Errorf("lab after SavePasscode: %q", got)
	}
	if err := DeletePasscodeFor(&store, lab); err != nil {
		t.Fatal(err)
	}
	if _, err := PasscodeFor(&store, lab, lab); !errors.Is(err, ErrNotFound) {
		t.Errorf("lab after DeletePasscodeFor: %v", err)
	}
	if err := DeletePasscodeFor(&store, lab); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting twice: %v", err)
	}
}

func TestUnownedLegacyPasscodeAndAnotherPhone(t *testing.T) {
	var store MemoryStore
	_ = store.Set(SecretPasscode, "legacy")
	if err := SavePasscodeFor(&store, "10.0.0.7", "lab"); err != nil {
		t.Fatal(err)
	}
	if got, err := PasscodeFor(&store, "192.168.1.20", "192.168.1.20"); err != nil || got != "legacy" {
		t.Errorf("the settings' phone: %q, %v", got, err)
	}
	if got, err := PasscodeFor(&store, "10.0.0.7", "192.168.1.20"); err != nil || got != "lab" {
		t.Errorf("the other phone: %q, %v", got, err)
	}
}

func TestPushTokenPerPhone(t *testing.T) {
	var store MemoryStore
	legacy, err := PushToken(&store) // made by an earlier version
	if err != nil {
		t.Fatal(err)
	}
	const office, lab = "192.168.1.20", "lab.lan"
	a, err := PushTokenFor(&store, office, office)
	if err != nil || a != legacy {
		t.Fatalf("the settings' phone keeps its token: %q, %v (had %q)", a, err, legacy)
	}
	b, err := PushTokenFor(&store, lab, office)
	if err != nil || b == a || len(b) != 32 {
		t.Fatalf("another phone's token %q, %v", b, err)
	}
	// The list's order changes: each phone keeps its token.
	if got, _ := PushTokenFor(&store, office, lab); got != a {
		t.Errorf("office after the reorder: %q, want %q", got, a)
	}
	if got, _ := PushTokenFor(&store, "http://LAB.lan:80", lab); got != b {
		t.Errorf("lab after the reorder: %q, want %q", got, b)
	}
	if _, err := PushTokenFor(&fakeStore{err: ErrKeyringTimeout}, lab, office); !errors.Is(err, ErrKeyringTimeout) {
		t.Errorf("a locked keyring: %v", err)
	}
}
