package windows

import (
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/ui/settings"
)

func savedPhones(t *testing.T, env Env) settings.Settings {
	t.Helper()
	s, _, err := settings.Load(env.Paths.ConfigFile)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSettingsPhoneList(t *testing.T) {
	secrets := &settings.MemoryStore{}
	f := newFakeAPI()
	env, q := settingsEnv(t, f, "en", secrets)
	saveSettings(t, env, "192.168.1.20")
	w := openSettings(t, env, q)
	e := w.Phones
	if !e.None.Visible() || len(e.Rows) != 0 {
		t.Fatal("one phone, and other phones are listed")
	}

	// A name, an address, a password: saved through the tray, the password
	// in the keyring for that phone only.
	test.Type(e.Name, "Desk 2")
	test.Type(e.Address, "192.168.1.21")
	test.Type(e.Password, "desk-pw")
	test.Tap(e.Add)
	q.waitFor(t, "the phone saved", func() bool { return len(e.Rows) == 1 })
	if got := savedPhones(t, env).OtherPhones; len(got) != 1 || got[0].Name != "Desk 2" || got[0].Address != "192.168.1.21" {
		t.Fatalf("saved phones %+v", got)
	}
	if f.count("UpdateSettings") != 1 {
		t.Errorf("the tray was asked %d times to save, want once", f.count("UpdateSettings"))
	}
	if p, err := settings.PasscodeFor(secrets, "192.168.1.21", "192.168.1.20"); err != nil || p != "desk-pw" {
		t.Errorf("the new phone's password in the keyring: %q, %v", p, err)
	}
	if _, err := settings.PasscodeFor(secrets, "192.168.1.20", "192.168.1.20"); err == nil {
		t.Error("the default phone got the new phone's password")
	}
	if data, _ := os.ReadFile(env.Paths.ConfigFile); strings.Contains(string(data), "desk-pw") {
		t.Error("the password is in the settings file")
	}
	if e.Rows[0].Label.Text != "Desk 2 — 192.168.1.21" || e.Name.Text != "" || e.Password.Text != "" || !strings.Contains(e.Info.Text, "Desk 2") {
		t.Errorf("after adding: row %q, fields %q %q, info %q", e.Rows[0].Label.Text, e.Name.Text, e.Password.Text, e.Info.Text)
	}

	// The same phone again under another name, a name taken: the settings'
	// rules say why, and nothing is written.
	for _, c := range []struct{ name, addr, want string }{
		{"Lab", "http://192.168.1.21:80/", "the same address"},
		{"desk 2", "192.168.1.22", "name is taken"},
		{"Lab", "192.168.1.20", "the same address"},
	} {
		e.Name.SetText(c.name)
		e.Address.SetText(c.addr)
		e.Password.SetText("pw")
		test.Tap(e.Add)
		q.drain()
		if !strings.Contains(e.Problem.Text, c.want) {
			t.Errorf("%s at %s: problem %q, want it to say %q", c.name, c.addr, e.Problem.Text, c.want)
		}
	}
	if f.count("UpdateSettings") != 1 || len(savedPhones(t, env).OtherPhones) != 1 {
		t.Errorf("a refused phone was saved: %+v", savedPhones(t, env).OtherPhones)
	}

	// The window's Save keeps the list (it saves only what it changed).
	w.Phones.DefaultName.SetText("Office")
	test.Tap(w.Save)
	q.waitFor(t, "the save", func() bool { return !w.saving && strings.Contains(w.Info.Text, "saved") })
	if s := savedPhones(t, env); s.PhoneName != "Office" || len(s.OtherPhones) != 1 {
		t.Errorf("after Save: name %q, phones %+v", s.PhoneName, s.OtherPhones)
	}

	// Removed: off the list, its password forgotten.
	test.Tap(e.Rows[0].Remove)
	q.waitFor(t, "the phone removed", func() bool { return len(e.Rows) == 0 })
	if got := savedPhones(t, env).OtherPhones; len(got) != 0 {
		t.Errorf("still saved: %+v", got)
	}
	q.waitFor(t, "the password forgotten", func() bool {
		_, err := settings.PasscodeFor(secrets, "192.168.1.21", "192.168.1.20")
		return err != nil
	})
}

// Each listed phone has its own connection test, with its own password.
func TestSettingsPhoneListTestsEachPhone(t *testing.T) {
	_, srv := simPhone(t, phonesim.Options{Passcode: "desk-pw", Lines: 3, KeyInterval: time.Millisecond})

	secrets := &settings.MemoryStore{}
	env, q := settingsEnv(t, nil, "en", secrets) // no tray: the window asks the phone
	saveSettings(t, env, "192.168.1.20")
	w := openSettings(t, env, q)
	e := w.Phones
	test.Type(e.Name, "Desk 2")
	test.Type(e.Address, srv.URL)
	test.Type(e.Password, "wrong")
	test.Tap(e.Test)
	q.waitFor(t, "the test of the typed phone", func() bool { return strings.HasPrefix(e.Info.Text, "✗") })

	e.Password.SetText("desk-pw")
	test.Tap(e.Add)
	q.waitFor(t, "the phone saved", func() bool { return len(e.Rows) == 1 })
	row := e.Rows[0]
	test.Tap(row.Test)
	q.waitFor(t, "the row's test", func() bool { return strings.HasPrefix(row.Result.Text, "✓") })
	if !strings.Contains(row.Result.Text, "3 lines") {
		t.Errorf("test result %q", row.Result.Text)
	}
}

// The default phone cannot take the name of a listed phone: Save says why
// and writes nothing.
func TestSettingsDefaultPhoneNameTaken(t *testing.T) {
	f := newFakeAPI()
	env, q := settingsEnv(t, f, "en", &settings.MemoryStore{})
	s := settings.Defaults()
	s.Phone = "192.168.1.20"
	s.OtherPhones = []settings.Phone{{Name: "Desk 2", Address: "192.168.1.21"}}
	if err := settings.Save(env.Paths.ConfigFile, s); err != nil {
		t.Fatal(err)
	}
	w := openSettings(t, env, q)
	if len(w.Phones.Rows) != 1 {
		t.Fatalf("%d phones listed, want Desk 2", len(w.Phones.Rows))
	}
	w.Phones.DefaultName.SetText("desk 2")
	test.Tap(w.Save)
	q.drain()
	if !strings.Contains(w.invalid.Text+problem(w, settings.FieldPhoneName), "taken") {
		t.Errorf("no word of the taken name: %q / %q", w.invalid.Text, problem(w, settings.FieldPhoneName))
	}
	if f.count("UpdateSettings") != 0 {
		t.Error("saved with two phones of one name")
	}
}
