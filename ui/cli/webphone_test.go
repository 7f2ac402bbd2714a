package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/cti/testkit"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/service"
	"github.com/gxptray/gxptray/ui/service/servicetest"
	"github.com/gxptray/gxptray/ui/settings"
)

func TestDNDCommand(t *testing.T) {
	isolate(t)
	p, url := startPhone(t, phonesim.Options{WebFamily: phonesim.WebChallenge})
	if r := gx(t, phoneEnv(url), "dnd", "on"); r.code != ExitOK || r.stdout != "Do Not Disturb is on.\n" || !p.Audio().DND {
		t.Fatalf("dnd on: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	p.SetDND(false)
	if r := gx(t, phoneEnv(url), "dnd", "status"); r.code != ExitOK || r.stdout != "Do Not Disturb is off.\n" {
		t.Fatalf("dnd status: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := gx(t, phoneEnv(url), "dnd", "maybe"); r.code != ExitUsage {
		t.Fatalf("dnd maybe: exit %d", r.code)
	}
	if p.WebSessions() != 0 {
		t.Fatal("session left open")
	}
}

func TestDNDCommandOnFirmwareWithout(t *testing.T) {
	isolate(t)
	p, url := startPhone(t, phonesim.Options{})
	r := gx(t, phoneEnv(url), "dnd", "on")
	if r.code != ExitFailure || !strings.Contains(r.stderr, "does not let GXP Tray switch Do Not Disturb") || p.Audio().DND {
		t.Fatalf("exit %d %q", r.code, r.stderr)
	}
}

func TestStatusIdentityWarnsOldGXP16(t *testing.T) {
	isolate(t)
	_, url := startPhone(t, phonesim.Options{Identity: phonesim.Identity{Product: "GXP1625", ProgramVersion: "1.0.7.64", MAC: "000B82112233"}})
	r := gx(t, phoneEnv(url), "status", "--identity")
	for _, want := range []string{"Model GXP1625, firmware 1.0.7.64", "MAC 000B82112233", "Account 2: Support (2002), registered",
		"WARNING: GXP1625 firmware 1.0.7.64 has a publicly known security flaw (CVE-2026-2329)", "1.0.7.81 or later"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %q in:\n%s%s", want, r.stdout, r.stderr)
		}
	}
	r = gx(t, phoneEnv(url), "status", "--identity", "--json")
	var rep struct {
		Identity   struct{ Model, Firmware, MAC string }
		Advisories []struct{ ID string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep.Identity.Model != "GXP1625" || len(rep.Advisories) != 1 || rep.Advisories[0].ID != "CVE-2026-2329" {
		t.Fatalf("json %v: %s", err, r.stdout)
	}
	// A current firmware: no warning.
	_, url = startPhone(t, phonesim.Options{Identity: phonesim.Identity{Product: "GXP1625", ProgramVersion: "1.0.7.81"}})
	if r := gx(t, phoneEnv(url), "status", "--identity"); strings.Contains(r.stdout, "WARNING") || r.code != ExitOK {
		t.Fatalf("current firmware: exit %d\n%s", r.code, r.stdout)
	}
}

// startTray runs the real tray service and its local API for the phone at
// url, with the phone's password in the (mock) keyring.
func startTray(t *testing.T, url string, edit func(*settings.Settings)) *service.Service {
	t.Helper()
	saveTestSettings(t, func(s *settings.Settings) {
		s.Phone = url
		if edit != nil {
			edit(s)
		}
	})
	secrets := settings.NewKeyring(time.Second)
	if err := secrets.Set(settings.SecretPasscode, testPasscode); err != nil {
		t.Fatal(err)
	}
	return servicetest.Start(t, userPaths(t), secrets)
}

// waitTray waits until the tray's State satisfies cond.
func waitTray(t *testing.T, svc *service.Service, what string, cond func(localapi.State) bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	updates := svc.Subscribe(ctx)
	if cond(svc.State(ctx)) {
		return
	}
	for u := range updates {
		if u.State != nil && cond(*u.State) {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// With the tray process running, `gxptray dnd` goes through it and the tray
// keeps what it set.
func TestDNDThroughTray(t *testing.T) {
	isolate(t)
	p, url := startPhone(t, phonesim.Options{WebFamily: phonesim.WebChallenge})
	svc := startTray(t, url, nil)
	ctx := context.Background()

	if r := gx(t, nil, "dnd", "on"); r.code != ExitOK || r.stdout != "Do Not Disturb is on.\n" || !p.Audio().DND {
		t.Fatalf("dnd on via the tray: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	if st := svc.State(ctx); st.DND == nil || !*st.DND {
		t.Fatalf("the tray does not know DND is on: %v", st.DND)
	}
	before := len(p.WebRequests())
	if r := gx(t, nil, "dnd", "status"); r.stdout != "Do Not Disturb is on.\n" || len(p.WebRequests()) != before {
		t.Fatalf("status via the tray: %q, %d web requests (want none)", r.stdout, len(p.WebRequests())-before)
	}
}

// With the tray process running, `gxptray actionurl --install` has the tray
// write its own listener's URLs; the tray then sees the phone's requests.
func TestActionURLInstallThroughTray(t *testing.T) {
	isolate(t)
	p, url := startPhone(t, phonesim.Options{})
	listen := testkit.FreeAddr(t)
	svc := startTray(t, url, func(s *settings.Settings) { s.PushListen = listen })
	waitTray(t, svc, "the listener", func(s localapi.State) bool { return s.PushURL != "" })
	r := gx(t, nil, "actionurl", "--install", "--yes")
	if r.code != ExitOK || !strings.Contains(r.stdout, "will be written") || !strings.Contains(r.stdout, "At the next call") {
		t.Fatalf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.HasPrefix(p.Value("P8310"), "http://"+listen+"/") {
		t.Fatalf("P8310 = %q", p.Value("P8310"))
	}
	waitTray(t, svc, "waiting for a push", func(s localapi.State) bool { return s.PushCheck == "waiting" })
	if _, err := p.Ring("203", ""); err != nil {
		t.Fatal(err)
	}
	waitTray(t, svc, "pushes arriving", func(s localapi.State) bool { return s.PushCheck == "arriving" })
	if r := gx(t, nil, "actionurl", "--uninstall", "--yes"); r.code != ExitOK || p.Value("P8310") != "" {
		t.Fatalf("uninstall: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// `gxptray status` through the tray shows the identity the tray read (here
// by a connection test), with the firmware warning, without a login of its own.
func TestStatusThroughTrayShowsIdentity(t *testing.T) {
	isolate(t)
	p, url := startPhone(t, phonesim.Options{Identity: phonesim.Identity{Product: "GXP1628", ProgramVersion: "1.0.7.9"}})
	svc := startTray(t, url, nil)
	waitTray(t, svc, "online", func(s localapi.State) bool { return s.Conn == "online" })
	if res, err := svc.TestConnection(context.Background(), localapi.TestRequest{}); err != nil || res.Identity == nil {
		t.Fatalf("test %+v %v", res, err)
	}
	logins := len(p.WebRequests())
	r := gx(t, nil, "status")
	if r.code != ExitOK || !strings.Contains(r.stdout, "Model GXP1628, firmware 1.0.7.9") || !strings.Contains(r.stdout, "CVE-2026-2329") {
		t.Fatalf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if len(p.WebRequests()) != logins {
		t.Fatal("status logged in to the phone's web page")
	}
}

// Through the tray process too, a wrong password costs the phone one failed
// login: the tray's poll is refused, and neither the install's plan nor the
// install sends the password to the web login again.
func TestActionURLInstallThroughTrayWrongPasswordOneLogin(t *testing.T) {
	for _, fam := range []phonesim.WebFamily{phonesim.WebPlain, phonesim.WebChallenge} {
		t.Run(string(fam), func(t *testing.T) {
			isolate(t)
			p, url := startPhone(t, phonesim.Options{WebFamily: fam, Passcode: "the-phone-has-another"})
			svc := startTray(t, url, func(s *settings.Settings) { s.PushListen = testkit.FreeAddr(t) })
			waitTray(t, svc, "the refused passcode", func(s localapi.State) bool { return s.Conn == "unauthorized" })
			for range 2 {
				r := gx(t, nil, "actionurl", "--install", "--yes")
				// The exit code of a refused password, as without a tray.
				if r.code != ExitUnauthorized || !strings.Contains(r.stderr, "password") {
					t.Fatalf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
				}
			}
			if p.FailedLogins() != 1 || p.WebLogins() != 0 || p.Value("P8310") != "" {
				t.Fatalf("%d failed logins (want exactly 1), %d web logins, P8310 %q", p.FailedLogins(), p.WebLogins(), p.Value("P8310"))
			}
		})
	}
}
