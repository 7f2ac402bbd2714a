package windows

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/cti/testkit"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/service/servicetest"
	"github.com/gxptray/gxptray/ui/settings"
)

// trayFor runs the real tray service for a simulated phone behind a real
// local API, with the settings s and the phone's password stored.
func trayFor(t *testing.T, s settings.Settings, store settings.SecretStore) *localapi.Client {
	t.Helper()
	dir := testkit.SocketDir(t)
	paths := settings.Paths{ConfigDir: dir, ConfigFile: filepath.Join(dir, "settings.json"), DataDir: dir,
		HistoryFile: filepath.Join(dir, "history.jsonl"), RuntimeDir: dir, Socket: filepath.Join(dir, "s.sock")}
	if err := settings.Save(paths.ConfigFile, s); err != nil {
		t.Fatal(err)
	}
	servicetest.Start(t, paths, store)
	c, err := localapi.Dial(paths.Socket)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ctx := context.Background()
	// Wait for the listener, which the install needs.
	deadline := time.Now().Add(10 * time.Second)
	for {
		if st, err := c.State(ctx); err == nil && st.PushURL != "" {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatal("the tray's push listener did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// "Set up instant notifications": a first click shows what would be
// written (another program's URL shown and kept), the second writes and
// shows what the phone kept.
func TestSettingsSetsUpInstantNotifications(t *testing.T) {
	p := phonesim.New(phonesim.Options{Passcode: simPasscode})
	t.Cleanup(func() { p.Close() })
	psrv, err := phonesim.Listen("127.0.0.1:0", p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { psrv.Close() })
	crm := "http://crm.example/missed?n=$remote"
	p.SetValue("P8312", crm)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	listen := ln.Addr().String()
	ln.Close()
	s := settings.Defaults()
	s.Phone, s.PushListen, s.Language = psrv.URL(), listen, "en"
	store := &settings.MemoryStore{}
	if err := store.Set(settings.SecretPasscode, simPasscode); err != nil {
		t.Fatal(err)
	}
	api := trayFor(t, s, store)

	env, q := settingsEnv(t, api, "en", store)
	if err := settings.Save(env.Paths.ConfigFile, s); err != nil {
		t.Fatal(err)
	}
	w := openSettings(t, env, q)
	if w.push.Button.Text != "Set up instant notifications" {
		t.Fatalf("button %q", w.push.Button.Text)
	}
	test.Tap(w.push.Button)
	q.waitFor(t, "the plan", func() bool { return strings.Contains(w.push.Result.Text, "Write these fields") })
	for _, want := range []string{"Incoming Call (P8310): will be written", "Missed Call (P8312): another program's, left alone: " + crm} {
		if !strings.Contains(w.push.Result.Text, want) {
			t.Fatalf("plan lacks %q:\n%s", want, w.push.Result.Text)
		}
	}
	if !w.push.Replace.Visible() || w.push.Button.Text != "Write to the phone" || p.Value("P8310") != "" {
		t.Fatalf("after the plan: replace shown %v, button %q, P8310 %q", w.push.Replace.Visible(), w.push.Button.Text, p.Value("P8310"))
	}
	test.Tap(w.push.Button)
	q.waitFor(t, "the result", func() bool { return strings.HasPrefix(w.push.Result.Text, "✓ Written") })
	if !strings.Contains(w.push.Result.Text, "Incoming Call (P8310): written") || !strings.HasPrefix(p.Value("P8310"), "http://"+listen+"/") {
		t.Fatalf("result:\n%s\nP8310 %q", w.push.Result.Text, p.Value("P8310"))
	}
	if p.Value("P8312") != crm || p.WebSessions() != 0 {
		t.Fatalf("P8312 %q, %d sessions open", p.Value("P8312"), p.WebSessions())
	}
	st, err := api.State(context.Background())
	if err != nil || st.PushCheck != "waiting" {
		t.Fatalf("push check %q, %v", st.PushCheck, err)
	}
}

// Without the tray process there is nothing to receive the requests: the
// button says so and nothing reaches the phone.
func TestSettingsInstantNotificationsNeedTheTray(t *testing.T) {
	env, q := settingsEnv(t, nil, "en", &settings.MemoryStore{})
	w := openSettings(t, env, q)
	w.PushListen.SetText("0.0.0.0:8765")
	test.Tap(w.push.Button)
	if !strings.Contains(w.push.Result.Text, "GXP Tray must be running") {
		t.Fatalf("result %q", w.push.Result.Text)
	}
}

// The connection test says which phone it is, and warns about a firmware
// with a known flaw.
func TestSettingsTestShowsPhoneIdentity(t *testing.T) {
	f := newFakeAPI()
	f.testRes = localapi.TestResult{OK: true, Lines: idleLines(2),
		Identity: &cti.PhoneIdentity{Model: "GXP1625", Firmware: "1.0.7.64", MAC: "000B82112233"},
		Warnings: []string{"GXP1625 firmware 1.0.7.64 has a publicly known security flaw (CVE-2026-2329)"}}
	env, q := settingsEnv(t, f, "en", &settings.MemoryStore{})
	w := openSettings(t, env, q)
	w.Phone.SetText("192.168.1.20")
	test.Tap(w.Test)
	q.waitFor(t, "the test", func() bool { return !w.testing && strings.HasPrefix(w.TestResult.Text, "✓") })
	for _, want := range []string{"Phone: GXP1625, firmware 1.0.7.64, MAC 000B82112233", "⚠ GXP1625 firmware 1.0.7.64 has a publicly known security flaw (CVE-2026-2329)"} {
		if !strings.Contains(w.TestResult.Text, want) {
			t.Errorf("test result lacks %q:\n%s", want, w.TestResult.Text)
		}
	}
}

// Without a listener address the button fills in the usual one and asks
// for a save first.
func TestSettingsInstantNotificationsFillTheListener(t *testing.T) {
	f := newFakeAPI()
	env, q := settingsEnv(t, f, "en", &settings.MemoryStore{})
	w := openSettings(t, env, q)
	test.Tap(w.push.Button)
	if w.PushListen.Text != "0.0.0.0:8765" || !strings.Contains(w.push.Result.Text, "press Save") {
		t.Fatalf("listener %q, result %q", w.PushListen.Text, w.push.Result.Text)
	}
}
