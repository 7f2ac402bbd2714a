package windows

import (
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/ui/settings"
)

// A wrong password is found by Save, with one request, and saving it needs
// a second, deliberate press.
func TestSettingsSaveTestsTheConnectionFirst(t *testing.T) {
	p, srv := simPhone(t, phonesim.Options{Passcode: simPasscode})
	store := &settings.MemoryStore{}
	env, q := settingsEnv(t, nil, "en", store)
	w := openSettings(t, env, q)

	w.Phone.SetText(srv.URL)
	w.Passcode.SetText("wrong-password")
	test.Tap(w.Save)
	q.waitFor(t, "the test", func() bool { return w.warned != "" })
	if n := len(p.Requests()); n != 1 {
		t.Errorf("the phone saw %d requests, want one", n)
	}
	if !strings.Contains(w.TestResult.Text, "rejected the password") || !strings.Contains(w.TestResult.Text, "Save anyway") {
		t.Errorf("result %q", w.TestResult.Text)
	}
	if w.Save.Text != "Save anyway" || w.Error.Text != "Not saved yet: the phone did not accept the connection." {
		t.Errorf("Save reads %q, error %q", w.Save.Text, w.Error.Text)
	}
	if _, err := os.Stat(env.Paths.ConfigFile); !os.IsNotExist(err) {
		t.Fatal("saved although the phone refused the password")
	}

	// Changing the password takes the offer back.
	w.Passcode.SetText("wrong-passwor")
	if w.Save.Text != "Save" {
		t.Errorf("Save reads %q after a change", w.Save.Text)
	}
	w.Passcode.SetText("wrong-password")
	test.Tap(w.Save)
	q.waitFor(t, "the second test", func() bool { return w.warned != "" })
	test.Tap(w.Save) // anyway
	q.waitFor(t, "the save", func() bool { return w.Info.Visible() })
	if got, _ := store.Get(settings.SecretPasscode); got != "wrong-password" {
		t.Errorf("stored %q", got)
	}
	if n := len(p.Requests()); n != 2 {
		t.Errorf("the phone saw %d requests (one per test, none for saving anyway)", n)
	}
	if w.Save.Text != "Save" {
		t.Errorf("Save reads %q after saving", w.Save.Text)
	}

	// Nothing about the connection changed: saved without asking the phone.
	w.Passcode.SetPlaceHolder("")
	w.Notifications.SetChecked(!w.Notifications.Checked)
	test.Tap(w.Save)
	q.waitFor(t, "the third save", func() bool { return !w.saving && w.Info.Visible() })
	if n := len(p.Requests()); n != 2 {
		t.Errorf("a save without connection changes sent %d more requests", n-2)
	}
}

// A new address with an empty password field sends the saved password
// nowhere; the window offers, naming both addresses, to send it, and only
// then does it go, and Save gives it to the new phone.
func TestSettingsSavedPasswordStaysWithItsPhone(t *testing.T) {
	_, oldSrv := simPhone(t, phonesim.Options{Passcode: simPasscode})
	newPhone, newSrv := simPhone(t, phonesim.Options{Passcode: simPasscode})

	store := &settings.MemoryStore{}
	env, q := settingsEnv(t, nil, "en", store)
	saveSettings(t, env, oldSrv.URL)
	if err := settings.SavePasscode(store, oldSrv.URL, simPasscode); err != nil {
		t.Fatal(err)
	}
	w := openSettings(t, env, q)
	w.Phone.SetText(newSrv.URL + "/")
	test.Tap(w.Test)
	q.waitFor(t, "the result", func() bool { return !w.testing })
	if !strings.Contains(w.TestResult.Text, "belongs to "+oldSrv.URL) || !w.ReusePasscode.Visible() {
		t.Fatalf("result %q, offer shown %v", w.TestResult.Text, w.ReusePasscode.Visible())
	}
	if want := "Send the password saved for " + oldSrv.URL + " to " + newSrv.URL; w.ReusePasscode.Text != want {
		t.Fatalf("offer %q, want %q", w.ReusePasscode.Text, want)
	}
	if n := len(newPhone.Requests()); n != 0 {
		t.Fatalf("the new phone received %d requests before the person agreed", n)
	}
	test.Tap(w.ReusePasscode)
	q.waitFor(t, "the result", func() bool { return !w.testing })
	if !strings.Contains(w.TestResult.Text, "The phone answers") {
		t.Fatalf("after agreeing: %q", w.TestResult.Text)
	}
	test.Tap(w.Save)
	q.waitFor(t, "the save", func() bool { return w.Info.Visible() && strings.HasPrefix(w.Info.Text, "Settings saved") })
	if p, err := settings.PasscodeFor(store, newSrv.URL, newSrv.URL); err != nil || p != simPasscode {
		t.Fatalf("the new phone's passcode after Save: %q, %v", p, err)
	}
}

func TestSettingsWheelScrollsThePageOverFields(t *testing.T) {
	env, q := settingsEnv(t, nil, "en", &settings.MemoryStore{})
	w := openSettingsLoaded(t, env, q)
	w.Window().Resize(fyne.NewSize(640, 400))
	w.Advanced.OpenAll()
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(w.Passcode).Add(fyne.NewPos(20, 10))
	test.Scroll(w.Window().Canvas(), at, 0, -120)
	if off := w.page.scroll.Offset.Y; off <= 0 {
		t.Fatalf("the wheel over the password field left the page at %.0f", off)
	}
	// A click on the field still reaches it.
	test.TapCanvas(w.Window().Canvas(), fyne.CurrentApp().Driver().AbsolutePositionForObject(w.Phone).Add(fyne.NewPos(20, 10)))
	if focused(w) != w.Phone {
		t.Errorf("a click on the address field focused %T", focused(w))
	}
}

func TestSettingsNothingUnderTheScrollBar(t *testing.T) {
	env, q := settingsEnv(t, nil, "en", &settings.MemoryStore{})
	w := openSettingsLoaded(t, env, q)
	w.Window().Resize(fyne.NewSize(640, 400))
	w.Advanced.OpenAll()
	d := fyne.CurrentApp().Driver()
	barLeft := d.AbsolutePositionForObject(w.page.scroll).X + w.page.scroll.Size().Width - theme.Size(theme.SizeNameScrollBar)
	for name, o := range map[string]fyne.CanvasObject{"address": w.Phone, "password": w.Passcode, "prefix": w.DialPrefix, "language": w.Language} {
		if right := d.AbsolutePositionForObject(o).X + o.Size().Width; right > barLeft {
			t.Errorf("the %s field ends at %.0f, under the scroll bar at %.0f", name, right, barLeft)
		}
	}
}

// The common case fits: address, password and the test are on the first
// screen with the Save button, in both languages.
func TestSettingsCommonFieldsFitOneScreen(t *testing.T) {
	for _, lang := range []string{"en", "ru"} {
		t.Run(lang, func(t *testing.T) {
			w, _ := openNewUserSettings(t, lang)
			d := fyne.CurrentApp().Driver()
			view := d.AbsolutePositionForObject(w.page.scroll).Y + w.page.scroll.Size().Height
			for name, o := range map[string]fyne.CanvasObject{"address": w.Phone, "password": w.Passcode, "test": w.Test, "test result": w.TestResult} {
				if bottom := d.AbsolutePositionForObject(o).Y + o.Size().Height; bottom > view {
					t.Errorf("the %s ends at %.0f, below the first screen (%.0f)", name, bottom, view)
				}
			}
		})
	}
}

// Messages appear beside labels or in reserved room: the fields below do
// not move.
func TestSettingsMessagesDoNotMoveFields(t *testing.T) {
	w, q := openNewUserSettings(t, "en")
	d := fyne.CurrentApp().Driver()
	pos := func() (float32, float32, float32) {
		// Lay the whole window out again, as the desktop does when a size
		// changes, so positions are those a person would see now.
		w.Window().Resize(fyne.NewSize(641, 720))
		w.Window().Resize(fyne.NewSize(640, 720))
		return d.AbsolutePositionForObject(w.Passcode).Y, d.AbsolutePositionForObject(w.Notifications).Y, d.AbsolutePositionForObject(w.Save).Y
	}
	p1, n1, s1 := pos()
	w.Phone.SetText("ftp://192.168.1.20") // a problem beside the label
	if problem(w, settings.FieldPhone) == "" {
		t.Fatal("no problem shown")
	}
	setMessage(w.TestResult, "✗ The phone does not answer.\nCheck the address.") // a test result
	setMessage(w.Info, "Settings saved")
	q.drain()
	if p2, n2, s2 := pos(); p2 != p1 || n2 != n1 || s2 != s1 {
		t.Errorf("fields moved: password %.0f→%.0f, notifications %.0f→%.0f, Save %.0f→%.0f", p1, p2, n1, n2, s1, s2)
	}
	// A test that withheld the password saved for another address: its
	// result and the offer to send it share the room kept for results.
	setMessage(w.TestResult, "✗ The password saved in the keyring belongs to https://192.168.1.20.\nType the password of https://192.168.1.21, or send the saved one.")
	w.ReusePasscode.SetText("Send the password saved for https://192.168.1.20 to https://192.168.1.21")
	w.ReusePasscode.Show()
	q.drain()
	if p3, n3, s3 := pos(); p3 != p1 || n3 != n1 || s3 != s1 {
		t.Errorf("the password offer moved fields: password %.0f→%.0f, notifications %.0f→%.0f, Save %.0f→%.0f", p1, p3, n1, n3, s1, s3)
	}
}

func TestSettingsHotkeyFieldTakesACombination(t *testing.T) {
	env, q := settingsEnv(t, nil, "en", &settings.MemoryStore{})
	w := openSettingsLoaded(t, env, q)
	w.Window().Canvas().Focus(w.Hotkey)
	for _, c := range []struct {
		s    fyne.Shortcut
		want string
	}{
		{&desktop.CustomShortcut{KeyName: fyne.KeyD, Modifier: fyne.KeyModifierControl | fyne.KeyModifierShift}, "Ctrl+Shift+D"},
		{&desktop.CustomShortcut{KeyName: fyne.KeyF9, Modifier: fyne.KeyModifierAlt}, "Alt+F9"},
		{&desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierSuper | fyne.KeyModifierControl}, "Ctrl+Super+P"},
		{&fyne.ShortcutCopy{}, "Ctrl+C"},
	} {
		w.Window().Canvas().Focused().(fyne.Shortcutable).TypedShortcut(c.s)
		if w.Hotkey.Text != c.want {
			t.Errorf("pressed %s: field reads %q, want %q", c.s.ShortcutName(), w.Hotkey.Text, c.want)
		}
		if got := problem(w, settings.FieldHotkey); got != "" {
			t.Errorf("%q refused: %q", c.want, got)
		}
	}
	// Typing still works.
	w.Hotkey.SetText("")
	test.Type(w.Hotkey, "Ctrl+Alt+K")
	if w.Hotkey.Text != "Ctrl+Alt+K" {
		t.Errorf("typed %q", w.Hotkey.Text)
	}
}

func TestSettingsCheckIntervalIsAChoice(t *testing.T) {
	env, q := settingsEnv(t, nil, "ru", &settings.MemoryStore{})
	s := settings.Defaults()
	s.Phone, s.PollInterval = "192.168.1.20", settings.Duration(750*time.Millisecond)
	if err := settings.Save(env.Paths.ConfigFile, s); err != nil {
		t.Fatal(err)
	}
	w := openSettingsLoaded(t, env, q)
	if w.PollInterval.Selected != "Каждые 750ms (задано в файле)" {
		t.Fatalf("an interval set in the file shows as %q", w.PollInterval.Selected)
	}
	if got := strings.Join(w.PollInterval.Options, " | "); got != "4 раза в секунду | 2 раза в секунду | Каждые 750ms (задано в файле) | Каждую секунду (рекомендуется) | Каждые 2 секунды | Каждые 5 секунд | Каждые 10 секунд" {
		t.Errorf("choices %s", got)
	}
	w.PollInterval.SetSelected("Каждые 5 секунд")
	test.Tap(w.Save)
	q.waitFor(t, "the save", func() bool { return w.Info.Visible() })
	got, _, _ := settings.Load(env.Paths.ConfigFile)
	if got.PollInterval.Duration() != 5*time.Second {
		t.Errorf("saved %v", got.PollInterval)
	}
}
