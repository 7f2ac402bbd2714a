package cli

import (
	"strings"
	"testing"

	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/cti/testkit"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/settings"
)

// A link handler started as "gxptray tel:..." (how Windows starts the
// handler of a URL scheme) dials and reports in a notification.
func TestLinkAsTheOnlyArgumentDials(t *testing.T) {
	isolate(t)
	p, url := startPhone(t, phonesim.Options{})
	env := withEnv(phoneEnv(url), "LANG", "C")
	r, rec := gxNotify(t, env, "tel:+7-495-123-45-67")
	if r.code != ExitOK {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if n := onlyNotification(t, rec); n.Summary != "Calling +74951234567" {
		t.Errorf("notification %q, want Calling +74951234567", n.Summary)
	}
	if got := p.Dialed(); len(got) != 1 || got[0] != "+74951234567" {
		t.Errorf("phone dialed %q", got)
	}

	long := "callto:" + strings.Repeat("1", 5000)
	for _, bad := range []string{"CALLTO:call-me", long} {
		r, rec := gxNotify(t, env, bad)
		if r.code != ExitUsage {
			t.Errorf("%.40q: exit %d, want %d", bad, r.code, ExitUsage)
		}
		if n := onlyNotification(t, rec); !strings.HasPrefix(n.Summary, "Could not dial") {
			t.Errorf("%.40q: notification %q", bad, n.Summary)
		}
	}
	if got := p.Dialed(); len(got) != 1 {
		t.Errorf("a bad link reached the phone: %q", got)
	}
}

func TestPasscodeCommandSavesInTheKeyring(t *testing.T) {
	isolate(t)
	run := func(stdin string, args ...string) result {
		// The password is kept for the phone it goes to.
		args = append([]string{"--phone", "http://127.0.0.1:1"}, args...)
		return gxWith(Env{Stdin: strings.NewReader(stdin), Notifier: func() notify.Notifier { return notify.NewRecorder(false) }}, args...)
	}
	store := settings.NewKeyring(0)

	if r := run(testPasscode+"\r\n", "password"); r.code != ExitOK || strings.Contains(r.stdout+r.stderr, testPasscode) {
		t.Fatalf("password: exit %d, out %q, err %q", r.code, r.stdout, r.stderr)
	}
	if got, err := store.Get(settings.SecretPasscode); err != nil || got != testPasscode {
		t.Fatalf("keyring holds %q, %v; want the passcode without the line end", got, err)
	}
	if owner, err := store.Get(settings.SecretPasscodePhone); err != nil || owner != "http://127.0.0.1:1" {
		t.Errorf("the passcode is kept for %q, %v; want the phone it was given for", owner, err)
	}

	for _, tc := range []struct {
		stdin string
		args  []string
	}{
		{"", []string{"password"}},
		{"\n", []string{"password"}},
		{"", []string{"password", testPasscode}}, // never from argv
	} {
		r := run(tc.stdin, tc.args...)
		if r.code != ExitUsage {
			t.Errorf("%q with stdin %q: exit %d, want %d", tc.args[1:], tc.stdin, r.code, ExitUsage)
		}
		// A password typed as an argument by mistake is not echoed back.
		if strings.Contains(r.stdout+r.stderr, testPasscode) {
			t.Errorf("%q: the password is printed: %q", tc.args[1:], r.stderr)
		}
	}
	if got, _ := store.Get(settings.SecretPasscode); got != testPasscode {
		t.Errorf("a refused call changed the saved passcode to %q", got)
	}

	file := testkit.WriteTemp(t, "pass", "from-file\n")
	// The older names (flag and command) still work.
	if r := run("", "--passcode-file", file, "passcode"); r.code != ExitOK {
		t.Fatalf("--passcode-file: exit %d, %q", r.code, r.stderr)
	}
	if got, _ := store.Get(settings.SecretPasscode); got != "from-file" {
		t.Errorf("keyring holds %q, want from-file", got)
	}

	if r := run("", "password", "--delete"); r.code != ExitOK {
		t.Fatalf("--delete: exit %d, %q", r.code, r.stderr)
	}
	if _, err := store.Get(settings.SecretPasscode); err == nil {
		t.Error("the passcode is still in the keyring after --delete")
	}
	// The saved-passcode path of the phone commands now says what to do.
	if r := run("", "--phone", "127.0.0.1:9", "status"); r.code != ExitUsage || !strings.Contains(r.stderr, "save it in Settings") {
		t.Errorf("status without a passcode: exit %d, %q", r.code, r.stderr)
	}
}

// `gxptray quit` with no tray process running (an installer removing a copy
// that is not started) says so and succeeds.
func TestQuitWithNothingRunning(t *testing.T) {
	isolate(t)
	r := gx(t, nil, "quit")
	if r.code != ExitOK || !strings.Contains(r.stdout, "not running") {
		t.Fatalf("quit: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
