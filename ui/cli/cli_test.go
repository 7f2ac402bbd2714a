package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/cti/testkit"
	"github.com/gxptray/gxptray/ui/settings"
)

const testPasscode = "s3cret-passcode"

// isolate points every per-user path at a temporary directory, so no test
// finds the developer's running tray app, settings or keyring.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("GXPTRAY_CONFIG_DIR", filepath.Join(dir, "config"))
	t.Setenv("GXPTRAY_DATA_DIR", filepath.Join(dir, "data"))
	t.Setenv("GXPTRAY_RUNTIME_DIR", filepath.Join(dir, "run"))
	keyring.MockInit()
	return dir
}

func startPhone(t *testing.T, opts phonesim.Options) (*phonesim.Phone, string) {
	t.Helper()
	if opts.Passcode == "" {
		opts.Passcode = testPasscode
	}
	if opts.KeyInterval == 0 {
		opts.KeyInterval = time.Millisecond
	}
	p := phonesim.New(opts)
	srv, err := phonesim.Listen("127.0.0.1:0", p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close(); p.Close() })
	return p, srv.URL()
}

type result struct {
	code           int
	stdout, stderr string
}

// gx runs gxptray with the environment env and fails the test if it
// printed the passcode.
func gx(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	r := gxWith(Env{Getenv: getenv(env)}, args...)
	for _, s := range []string{r.stdout, r.stderr} {
		if strings.Contains(s, testPasscode) {
			t.Fatalf("gxptray %v printed the passcode:\n%s", args, s)
		}
	}
	return r
}

// gxWith runs gxptray in e with its output captured (an empty standard
// input, no environment and version 1.2.3 where e has none).
func gxWith(e Env, args ...string) result {
	var out, errb bytes.Buffer
	e.Stdout, e.Stderr = &out, &errb
	if e.Stdin == nil {
		e.Stdin = strings.NewReader("")
	}
	if e.Getenv == nil {
		e.Getenv = getenv(nil)
	}
	if e.Version == "" {
		e.Version = "1.2.3"
	}
	return result{Main(args, e), out.String(), errb.String()}
}

// getenv is the environment env for Env.Getenv.
func getenv(env map[string]string) func(string) string {
	return func(k string) string { return env[k] }
}

func phoneEnv(url string) map[string]string {
	return map[string]string{"GXPTRAY_PHONE": url, "GXPTRAY_PASSCODE": testPasscode}
}

func TestStatusShowsEveryLine(t *testing.T) {
	isolate(t)
	p, url := startPhone(t, phonesim.Options{})
	if _, err := p.Ring("203", "Виталик"); err != nil {
		t.Fatal(err)
	}
	// A phone that knows no name sends the number as the name too.
	if _, err := p.Ring("204", "204"); err != nil {
		t.Fatal(err)
	}
	r := gx(t, phoneEnv(url), "status")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "Phone "+url+": ringing") {
		t.Errorf("no phone status line:\n%s", r.stdout)
	}
	// Lines in use only, accounts counted from 1 with their names as in
	// Settings; a number without a name once.
	if !strings.Contains(r.stdout, "Line 1  ringing  Виталик <203>  account 1: Office") ||
		!strings.Contains(r.stdout, "Line 2  ringing  204 ") || strings.Contains(r.stdout, "<204>") || strings.Count(r.stdout, "Line ") != 2 {
		t.Errorf("want the two ringing lines only, with their accounts:\n%s", r.stdout)
	}
	r = gx(t, phoneEnv(url), "status", "--all")
	if strings.Count(r.stdout, "Line ") != 8 || !strings.Contains(r.stdout, "Line 8  idle") {
		t.Errorf("--all: want 8 lines:\n%s", r.stdout)
	}

	r = gx(t, phoneEnv(url), "status", "--json")
	var rep statusReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("status --json: %v\n%s", err, r.stdout)
	}
	if rep.Status != cti.PhoneRinging || len(rep.Lines) != 8 || rep.Lines[0].RemoteName != "Виталик" || rep.Via != "direct" {
		t.Errorf("status --json = %+v", rep)
	}
}

func TestDialNormalizesWhatPeopleCopy(t *testing.T) {
	isolate(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"dial", "+7 (495) 123-45-67"}, "+74951234567"},
		{[]string{"dial", "tel:+1-555-0100"}, "+15550100"},
		{[]string{"dial", "8", "800", "555", "35", "35"}, "88005553535"}, // split by the shell
	} {
		p, url := startPhone(t, phonesim.Options{})
		r := gx(t, phoneEnv(url), tc.args...)
		if r.code != ExitOK {
			t.Fatalf("%v: exit %d: %s", tc.args, r.code, r.stderr)
		}
		if got := p.Dialed(); len(got) != 1 || got[0] != tc.want {
			t.Errorf("%v: phone dialed %q, want %q", tc.args, got, tc.want)
		}
		if !strings.Contains(r.stdout, tc.want) {
			t.Errorf("%v: output does not say what is dialed: %q", tc.args, r.stdout)
		}
	}
}

func TestDialFallsBackToKeys(t *testing.T) {
	isolate(t)
	p, url := startPhone(t, phonesim.Options{DisableMakeCall: true})
	r := gx(t, phoneEnv(url), "dial", "203")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := p.WaitKeysDone(ctx); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.KeysReceived(), ":"); got != "2:0:3:SEND" {
		t.Errorf("keys = %s", got)
	}
}

func TestCallCommands(t *testing.T) {
	isolate(t)
	p, url := startPhone(t, phonesim.Options{})
	line, err := p.Ring("+15555550100", "Acme Corp")
	if err != nil {
		t.Fatal(err)
	}
	env := phoneEnv(url)
	step := func(cmd string, want cti.LineState) {
		t.Helper()
		if r := gx(t, env, cmd); r.code != ExitOK {
			t.Fatalf("%s: exit %d: %s", cmd, r.code, r.stderr)
		}
		if got := p.Line(line).State; got != want {
			t.Fatalf("after %s: line %d is %s, want %s", cmd, line, got, want)
		}
	}
	step("answer", cti.StateConnected)
	step("hold", cti.StateOnHold)
	step("hold", cti.StateConnected)
	step("end", cti.StateIdle)

	if _, err := p.Ring("203", ""); err != nil {
		t.Fatal(err)
	}
	step("reject", cti.StateIdle)

	if r := gx(t, env, "keys", "VUP:MUTE"); r.code != ExitOK {
		t.Fatalf("keys: exit %d: %s", r.code, r.stderr)
	}
}

func TestRebootAndResetNeedYes(t *testing.T) {
	isolate(t)
	p, url := startPhone(t, phonesim.Options{RebootDowntime: time.Hour})
	for _, cmd := range []string{"reboot", "reset"} {
		r := gx(t, phoneEnv(url), cmd)
		if r.code != ExitUsage || !strings.Contains(r.stderr, "--yes") {
			t.Errorf("%s without --yes: exit %d, %q", cmd, r.code, r.stderr)
		}
	}
	if n := p.RequestCount("api-sys_operation"); n != 0 {
		t.Fatalf("the phone got %d sys_operation requests without --yes", n)
	}
	if r := gx(t, phoneEnv(url), "reboot", "--yes"); r.code != ExitOK {
		t.Fatalf("reboot --yes: exit %d: %s", r.code, r.stderr)
	}
	if !p.Rebooting() {
		t.Error("the phone is not rebooting")
	}
}

func TestExitCodesAndHints(t *testing.T) {
	isolate(t)
	p, url := startPhone(t, phonesim.Options{})

	r := gx(t, map[string]string{"GXPTRAY_PHONE": url, "GXPTRAY_PASSCODE": "wrong-passcode"}, "status")
	if r.code != ExitUnauthorized || !strings.Contains(r.stderr, "5 failed logins") {
		t.Errorf("wrong passcode: exit %d, %q", r.code, r.stderr)
	}
	if n := p.FailedLogins(); n != 1 {
		t.Errorf("one command made %d failed logins, want 1", n)
	}

	r = gx(t, map[string]string{"GXPTRAY_PHONE": "http://127.0.0.1:1", "GXPTRAY_PASSCODE": testPasscode}, "status")
	if r.code != ExitUnreachable || !strings.HasPrefix(r.stderr, "gxptray: Nothing answers at 127.0.0.1:1: ") {
		t.Errorf("unreachable: exit %d, %q", r.code, r.stderr)
	}

	r = gx(t, phoneEnv(url), "dial", "call me maybe")
	if r.code != ExitUsage || r.stderr != "gxptray: No phone number in “call me maybe”.\n" {
		t.Errorf("bad number: exit %d, %q", r.code, r.stderr)
	}
	if len(p.Dialed()) != 0 {
		t.Error("a bad number reached the phone")
	}

	r = gx(t, phoneEnv(url), "keys", "1:FOO")
	if r.code != ExitUsage {
		t.Errorf("bad key: exit %d, %q", r.code, r.stderr)
	}
	if r = gx(t, nil, "frobnicate"); r.code != ExitUsage || !strings.Contains(r.stderr, "unknown command") {
		t.Errorf("unknown command: exit %d, %q", r.code, r.stderr)
	}
	if r = gx(t, map[string]string{"GXPTRAY_PASSCODE": testPasscode}, "status"); r.code != ExitUsage || !strings.Contains(r.stderr, "no phone address") {
		t.Errorf("no phone: exit %d, %q", r.code, r.stderr)
	}
	if r = gx(t, map[string]string{"GXPTRAY_PHONE": url}, "status"); r.code != ExitUsage || !strings.Contains(r.stderr, "no password") {
		t.Errorf("no password: exit %d, %q", r.code, r.stderr)
	}
}

func TestPasscodeFromFileNotArgv(t *testing.T) {
	isolate(t)
	_, url := startPhone(t, phonesim.Options{})
	f := testkit.WriteTemp(t, "pass", testPasscode+"\n")
	if r := gx(t, map[string]string{"GXPTRAY_PHONE": url}, "--password-file", f, "status"); r.code != ExitOK {
		t.Fatalf("--password-file: exit %d: %s", r.code, r.stderr)
	}
	// The older names still work.
	if r := gx(t, map[string]string{"GXPTRAY_PHONE": url}, "--passcode-file="+f, "status"); r.code != ExitOK {
		t.Fatalf("--passcode-file: exit %d: %s", r.code, r.stderr)
	}
	if r := gx(t, map[string]string{"GXPTRAY_PHONE": url, "GXPTRAY_PASSWORD": testPasscode}, "status"); r.code != ExitOK {
		t.Fatalf("GXPTRAY_PASSWORD: exit %d: %s", r.code, r.stderr)
	}
	// Help names the secret as the phone does.
	r := gx(t, nil, "--help")
	if strings.Contains(strings.ToLower(r.stdout), "passcode") || !strings.Contains(r.stdout, "password-file") {
		t.Errorf("help says:\n%s", r.stdout)
	}
	// There is no flag that takes the passcode itself.
	for _, flag := range []string{"--passcode", "--password"} {
		if r := gx(t, map[string]string{"GXPTRAY_PHONE": url}, flag, "x", "status"); r.code != ExitUsage {
			t.Errorf("%s accepted: exit %d", flag, r.code)
		}
	}
}

func TestWatchPrintsEvents(t *testing.T) {
	isolate(t)
	p, url := startPhone(t, phonesim.Options{})
	if _, err := p.Ring("203", "Виталик"); err != nil {
		t.Fatal(err)
	}
	out, stop := startWatch(t, phoneEnv(url), "watch", "--json", "--interval", "250ms")
	waitFor(t, out, `"type":"incoming"`)
	if code := stop(); code != ExitOK {
		t.Errorf("watch ended with %d after the interrupt:\n%s", code, out.String())
	}
	ev := lastIncoming(t, out.String())
	if ev.Kind != cti.EventIncoming || ev.Name != "Виталик" || ev.Number != "203" || ev.Line != 1 {
		t.Fatalf("watch --json printed %q", out.String())
	}
}

func TestHelpAndVersion(t *testing.T) {
	r := gx(t, nil, "help")
	if r.code != ExitOK || !strings.Contains(r.stdout, "gxptray [options] COMMAND") || !strings.Contains(r.stdout, "phonesim") {
		t.Errorf("help: %d %q", r.code, r.stdout)
	}
	if r = gx(t, nil, "version"); r.stdout != "gxptray 1.2.3\n" {
		t.Errorf("version: %q", r.stdout)
	}
}

func TestActionURLPrintsEveryField(t *testing.T) {
	isolate(t)
	r := gx(t, nil, "actionurl", "--listen", "0.0.0.0:8765", "--host", "192.0.2.10")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"P8310", "P8311", "P8312", "P8313", "P8314", "P8324", "P8325",
		"http://192.0.2.10:8765/", "/incoming?remote=$remote"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := gx(t, nil, "actionurl"); r.code != ExitUsage || !strings.Contains(r.stderr, "--listen") {
		t.Errorf("without a listener: exit %d, %q", r.code, r.stderr)
	}
	if r := gx(t, nil, "actionurl", "--listen", "0.0.0.0:0"); r.code != ExitUsage {
		t.Errorf("port 0 accepted: exit %d", r.code)
	}
}

// watch --listen receives the phone's Action URL requests: a ring is reported
// long before the next poll (the poll interval here is 10 s).
func TestWatchWithPushListener(t *testing.T) {
	isolate(t)
	token, err := settings.PushToken(settings.NewKeyring(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	listen := ln.Addr().String()
	ln.Close()
	var urls = map[string]string{}
	for _, f := range cti.ActionURLFields("http://"+listen, token) {
		urls[f.Event] = f.URL
	}
	p, url := startPhone(t, phonesim.Options{ActionURLs: urls})
	watchSeesRing(t, p, url, listen, `"type":"online"`)
}

// watchSeesRing runs `watch --json` for the phone at url with its Action
// URL listener on listen, waits for each of first in its output and for
// the listener, rings p and waits until the caller's name is printed.
func watchSeesRing(t *testing.T, p *phonesim.Phone, url, listen string, first ...string) {
	t.Helper()
	out, stop := startWatch(t, phoneEnv(url), "watch", "--json", "--interval", "10s", "--listen", listen)
	for _, want := range first {
		waitFor(t, out, want)
	}
	waitFor(t, out, "Listening for the phone's Action URL requests")
	if _, err := p.Ring("+74951234567", "Анна Смирнова"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, out, `"name":"Анна Смирнова"`)
	stop()
}

// startWatch runs the command args (a watch) with the environment env in
// the background, its output and errors into out. stop interrupts it and
// returns its exit code; a test that does not call it has it stopped at
// its end.
func startWatch(t *testing.T, env map[string]string, args ...string) (out *testkit.Buffer, stop func() int) {
	t.Helper()
	out = new(testkit.Buffer)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, args, Env{Stdout: out, Stderr: out, Getenv: getenv(env)})
	}()
	var once sync.Once
	var code int
	stop = func() int {
		once.Do(func() { cancel(); code = <-done })
		return code
	}
	t.Cleanup(func() { stop() })
	return out, stop
}

// lastIncoming is the last incoming-call event in the JSON lines of a
// watch's output (the zero event when there is none).
func lastIncoming(t *testing.T, out string) cti.Event {
	t.Helper()
	var ev cti.Event
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, `"incoming"`) {
			if err := json.Unmarshal([]byte(l), &ev); err != nil {
				t.Fatal(err)
			}
		}
	}
	return ev
}

func waitFor(t *testing.T, out *testkit.Buffer, want string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in:\n%s", want, out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
