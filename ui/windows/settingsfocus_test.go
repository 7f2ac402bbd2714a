package windows

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gxptray/gxptray/ui/settings"
)

// openSettingsLoaded opens the window and waits until what it reads in the
// background (the keyring) is shown.
func openSettingsLoaded(t *testing.T, env Env, q *uiQueue) *SettingsWindow {
	t.Helper()
	w := NewSettingsWindow(env)
	closeAtEnd(t, q, w)
	q.waitFor(t, "the keyring", func() bool { return w.loadedAsync })
	return w
}

// openNewUserSettings opens the settings window of a new user (no tray,
// nothing stored) in lang, loaded in full and at its opening size.
func openNewUserSettings(t *testing.T, lang string) (*SettingsWindow, *uiQueue) {
	t.Helper()
	env, q := settingsEnv(t, nil, lang, &settings.MemoryStore{})
	w := openSettingsLoaded(t, env, q)
	w.Window().Resize(fyne.NewSize(640, 720))
	return w, q
}

func saveSettings(t *testing.T, env Env, phone string) {
	t.Helper()
	s := settings.Defaults()
	s.Phone = phone
	if err := settings.Save(env.Paths.ConfigFile, s); err != nil {
		t.Fatal(err)
	}
}

func focused(w *SettingsWindow) fyne.Focusable { return w.Window().Canvas().Focused() }

func TestSettingsFocusAddressWhenNoPhone(t *testing.T) {
	env, q := settingsEnv(t, nil, "en", &settings.MemoryStore{})
	w := openSettingsLoaded(t, env, q)
	if focused(w) != w.Phone {
		t.Fatalf("a new user starts in %T, want the phone address field", focused(w))
	}
}

func TestSettingsFocusPasscodeWhenNoneStored(t *testing.T) {
	for name, store := range map[string]settings.SecretStore{
		"nothing stored": &settings.MemoryStore{},
		"no keyring":     downStore{err: settings.ErrNoKeyring},
	} {
		t.Run(name, func(t *testing.T) {
			env, q := settingsEnv(t, nil, "en", store)
			saveSettings(t, env, "192.168.1.20")
			w := openSettingsLoaded(t, env, q)
			if focused(w) != w.Passcode {
				t.Fatalf("focus on %T, want the passcode field", focused(w))
			}
			w.Passcode.TypedRune('x') // typing goes there
			if w.Passcode.Text != "x" {
				t.Fatalf("typed into the focused field, passcode is %q", w.Passcode.Text)
			}
		})
	}
}

func TestSettingsNoFocusWhenPasscodeStored(t *testing.T) {
	store := &settings.MemoryStore{}
	if err := store.Set(settings.SecretPasscode, "admin"); err != nil {
		t.Fatal(err)
	}
	env, q := settingsEnv(t, nil, "en", store)
	saveSettings(t, env, "192.168.1.20")
	w := openSettingsLoaded(t, env, q)
	if f := focused(w); f != nil {
		t.Fatalf("everything is set up, yet %T has the focus", f)
	}
	if w.Passcode.PlaceHolder != "Saved in the keyring" {
		t.Fatalf("passcode placeholder %q", w.Passcode.PlaceHolder)
	}
}

// The keyring may answer late; a user already typing elsewhere keeps the cursor.
func TestSettingsFocusDoesNotJumpWhileTyping(t *testing.T) {
	env, q := settingsEnv(t, nil, "en", &settings.MemoryStore{})
	saveSettings(t, env, "192.168.1.20")
	w := NewSettingsWindow(env)
	closeAtEnd(t, q, w)
	w.Window().Canvas().Focus(w.Phone) // before the keyring's answer is shown
	q.waitFor(t, "the keyring", func() bool { return w.loadedAsync })
	if focused(w) != w.Phone {
		t.Fatalf("focus moved to %T while the user was in the address field", focused(w))
	}
}

// Every choice of every drop-down fits its field at the window's size, in
// both languages (Russian wording is the longest).
func TestSettingsChoicesFit(t *testing.T) {
	for _, lang := range []string{"en", "ru"} {
		t.Run(lang, func(t *testing.T) {
			w, _ := openNewUserSettings(t, lang)
			w.Advanced.OpenAll()
			for _, sel := range []*widget.Select{w.TLSMode, w.Account, w.DialMethod, w.Popup, w.ScreenPopOn, w.Language} {
				room := sel.Size().Width - theme.IconInlineSize() - 4*theme.InnerPadding()
				for _, o := range sel.Options {
					if need := fyne.MeasureText(o, theme.TextSize(), fyne.TextStyle{}).Width; need > room {
						t.Errorf("%q needs %.0f px, its field has %.0f", o, need, room)
					}
				}
			}
		})
	}
}
