package cli

import (
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/ui/settings"
)

// userPaths are the settings and data paths of the (isolated) user.
func userPaths(t *testing.T) settings.Paths {
	t.Helper()
	paths, err := settings.DefaultPaths()
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

// saveTestSettings saves the defaults changed by edit as the user's
// settings and returns the file's path.
func saveTestSettings(t *testing.T, edit func(*settings.Settings)) string {
	t.Helper()
	paths := userPaths(t)
	s := settings.Defaults()
	edit(&s)
	if err := settings.Save(paths.ConfigFile, s); err != nil {
		t.Fatal(err)
	}
	return paths.ConfigFile
}

// The passcode in the keyring belongs to the saved phone: a phone named with
// GXPTRAY_PHONE or --phone gets none of it, in any spelling of another
// address, while another spelling of the saved phone does.
func TestKeyringPasscodeGoesOnlyToItsPhone(t *testing.T) {
	isolate(t)
	saved, savedURL := startPhone(t, phonesim.Options{})
	other, otherURL := startPhone(t, phonesim.Options{})
	saveTestSettings(t, func(s *settings.Settings) { s.Phone = savedURL })
	if err := settings.SavePasscode(settings.NewKeyring(time.Second), savedURL, testPasscode); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--phone", otherURL, "status"}, {"--phone", otherURL + "/", "dial", "203"}} {
		r := gx(t, nil, args...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, "belongs to "+savedURL) {
			t.Fatalf("gxptray %v: exit %d, stderr %q; want a refusal naming both phones", args, r.code, r.stderr)
		}
	}
	r := gx(t, map[string]string{"GXPTRAY_PHONE": strings.ToUpper(otherURL)}, "status")
	if r.code != ExitUsage {
		t.Fatalf("GXPTRAY_PHONE: exit %d, %q", r.code, r.stderr)
	}
	if n := len(other.Requests()); n != 0 {
		t.Fatalf("the other phone received %d requests carrying the saved passcode", n)
	}
	t.Logf("requests reaching another host with the stored passcode: %d", len(other.Requests()))
	if r := gx(t, nil, "--phone", savedURL+"/", "status"); r.code != ExitOK {
		t.Fatalf("the saved phone spelled with a slash: exit %d, %q", r.code, r.stderr)
	}
	if saved.RequestCount("api-get_line_status") == 0 {
		t.Fatal("the saved phone was not asked")
	}
}

// The saved pin applies to every spelling of the saved phone, and a phone
// given on the command line is pinned on first use and refused when its
// certificate changes, with the same message.
func TestCommandLinePhonesArePinned(t *testing.T) {
	isolate(t)
	p := phonesim.New(phonesim.Options{Passcode: testPasscode, KeyInterval: time.Millisecond})
	t.Cleanup(func() { p.Close() })
	srv := httptest.NewUnstartedServer(p.Handler())
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are the point
	srv.StartTLS()
	t.Cleanup(srv.Close)
	fake := strings.Repeat("ab", 32) // a pin this server's certificate does not match

	cfg := saveTestSettings(t, func(s *settings.Settings) { s.Phone = srv.URL; s.TLSMode = settings.TLSPin; s.PinnedCert = fake })
	for _, addr := range []string{srv.URL + "/", strings.Replace(srv.URL, "https://127.0.0.1", "HTTPS://127.0.0.1", 1)} {
		r := gx(t, phoneEnv(addr), "status")
		if r.code == ExitOK || !strings.Contains(r.stderr, "certificate has changed") {
			t.Fatalf("%s against the saved pin: exit %d, %q", addr, r.code, r.stderr)
		}
	}
	if n := len(p.Requests()); n != 0 {
		t.Fatalf("an impostor certificate received %d requests", n)
	}

	// Not the saved phone: trust on first use, remembered.
	saveTestSettings(t, func(s *settings.Settings) { s.Phone = "192.0.2.1" })
	if r := gx(t, phoneEnv(srv.URL), "status"); r.code != ExitOK {
		t.Fatalf("first use: exit %d, %q", r.code, r.stderr)
	}
	known := filepath.Join(filepath.Dir(cfg), "known_phones.json")
	data, err := os.ReadFile(known)
	if err != nil || !strings.Contains(string(data), srv.URL) {
		t.Fatalf("known phones %q, %v", data, err)
	}
	// The phone now presents another certificate (simulated by changing the pin).
	if err := os.WriteFile(known, []byte(`{"`+srv.URL+`":"`+fake+`"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	before := len(p.Requests())
	r := gx(t, phoneEnv(srv.URL+"/"), "status")
	if r.code == ExitOK || !strings.Contains(r.stderr, "certificate has changed") {
		t.Fatalf("changed certificate of a command-line phone: exit %d, %q", r.code, r.stderr)
	}
	if n := len(p.Requests()) - before; n != 0 {
		t.Fatalf("%d requests sent past a changed certificate", n)
	}
}

const hostileName = "\x1b]0;Bank security\x07Ivan\u202e\r\nFAKE LINE\x1b[2J"

func assertPrintable(t *testing.T, what, out string) {
	t.Helper()
	for _, bad := range []string{"\x1b", "\x07", "\u202e", "\r", "FAKE LINE\n", "\nFAKE"} {
		if strings.Contains(out, bad) {
			t.Errorf("%s prints %q raw:\n%q", what, bad, out)
		}
	}
	if !strings.Contains(out, "]0;Bank securityIvan FAKE LINE[2J") {
		t.Errorf("%s lost the caller's name:\n%q", what, out)
	}
}

// Caller names are printable and one line in text output; JSON keeps them
// exactly.
func TestHostileCallerIDsInTheTerminal(t *testing.T) {
	dir := isolate(t)
	// A phone relaying the caller ID as it came (the simulated phone refuses
	// control characters, so a plain server answers here).
	nameJSON, _ := json.Marshal(hostileName)
	phone := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "api-get_phone_status") {
			w.Write([]byte(`{"response":"success","body":"ringing"}`))
			return
		}
		w.Write([]byte(`{"response":"success","body":[{"line":1,"state":"ringing","acct":0,"active":1,"remotename":` + string(nameJSON) + `,"remotenumber":"203"}]}`))
	}))
	defer phone.Close()
	url := phone.URL
	r := gx(t, phoneEnv(url), "status")
	assertPrintable(t, "status", r.stdout)
	var st statusReport
	r = gx(t, phoneEnv(url), "status", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || len(st.Lines) != 1 || st.Lines[0].RemoteName != hostileName {
		t.Errorf("status --json does not keep the name exactly: %s (%v)", r.stdout, err)
	}

	hist := filepath.Join(dir, "data", "history.json")
	os.MkdirAll(filepath.Dir(hist), 0o700)
	line := `{"direction":"incoming","number":"203","name":"\u001b]0;Bank security\u0007Ivan\u202e\r\nFAKE LINE\u001b[2J","start":"2026-01-02T10:00:00Z","duration":0,"outcome":"missed"}` + "\n"
	os.WriteFile(hist, []byte(line), 0o600)
	assertPrintable(t, "history", gx(t, nil, "history").stdout)
	var calls []cti.Call
	if out := gx(t, nil, "history", "--json").stdout; json.Unmarshal([]byte(out), &calls) != nil || len(calls) != 1 || calls[0].Name != hostileName {
		t.Errorf("history --json changed the name: %s", out)
	}
}

func TestWatchLineIsPrintable(t *testing.T) {
	e := cti.Event{Kind: cti.EventIncoming, Line: 1, Name: hostileName, Number: "203\n", Time: time.Now()}
	assertPrintable(t, "watch", formatEvent("", e)+"\n")
	if strings.Count(formatEvent("", e), "\n") != 0 {
		t.Error("one event prints more than one line")
	}
}
