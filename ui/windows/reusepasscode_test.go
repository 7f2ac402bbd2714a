package windows

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/ui/settings"
)

// A new address with an empty password field sends the saved password
// nowhere; the window offers, naming both addresses, to send it, and only
// then does it go, and Save gives it to the new phone.
func TestSettingsSavedPasswordStaysWithItsPhone(t *testing.T) {
	_, oldSrv := simPhone(t, phonesim.Options{Passcode: simPasscode})
	newPhone, newSrv := simPhone(t, phonesim.Options{Passcode: simPasscode})

	store := &settings.MemoryStore{}
	env, q := settingsEnv(t, nil, "en", store)
	set := settings.Defaults()
	set.Phone = oldSrv.URL
	if err := settings.Save(env.Paths.ConfigFile, set); err != nil {
		t.Fatal(err)
	}
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
