package windows

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gxptray/gxptray/ui/settings"
)

const pinOfTheTray = "3f1c0b9a27d84e65c1f0aa12b34cd56e78f90123456789abcdef0123456789ab"

// Settings is open; meanwhile the tray pins the phone's first certificate.
// Saving the window's edit must keep that pin: blanking it would make the
// tray trust whatever certificate it sees next.
func TestSettingsSaveKeepsThePinTheTrayMade(t *testing.T) {
	for _, tc := range []struct {
		name string
		api  func() (API, *fakeAPI)
	}{
		{"no tray", func() (API, *fakeAPI) { return nil, nil }},
		{"tray", func() (API, *fakeAPI) { f := newFakeAPI(); return f, f }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api, fake := tc.api()
			env, q := settingsEnv(t, api, "en", &settings.MemoryStore{})
			saveSettings(t, env, "https://192.168.1.20")
			w := openSettings(t, env, q)
			if w.pinned != "" {
				t.Fatalf("a pin before the tray made one: %q", w.pinned)
			}
			// The tray connects and pins, as its savePin does.
			if err := settings.SavePin(env.Paths.ConfigFile, "https://192.168.1.20", pinOfTheTray); err != nil {
				t.Fatal(err)
			}
			w.DialPrefix.SetText("9")
			test.Tap(w.Save)
			q.waitFor(t, "the save", func() bool { return !w.saving && (w.Info.Visible() || w.Error.Visible()) })
			if w.Error.Text != "" {
				t.Fatalf("save failed: %q", w.Error.Text)
			}
			got, _, err := settings.Load(env.Paths.ConfigFile)
			if err != nil {
				t.Fatal(err)
			}
			if got.PinnedCert != pinOfTheTray || got.DialPrefix != "9" {
				t.Fatalf("saved pin %q, prefix %q: want the tray's pin kept and the edit saved", got.PinnedCert, got.DialPrefix)
			}
			if fake != nil && (fake.count("UpdateSettings") != 1 || fake.count("Reload") != 0) {
				t.Errorf("with the tray running the window saved %d times through it (reloads %d)", fake.count("UpdateSettings"), fake.count("Reload"))
			}
			// The window now shows the pin, and Forget then Save removes it.
			if !strings.Contains(w.Fingerprint.Text, "3F:1C") {
				t.Errorf("fingerprint shown %q", w.Fingerprint.Text)
			}
		})
	}
}

// While the tray runs, the window reads the settings from it, not from the
// file (which only the tray reads and writes then).
func TestSettingsWindowReadsTheTraysSettings(t *testing.T) {
	f := newFakeAPI()
	env, q := settingsEnv(t, f, "en", &settings.MemoryStore{})
	tray := filepath.Join(t.TempDir(), "tray-settings.json")
	f.settingsFile = tray
	for path, phone := range map[string]string{tray: "192.168.1.20", env.Paths.ConfigFile: "10.9.9.9"} {
		s := settings.Defaults()
		s.Phone = phone
		if err := settings.Save(path, s); err != nil {
			t.Fatal(err)
		}
	}
	w := openSettings(t, env, q)
	if w.Phone.Text != "192.168.1.20" || f.count("SettingsView") != 1 {
		t.Fatalf("phone %q (asked the tray %d times): want the tray's settings", w.Phone.Text, f.count("SettingsView"))
	}
}
