package windows

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// downStore is a SecretStore with no keyring behind it.
type downStore struct{ err error }

func (d downStore) Get(string) (string, error) { return "", d.err }
func (d downStore) Set(string, string) error   { return d.err }
func (d downStore) Delete(string) error        { return d.err }

// settingsEnv prepares a config dir (and an autostart dir) of the test's own.
func settingsEnv(t *testing.T, api API, lang string, secrets settings.SecretStore) (Env, *uiQueue) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // autostart entries land here
	dir := filepath.Join(t.TempDir(), "config")
	env, q := newEnv(t, api, lang)
	env.Paths = settings.Paths{ConfigDir: dir, ConfigFile: filepath.Join(dir, "settings.json")}
	if f, ok := api.(*fakeAPI); ok {
		f.settingsFile = env.Paths.ConfigFile // the fake tray writes this file
	}
	env.Secrets = secrets
	env.Exe = "/opt/gxp tray/gxptray"
	return env, q
}

func openSettings(t *testing.T, env Env, q *uiQueue) *SettingsWindow {
	t.Helper()
	w := NewSettingsWindow(env)
	closeAtEnd(t, q, w)
	q.waitFor(t, "the keyring and state", func() bool { return env.API == nil || w.haveState })
	q.drain()
	return w
}

func problem(w *SettingsWindow, f settings.Field) string { return w.Problems[f].Problem() }

func TestSettingsValidationAsTyped(t *testing.T) {
	env, q := settingsEnv(t, nil, "en", &settings.MemoryStore{})
	w := openSettings(t, env, q)

	// A new user: no phone yet. No error before anything was typed; Save
	// says what is missing instead of saving.
	for f, l := range w.Problems {
		if p := l.Problem(); p != "" {
			t.Errorf("a new window shows a problem for %s: %q", f, p)
		}
	}
	test.Tap(w.Save)
	if got := problem(w, settings.FieldPhone); got != "Enter the phone's address" {
		t.Fatalf("empty phone after Save: %q", got)
	}
	if !w.Save.Disabled() {
		t.Fatal("Save enabled while the missing address is shown")
	}
	if _, err := os.Stat(env.Paths.ConfigFile); !os.IsNotExist(err) {
		t.Fatalf("settings saved without a phone address (%v)", err)
	}
	if w.win.Canvas().Focused() != w.Phone {
		t.Error("the cursor is not in the address field")
	}

	w.Phone.SetText("ftp://192.168.1.20")
	if got := problem(w, settings.FieldPhone); !strings.Contains(got, "http:// or https://") {
		t.Fatalf("bad scheme: %q", got)
	}
	w.Phone.SetText("192.168.1.20")
	if got := problem(w, settings.FieldPhone); got != "" {
		t.Fatalf("good address refused: %q", got)
	}
	if w.Save.Disabled() {
		t.Fatal("Save disabled with valid settings")
	}

	cases := []struct {
		entry *widget.Entry
		field settings.Field
		bad   string
		want  string
	}{
		{w.DialPrefix, settings.FieldDialPrefix, "9a", "Use only digits, * and #"},
		{w.PlusReplacement, settings.FieldPlusReplacement, "+8", "Use only digits"},
		{w.PushListen, settings.FieldPushListen, "not an address", "Enter an address and port"},
		{w.ScreenPopURL, settings.FieldScreenPopURL, "javascript:alert(1)", "must start with http:// or https://"},
		{&w.Hotkey.Entry, settings.FieldHotkey, "D", "Ctrl, Alt, Shift or Super"},
	}
	for _, tc := range cases {
		e := tc.entry
		good := e.Text
		e.SetText(tc.bad)
		if got := problem(w, tc.field); !strings.Contains(got, tc.want) {
			t.Errorf("%s=%q: message %q, want %q", tc.field, tc.bad, got, tc.want)
		}
		if !w.Save.Disabled() {
			t.Errorf("%s=%q: Save enabled", tc.field, tc.bad)
		}
		if e.Validate() == nil {
			t.Errorf("%s=%q: the entry itself is not marked invalid", tc.field, tc.bad)
		}
		e.SetText(good)
		if got := problem(w, tc.field); got != "" {
			t.Errorf("%s back to %q: still %q", tc.field, good, got)
		}
	}
	if w.Save.Disabled() {
		t.Fatal("Save disabled after fixing every field")
	}

	// Screen pop "on ring" needs an address.
	w.ScreenPopURL.SetText("")
	w.ScreenPopOn.SetSelected("When a call comes in")
	if got := problem(w, settings.FieldScreenPopURL); !strings.Contains(got, "Enter the page address") {
		t.Fatalf("screen pop without URL: %q", got)
	}
	if !w.Save.Disabled() {
		t.Fatal("Save enabled with screen pop on and no URL")
	}
}

func TestSettingsValidationRussian(t *testing.T) {
	env, q := settingsEnv(t, nil, "ru", &settings.MemoryStore{})
	w := openSettings(t, env, q)
	w.DialPrefix.SetText("9a")
	if got := problem(w, settings.FieldDialPrefix); !strings.HasPrefix(got, "Только цифры") {
		t.Fatalf("message not translated: %q", got)
	}
	if w.Save.Text != "Сохранить" || w.Test.Text != "Проверить соединение" {
		t.Fatalf("buttons %q / %q", w.Save.Text, w.Test.Text)
	}
	if w.Window().Title() != "GXP Tray — Настройки" {
		t.Fatalf("title %q", w.Window().Title())
	}
}

func TestSettingsSaveWithoutTray(t *testing.T) {
	const pass = "Pa55-word-xyz"
	_, srv := simPhone(t, phonesim.Options{Passcode: pass})
	store := &settings.MemoryStore{}
	env, q := settingsEnv(t, nil, "en", store)
	w := openSettings(t, env, q)

	w.Phone.SetText(srv.URL)
	w.Passcode.SetText(pass)
	w.DialMethod.SetSelected("Key presses")
	w.DialPrefix.SetText("9")
	w.PlusReplacement.SetText("8")
	w.PollInterval.SetSelected("Twice a second")
	w.PushListen.SetText("0.0.0.0:8765")
	w.Beep.SetChecked(true)
	w.ScreenPopURL.SetText("https://crm.example/search?q={number}")
	w.ScreenPopOn.SetSelected("When a call is answered")
	w.Hotkey.SetText("Ctrl+Alt+P")
	w.Language.SetSelected("Русский")
	test.Tap(w.Save)
	q.waitFor(t, "the save", func() bool { return w.Info.Visible() })
	if w.Info.Text != "Settings saved. They apply when GXP Tray starts." {
		t.Fatalf("info %q (error %q)", w.Info.Text, w.Error.Text)
	}
	// Save tried the connection first and says what the phone answered.
	if !strings.Contains(w.TestResult.Text, "The phone answers: 8 lines, 0 in use.") {
		t.Errorf("test result after Save: %q", w.TestResult.Text)
	}

	s, problems, err := settings.Load(env.Paths.ConfigFile)
	if err != nil || len(problems) > 0 {
		t.Fatalf("reading back: %v %v", err, problems)
	}
	want := settings.Defaults()
	want.Phone, want.DialMethod, want.DialPrefix, want.PlusReplacement = srv.URL, settings.DialKeys, "9", "8"
	want.PollInterval = settings.Duration(500 * time.Millisecond)
	want.PushListen, want.Beep, want.Hotkey, want.Language = "0.0.0.0:8765", true, "Ctrl+Alt+P", "ru"
	want.ScreenPopURL, want.ScreenPopOn = "https://crm.example/search?q={number}", settings.ScreenPopAnswer
	if !s.Equal(want) {
		t.Fatalf("saved\n%+v\nwant\n%+v", s, want)
	}
	if got, err := store.Get(settings.SecretPasscode); err != nil || got != pass {
		t.Fatalf("secret store has %q, %v", got, err)
	}
	assertNotInDir(t, env.Paths.ConfigDir, pass)
	if w.Passcode.Text != "" || w.Passcode.PlaceHolder != "Saved in the keyring" {
		t.Fatalf("passcode field after save: %q / %q", w.Passcode.Text, w.Passcode.PlaceHolder)
	}
}

// assertNotInDir fails when any file under dir contains secret.
func assertNotInDir(t *testing.T, dir, secret string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), secret) {
			t.Errorf("%s contains the passcode", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatalf("no file under %s: nothing was saved", dir)
	}
}

func TestSettingsSaveReloadsTray(t *testing.T) {
	f := newFakeAPI()
	f.testRes = localapi.TestResult{OK: true, Lines: idleLines(2)}
	f.state.HotkeyErr = "Ctrl+Shift+D is taken by another program"
	env, q := settingsEnv(t, f, "en", &settings.MemoryStore{})
	w := openSettings(t, env, q)
	if !strings.Contains(w.HotkeyInfo.Text, "taken by another program") || !w.HotkeyInfo.Visible() {
		t.Fatalf("hotkey problem not shown: %q", w.HotkeyInfo.Text)
	}
	w.Phone.SetText("192.168.1.20")
	test.Tap(w.Save)
	q.waitFor(t, "the save", func() bool { return w.Info.Visible() })
	if w.Info.Text != "Settings saved" || f.count("UpdateSettings") != 1 || f.count("Reload") != 0 {
		t.Fatalf("info %q, saves through the tray %d, reloads %d", w.Info.Text, f.count("UpdateSettings"), f.count("Reload"))
	}
	if got, _, err := settings.Load(env.Paths.ConfigFile); err != nil || got.Phone != "192.168.1.20" {
		t.Fatalf("the tray saved %+v, %v", got, err)
	}
}

func TestSettingsNoKeyringOffersSession(t *testing.T) {
	f := newFakeAPI()
	f.testRes = localapi.TestResult{OK: true, Lines: idleLines(2)}
	env, q := settingsEnv(t, f, "en", downStore{err: settings.ErrNoKeyring})
	w := openSettings(t, env, q)
	q.waitFor(t, "the keyring warning", func() bool { return w.SessionOnly.Visible() })
	if !strings.Contains(w.PasscodeInfo.Text, "No system keyring") {
		t.Fatalf("keyring info %q", w.PasscodeInfo.Text)
	}

	const pass = "only-in-memory-42"
	w.Phone.SetText("192.168.1.20")
	w.Passcode.SetText(pass)
	test.Tap(w.Save)
	q.waitFor(t, "the save", func() bool { return w.Info.Visible() })
	assertNotInDir(t, env.Paths.ConfigDir, pass)
	if !w.SessionOnly.Visible() {
		t.Fatal("session-only offer gone after a failed keyring save")
	}

	test.Tap(w.SessionOnly)
	q.waitFor(t, "the session passcode", func() bool { return f.count("SetSessionPasscode") == 1 })
	q.waitFor(t, "the confirmation", func() bool { return !w.SessionOnly.Visible() })
	f.mu.Lock()
	got := f.session[0]
	f.mu.Unlock()
	if got != pass {
		t.Fatalf("session passcode %q", got)
	}
	if w.PasscodeInfo.Text != "Kept for this session only" {
		t.Fatalf("info %q", w.PasscodeInfo.Text)
	}
}

func TestSettingsKeyringTimeoutWithoutTray(t *testing.T) {
	env, q := settingsEnv(t, nil, "en", downStore{err: settings.ErrKeyringTimeout})
	w := openSettings(t, env, q)
	q.waitFor(t, "the keyring warning", func() bool { return w.SessionOnly.Visible() })
	if !strings.Contains(w.PasscodeInfo.Text, "does not answer") {
		t.Fatalf("keyring info %q", w.PasscodeInfo.Text)
	}
	w.Passcode.SetText("abcd1234")
	test.Tap(w.SessionOnly)
	if !strings.Contains(w.Error.Text, "only while GXP Tray is running") {
		t.Fatalf("error %q", w.Error.Text)
	}
}

func TestSettingsLoadFallbackAndForget(t *testing.T) {
	env, q := settingsEnv(t, nil, "en", &settings.MemoryStore{})
	pin := strings.Repeat("ab", 32)
	if err := os.MkdirAll(env.Paths.ConfigDir, 0o700); err != nil {
		t.Fatal(err)
	}
	raw := `{"phone":"https://10.0.0.5","pinned_cert":"` + pin + `","poll_interval":"forever","dial_prefix":"0"}`
	if err := os.WriteFile(env.Paths.ConfigFile, []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	w := openSettings(t, env, q)
	if w.PollInterval.Selected != "Every second (recommended)" || w.Phone.Text != "https://10.0.0.5" || w.DialPrefix.Text != "0" {
		t.Fatalf("fields: %q %q %q", w.PollInterval.Selected, w.Phone.Text, w.DialPrefix.Text)
	}
	if !strings.Contains(w.Info.Text, "Status check interval") {
		t.Fatalf("the reset field is not named: %q", w.Info.Text)
	}
	if b, _ := os.ReadFile(env.Paths.ConfigFile); string(b) != raw {
		t.Fatal("opening the window rewrote the settings file")
	}
	if !strings.HasPrefix(w.Fingerprint.Text, "AB:AB:") {
		t.Fatalf("fingerprint %q", w.Fingerprint.Text)
	}
	test.Tap(w.Forget)
	if !strings.HasPrefix(w.Fingerprint.Text, "None yet") {
		t.Fatalf("after Forget: %q", w.Fingerprint.Text)
	}
	test.Tap(w.Save)
	q.waitFor(t, "the save", func() bool { return w.Info.Visible() && strings.HasPrefix(w.Info.Text, "Settings saved") })
	s, _, _ := settings.Load(env.Paths.ConfigFile)
	if s.PinnedCert != "" || s.PollInterval.Duration() != time.Second {
		t.Fatalf("saved pin %q interval %v", s.PinnedCert, s.PollInterval)
	}
}

func TestSettingsTestConnectionWithoutTray(t *testing.T) {
	_, srv := simPhone(t, phonesim.Options{Passcode: simPasscode})

	env, q := settingsEnv(t, nil, "en", &settings.MemoryStore{})
	w := openSettings(t, env, q)
	w.Phone.SetText(srv.URL)
	w.Passcode.SetText(simPasscode)
	test.Tap(w.Test)
	q.waitFor(t, "the result", func() bool { return !w.testing })
	if !strings.Contains(w.TestResult.Text, "The phone answers: 8 lines, 0 in use.") {
		t.Fatalf("result %q", w.TestResult.Text)
	}
	if !strings.Contains(w.TestResult.Text, "Accounts: 1:") {
		t.Fatalf("accounts missing: %q", w.TestResult.Text)
	}

	w.Passcode.SetText("wrong")
	test.Tap(w.Test)
	q.waitFor(t, "the result", func() bool { return !w.testing })
	if !strings.Contains(w.TestResult.Text, "rejected the password") || !strings.Contains(w.TestResult.Text, "after 5 failed logins") {
		t.Fatalf("result %q", w.TestResult.Text)
	}
	if strings.Contains(w.TestResult.Text, "wrong") {
		t.Fatalf("the passcode is shown: %q", w.TestResult.Text)
	}
}

func TestSettingsCorruptFileIsReported(t *testing.T) {
	env, q := settingsEnv(t, nil, "en", &settings.MemoryStore{})
	if err := os.MkdirAll(env.Paths.ConfigDir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(env.Paths.ConfigFile, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	w := openSettings(t, env, q)
	if !strings.Contains(w.Error.Text, "set aside") {
		t.Fatalf("error %q", w.Error.Text)
	}
}

func TestSettingsShowsActionURLFields(t *testing.T) {
	f := newFakeAPI()
	f.state.PushURL = "http://192.168.1.10:8765"
	store := &settings.MemoryStore{}
	const token = "tok-0123456789abcdef"
	if err := store.Set(settings.SecretPushToken, token); err != nil {
		t.Fatal(err)
	}
	env, q := settingsEnv(t, f, "en", store)
	s := settings.Defaults()
	s.Phone, s.PushListen = "192.168.1.20", "0.0.0.0:8765"
	if err := settings.Save(env.Paths.ConfigFile, s); err != nil {
		t.Fatal(err)
	}
	w := openSettings(t, env, q)
	q.waitFor(t, "the Action URL fields", func() bool { return strings.Contains(w.PushInfo.Text, "P8310") })
	want := "http://192.168.1.10:8765/" + token + "/incoming?remote=$remote"
	if !strings.Contains(w.PushInfo.Text, want) {
		t.Fatalf("push info %q lacks %q", w.PushInfo.Text, want)
	}
	// Another address is not running yet: no stale values to paste.
	w.PushListen.SetText("0.0.0.0:9000")
	if strings.Contains(w.PushInfo.Text, token) || !strings.Contains(w.PushInfo.Text, "After saving") {
		t.Fatalf("push info for an unsaved address: %q", w.PushInfo.Text)
	}
	w.PushListen.SetText("")
	if w.PushInfo.Visible() {
		t.Fatal("push info shown with push off")
	}
}

func TestSettingsAutostart(t *testing.T) {
	env, q := settingsEnv(t, nil, "en", &settings.MemoryStore{})
	saveSettings(t, env, "192.168.1.20") // saved before: no connection test
	w := openSettings(t, env, q)
	entry := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "autostart", "gxptray.desktop")
	w.Autostart.SetChecked(true)
	test.Tap(w.Save)
	q.waitFor(t, "the save", func() bool { return w.Info.Visible() })
	b, err := os.ReadFile(entry)
	if err != nil {
		t.Fatalf("no autostart entry: %v (error shown: %q)", err, w.Error.Text)
	}
	if !strings.Contains(string(b), "/opt/gxp tray/gxptray") {
		t.Fatalf("entry does not run the program:\n%s", b)
	}
	w.Autostart.SetChecked(false)
	test.Tap(w.Save)
	q.waitFor(t, "the second save", func() bool { return !w.saving })
	if _, err := os.Stat(entry); !os.IsNotExist(err) {
		t.Fatalf("entry still there after turning it off: %v", err)
	}
}

// holds reports whether obj is, or contains, target.
func holds(obj, target fyne.CanvasObject) bool {
	if obj == target {
		return true
	}
	switch o := obj.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			if holds(c, target) {
				return true
			}
		}
	case fyne.Widget:
		r := test.WidgetRenderer(o)
		for _, c := range r.Objects() {
			if holds(c, target) {
				return true
			}
		}
	}
	return false
}

// The region numbers are read in: under Advanced, empty meaning the
// locale's (shown as the placeholder), checked as typed, saved in the file.
func TestSettingsRegion(t *testing.T) {
	for _, v := range []string{"LC_ALL", "LC_TELEPHONE", "LC_MESSAGES"} {
		t.Setenv(v, "")
	}
	t.Setenv("LANG", "de_DE.UTF-8")
	f := newFakeAPI()
	f.testRes = localapi.TestResult{OK: true, Lines: idleLines(2)}
	env, q := settingsEnv(t, f, "en", &settings.MemoryStore{})
	w := openSettings(t, env, q)
	if w.Region.Text != "" || w.Region.PlaceHolder != "DE" {
		t.Fatalf("region %q, placeholder %q; want empty with the locale's DE", w.Region.Text, w.Region.PlaceHolder)
	}
	if !holds(w.Advanced.Items[0].Detail, w.Region) {
		t.Error("the region field is not under Advanced")
	}
	w.Phone.SetText("192.168.1.20")
	w.Region.SetText("xx")
	if got := problem(w, settings.FieldContactsRegion); !strings.Contains(got, "Unknown region") || !w.Save.Disabled() {
		t.Fatalf("region xx: problem %q, Save disabled %v", got, w.Save.Disabled())
	}
	w.Region.SetText("ru")
	if got := problem(w, settings.FieldContactsRegion); got != "" {
		t.Fatalf("region ru: %q", got)
	}
	test.Tap(w.Save)
	q.waitFor(t, "the save", func() bool { return w.Info.Visible() })
	s, _, err := settings.Load(env.Paths.ConfigFile)
	if err != nil || s.ContactsRegion != "RU" {
		t.Fatalf("saved region %q, %v", s.ContactsRegion, err)
	}
	// Opened again: the saved region is shown.
	w2 := openSettings(t, env, q)
	if w2.Region.Text != "RU" {
		t.Errorf("reopened: %q", w2.Region.Text)
	}
}
