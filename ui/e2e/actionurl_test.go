//go:build e2e

package e2e

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/phonesim"
)

// TestActionURLInstall: against the simulated phone of each login family,
// `gxptray actionurl --install` writes the fields through the phone's web
// session; a ring then reaches the running app as a push (the app polls
// only every 10 s); `--uninstall` leaves another program's field alone.
func TestActionURLInstall(t *testing.T) {
	for _, fam := range []phonesim.WebFamily{phonesim.WebPlain, phonesim.WebChallenge} {
		t.Run(string(fam), func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			listen := ln.Addr().String()
			ln.Close()
			s := newSession(t, sessionOptions{settings: map[string]any{"push_listen": listen, "poll_interval": "10s"}})
			s.phone.SetWebFamily(fam)
			crm := "http://crm.example/dnd?on=1"
			s.phone.SetValue("P8316", crm)

			out, err := s.d.Run(s.ctx, PhonePasscode+"\n", Binary(t), "--phone", s.phone.URL(), "--password-stdin",
				"actionurl", "--install", "--yes", "--host", "127.0.0.1")
			if err != nil {
				t.Fatalf("install: %v\n%s", err, out)
			}
			if !strings.Contains(out, "Incoming Call     P8310  written") {
				t.Fatalf("install output:\n%s", out)
			}
			if got := s.phone.Value("P8310"); !strings.HasPrefix(got, "http://"+listen+"/") {
				t.Fatalf("P8310 = %q", got)
			}
			logins := 0
			for _, r := range s.phone.WebRequests() {
				if r.Function == "dologin" {
					logins++
				}
			}
			if logins != 1 || s.phone.WebSessions() != 0 {
				t.Fatalf("%d logins, %d sessions left open", logins, s.phone.WebSessions())
			}

			s.ringIncoming("+74951234567", "Анна Смирнова")
			deadline := time.Now().Add(5 * time.Second)
			for !strings.Contains(s.app.LogText(), "action URL request") {
				if time.Now().After(deadline) {
					t.Fatalf("the app log shows no Action URL request:\n%s", tail(s.app.LogText(), 30))
				}
				time.Sleep(50 * time.Millisecond)
			}

			// The Phone menu: Do Not Disturb where the firmware has it,
			// switched from the tray through the phone's web session.
			if fam == phonesim.WebChallenge {
				s.click("Do Not Disturb")
				if err := s.phone.Wait(s.within(10*time.Second), func() bool { return s.phone.Audio().DND }); err != nil {
					t.Fatalf("DND not switched on from the tray: %v", err)
				}
				s.wantMenu("DND on in the menu", func(m MenuItem) error {
					if _, ok := m.Find("Do Not Disturb: on (click to switch off)"); !ok {
						return fmt.Errorf("no DND on item in:\n%s", m)
					}
					return nil
				})
			}

			out, err = s.d.Run(s.ctx, PhonePasscode+"\n", Binary(t), "--phone", s.phone.URL(), "--password-stdin",
				"actionurl", "--uninstall", "--yes")
			if err != nil {
				t.Fatalf("uninstall: %v\n%s", err, out)
			}
			if s.phone.Value("P8310") != "" || s.phone.Value("P8316") != crm {
				t.Fatalf("after uninstall: P8310 %q, P8316 %q", s.phone.Value("P8310"), s.phone.Value("P8316"))
			}
		})
	}
}
