package cli

import (
	"errors"
	"strings"
	"testing"

	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/settings"
)

// gxNotify runs gxptray with a Recorder as the desktop's notifier and
// returns what the user saw on the desktop.
func gxNotify(t *testing.T, env map[string]string, args ...string) (result, *notify.Recorder) {
	t.Helper()
	rec := notify.NewRecorder(true)
	r := gxWith(Env{Getenv: getenv(env), Notifier: func() notify.Notifier { return rec }}, args...)
	for _, s := range append([]string{r.stdout, r.stderr}, shownText(rec)...) {
		if strings.Contains(s, testPasscode) || strings.Contains(s, "wrong-passcode") {
			t.Fatalf("gxptray %v showed the passcode:\n%s", args, s)
		}
	}
	return r, rec
}

func shownText(rec *notify.Recorder) []string {
	var s []string
	for _, n := range rec.Shown() {
		s = append(s, n.Notification.Summary, n.Notification.Body)
	}
	return s
}

// onlyNotification returns the one notification shown, and checks that the
// notifier was shut down afterwards.
func onlyNotification(t *testing.T, rec *notify.Recorder) notify.Notification {
	t.Helper()
	shown := rec.Shown()
	if len(shown) != 1 {
		t.Fatalf("notifications = %q, want exactly one", shownText(rec))
	}
	if _, err := rec.Show(notify.Notification{}, nil); !errors.Is(err, notify.ErrClosed) {
		t.Error("the notifier was not shut down")
	}
	return shown[0].Notification
}

func withEnv(env map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

func TestDialNotifySaysWhatIsDialed(t *testing.T) {
	isolate(t)
	p, url := startPhone(t, phonesim.Options{})
	r, rec := gxNotify(t, withEnv(phoneEnv(url), "LANG", "en_US.UTF-8"), "dial", "--notify", "tel:+1-555-0100")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if got := p.Dialed(); len(got) != 1 || got[0] != "+15550100" {
		t.Fatalf("phone dialed %q", got)
	}
	n := onlyNotification(t, rec)
	if n.Summary != "Calling +15550100" || n.Body != "" || len(n.Actions) != 0 {
		t.Errorf("notification %q / %q / %v, want \"Calling +15550100\"", n.Summary, n.Body, n.Actions)
	}
	if !strings.Contains(r.stdout, "Dialing +15550100") {
		t.Errorf("stdout = %q", r.stdout)
	}

	// Without --notify the desktop is left alone.
	r, rec = gxNotify(t, phoneEnv(url), "dial", "203")
	if r.code != ExitOK || len(rec.Shown()) != 0 {
		t.Errorf("plain dial: exit %d, notifications %q", r.code, shownText(rec))
	}
}

func TestDialNotifyTellsTheErrorAndItsHintInTheUsersLanguage(t *testing.T) {
	isolate(t)
	env := map[string]string{"GXPTRAY_PHONE": "http://127.0.0.1:1", "GXPTRAY_PASSCODE": testPasscode, "LANG": "ru_RU.UTF-8"}
	r, rec := gxNotify(t, env, "dial", "--notify", "tel:203")
	if r.code != ExitUnreachable {
		t.Fatalf("exit %d, want %d: %s", r.code, ExitUnreachable, r.stderr)
	}
	n := onlyNotification(t, rec)
	if n.Summary != "Не удалось позвонить на tel:203" {
		t.Errorf("summary = %q", n.Summary)
	}
	if !strings.HasPrefix(n.Body, "По адресу 127.0.0.1:1 никто не отвечает") || !strings.Contains(n.Body, "проверьте адрес и что телефон включён") || strings.Contains(n.Body, "api-") {
		t.Errorf("body = %q, want the error and the Russian hint", n.Body)
	}
	// Standard error keeps its English hint for scripts and bug reports.
	if !strings.Contains(r.stderr, "Nothing answers at 127.0.0.1:1") || strings.Contains(r.stderr, "роверьте") {
		t.Errorf("stderr = %q", r.stderr)
	}

	_, url := startPhone(t, phonesim.Options{})
	r, rec = gxNotify(t, map[string]string{"GXPTRAY_PHONE": url, "GXPTRAY_PASSCODE": "wrong-passcode", "LANG": "ru_RU.UTF-8"},
		"dial", "--notify", "callto:203")
	if r.code != ExitUnauthorized {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if n := onlyNotification(t, rec); !strings.Contains(n.Body, "После 5 неудачных входов") {
		t.Errorf("body = %q, want the passcode hint in Russian", n.Body)
	}
}

func TestDialNotifyFollowsTheLanguageChosenInSettings(t *testing.T) {
	isolate(t)
	saveTestSettings(t, func(s *settings.Settings) { s.Language = "ru" })
	_, url := startPhone(t, phonesim.Options{})
	r, rec := gxNotify(t, withEnv(phoneEnv(url), "LANG", "en_US.UTF-8"), "dial", "--notify", "203")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if n := onlyNotification(t, rec); n.Summary != "Звоним: 203" {
		t.Errorf("summary = %q, want Russian as chosen in Settings", n.Summary)
	}
}

// A broken or empty link still tells the user something.
func TestDialNotifyOnBadLinks(t *testing.T) {
	isolate(t)
	p, url := startPhone(t, phonesim.Options{})
	env := withEnv(phoneEnv(url), "LANG", "C")
	for _, tc := range []struct {
		args    []string
		summary string
		body    string
	}{
		{[]string{"dial", "--notify", "tel:call-me\x1b[31m"}, "Could not dial tel:call-me", "No phone number in"},
		{[]string{"dial", "--notify"}, "Could not dial", "which number?"},
		{[]string{"dial", "--notify", "--bogus", "203"}, "Could not dial", "bogus"},
	} {
		r, rec := gxNotify(t, env, tc.args...)
		if r.code != ExitUsage {
			t.Errorf("%q: exit %d, want %d", tc.args, r.code, ExitUsage)
		}
		n := onlyNotification(t, rec)
		if !strings.HasPrefix(n.Summary, tc.summary) || !strings.Contains(n.Body, tc.body) {
			t.Errorf("%q: notification %q / %q, want %q / …%s…", tc.args, n.Summary, n.Body, tc.summary, tc.body)
		}
	}
	if len(p.Dialed()) != 0 {
		t.Errorf("a bad link reached the phone: %q", p.Dialed())
	}

	// A notifier that fails does not turn a good dial into a failure.
	rec := notify.NewRecorder(false)
	rec.FailWith(errors.New("no notification server"))
	r := gxWith(Env{Getenv: getenv(env), Notifier: func() notify.Notifier { return rec }}, "dial", "--notify", "204")
	if r.code != ExitOK || !strings.Contains(r.stderr, "no notification server") {
		t.Errorf("failing notifier: exit %d, stderr %q", r.code, r.stderr)
	}
}
