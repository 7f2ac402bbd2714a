//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
)

// shotPhonesName is the second phone of the screenshots.
const shotPhonesName = "Reception"

// shootPhones takes the screenshots of two phones in one tray: the tray
// menu with the second phone's section open while it rings
// (tray-phones.png), and the Settings window's list of phones
// (settings-phones.png). The app is restarted with the second phone in its
// settings (as after "Add phone" in Settings), its password in the keyring
// for that phone. It returns the app that runs afterwards.
func (sh *shooter) shootPhones(ctx context.Context, app *App) *App {
	t, d := sh.t, sh.d
	t.Helper()
	within := func(dur time.Duration) context.Context {
		c, cancel := context.WithTimeout(ctx, dur)
		t.Cleanup(cancel)
		return c
	}
	second := NewPhone(t)
	canon, err := cti.CanonicalAddress(second.URL())
	if err != nil {
		t.Fatal(err)
	}
	if out, err := d.Gxptray(within(15*time.Second), t, "quit"); err != nil {
		t.Fatalf("gxptray quit: %v\n%s", err, out)
	}
	select {
	case <-app.Done():
	case <-within(15 * time.Second).Done():
		t.Fatal("the app did not quit")
	}
	path := filepath.Join(d.ConfigHome, "gxptray", "settings.json")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var s map[string]any
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	s["phone_name"] = "Office"
	s["other_phones"] = []map[string]string{{"name": shotPhonesName, "address": second.URL()}}
	d.WriteSettings(t, s)
	if _, err := d.Run(within(10*time.Second), PhonePasscode, "secret-tool", "store", "--label=GXP Tray",
		"service", "gxptray", "username", "passcode@"+canon); err != nil {
		t.Fatal(err)
	}

	app = d.StartApp(t, AppOptions{})
	tray, err := d.WaitTrayItem(within(30*time.Second), app.Pid())
	if err != nil {
		app.CheckRunning(t)
		t.Fatalf("the tray icon did not appear in the panel: %v", err)
	}
	line, err := second.Ring("+44 20 7946 0958", "Front desk")
	if err != nil {
		t.Fatal(err)
	}
	ringing := shotPhonesName + " — Ringing"
	sh.wantMenu(within(20*time.Second), tray, "the second phone ringing", func(m MenuItem) bool {
		it, ok := m.Find(ringing)
		s := m.Shown()
		return ok && it.Enabled && len(s) > 0 && s[0].Label == "Office — Idle"
	})
	// The popup of the ringing phone would cover the menu.
	popupTitle := i18n.New(i18n.English).T("window.title.popup")
	if w, err := d.WaitWindow(within(20*time.Second), popupTitle); err == nil {
		_, _ = d.Run(within(5*time.Second), "", "xdotool", "windowclose", w.ID)
	}
	sh.waitNoWindow(within(15*time.Second), popupTitle)
	if _, err := d.Run(within(5*time.Second), "", "dunstctl", "close-all"); err != nil {
		t.Fatal(err)
	}
	sh.waitNoDunst(within(10 * time.Second))
	sh.shootTrayMenuAt(within(30*time.Second), tray, ringing, "tray-phones.png")

	// Settings, scrolled to its end: the list of phones is the last card
	// before the closed "Advanced" section.
	set := sh.openFromMenu(within(30*time.Second), tray, "Settings…", i18n.New(i18n.English).T("window.title.settings"))
	r, err := sh.geometry(within(5*time.Second), set.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := r.Min.Add(r.Size().Div(2))
	if _, err := d.Run(within(10*time.Second), "", "xdotool", "mousemove", "--sync", strconv.Itoa(c.X), strconv.Itoa(c.Y),
		"click", "--repeat", "60", "--delay", "20", "5", "mousemove", "--sync", "10", "700"); err != nil {
		t.Fatal(err)
	}
	sh.shootWindow(within(15*time.Second), set, "settings-phones.png")
	_, _ = d.Run(within(5*time.Second), "", "xdotool", "windowclose", set.ID)
	if err := second.RemoteHangup(line); err != nil {
		t.Logf("hang up the second phone: %v", err)
	}
	return app
}
