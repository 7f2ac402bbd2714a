package service

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/contacts"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/cti/testkit"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

const (
	testPass     = "s3cret-Admin"
	testKeyTime  = 15 * time.Millisecond
	testPollTime = 20 * time.Millisecond
	waitLimit    = 10 * time.Second
)

// memSecrets is an in-memory SecretStore; fail makes every call fail like a
// missing keyring.
type memSecrets struct {
	mu   sync.Mutex
	m    map[string]string
	fail error
}

func newMemSecrets() *memSecrets { return &memSecrets{m: map[string]string{}} }

func (m *memSecrets) Get(name string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return "", m.fail
	}
	v, ok := m.m[name]
	if !ok {
		return "", settings.ErrNotFound
	}
	return v, nil
}

func (m *memSecrets) Set(name, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	m.m[name] = value
	return nil
}

func (m *memSecrets) Delete(name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	delete(m.m, name)
	return nil
}

// calls records OpenWindow / OpenURL calls.
type calls struct {
	mu   sync.Mutex
	list [][]string
	ch   chan struct{}
}

func newCalls() *calls { return &calls{ch: make(chan struct{}, 100)} }

func (c *calls) add(args ...string) {
	c.mu.Lock()
	c.list = append(c.list, args)
	c.mu.Unlock()
	select {
	case c.ch <- struct{}{}:
	default:
	}
}

func (c *calls) get() [][]string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([][]string(nil), c.list...)
}

type harness struct {
	t       *testing.T
	phone   *phonesim.Phone
	srv     *httptest.Server
	rec     *notify.Recorder
	secrets *memSecrets
	paths   settings.Paths
	svc     *Service
	windows *calls
	urls    *calls
	beeps   *calls
	logs    *testkit.Buffer
	cancel  context.CancelFunc
	runErr  chan error
}

type hopts struct {
	actions  bool                     // the notifier shows buttons
	notifier notify.Notifier          // replaces the recorder
	simOpts  phonesim.Options         // Passcode defaults to testPass
	edit     func(*settings.Settings) // settings before the start
	passcode string                   // stored passcode ("" = testPass, "-" = none)
	noRun    bool
	tls      bool // the phone answers HTTPS, with a test certificate
	push     bool // the Action URL listener is on, on a free local port
}

// editFirst has o's settings edit do first, then what o.edit did.
func (o *hopts) editFirst(first func(*settings.Settings)) {
	then := o.edit
	o.edit = func(s *settings.Settings) {
		first(s)
		if then != nil {
			then(s)
		}
	}
}

func newHarness(t *testing.T, o hopts) *harness {
	t.Helper()
	if o.simOpts.Passcode == "" {
		o.simOpts.Passcode = testPass
	}
	if o.simOpts.KeyInterval == 0 {
		o.simOpts.KeyInterval = testKeyTime
	}
	h := &harness{t: t, secrets: newMemSecrets(), windows: newCalls(), urls: newCalls(), beeps: newCalls(), logs: &testkit.Buffer{}}
	if o.tls {
		h.phone, h.srv = servePhoneOn(t, o.simOpts, httptest.NewTLSServer)
	} else {
		h.phone, h.srv = servePhone(t, o.simOpts)
	}

	dir := t.TempDir()
	h.paths = settings.Paths{
		ConfigDir:   filepath.Join(dir, "config"),
		ConfigFile:  filepath.Join(dir, "config", "settings.json"),
		DataDir:     filepath.Join(dir, "data"),
		HistoryFile: filepath.Join(dir, "data", "history.jsonl"),
		RuntimeDir:  filepath.Join(dir, "run"),
		Socket:      filepath.Join(dir, "run", "gxptray.sock"),
	}
	set := settings.Defaults()
	set.Phone = h.srv.URL
	set.Language = "en"
	if o.push {
		set.PushListen = testkit.FreeAddr(t)
	}
	if o.edit != nil {
		o.edit(&set)
	}
	h.saveSettings(set)
	switch o.passcode {
	case "":
		h.secrets.Set(secretPasscode, testPass)
	case "-":
	default:
		h.secrets.Set(secretPasscode, o.passcode)
	}

	h.rec = notify.NewRecorder(o.actions)
	var n notify.Notifier = h.rec
	if o.notifier != nil {
		n = o.notifier
	}
	svc, err := New(Config{
		Paths:      h.paths,
		Secrets:    h.secrets,
		Notifier:   n,
		Version:    "test",
		Logger:     slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		OpenWindow: func(name string, args ...string) error { h.windows.add(append([]string{name}, args...)...); return nil },
		OpenURL:    func(u string) error { h.urls.add(u); return nil },
		Beep:       func() { h.beeps.add("beep") },
		Tuning:     Tuning{PollInterval: testPollTime, KeyInterval: testKeyTime, RequestTimeout: 2 * time.Second},
		Directory:  contacts.NewLocal,
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h.svc = svc
	t.Cleanup(func() {
		h.stop()
		if logs := h.logs.String(); strings.Contains(logs, testPass) {
			t.Errorf("the passcode appears in the log:\n%s", logs)
		}
		if tok := h.secrets.m[secretPushToken]; tok != "" && strings.Contains(h.logs.String(), tok) {
			t.Errorf("the push token appears in the log")
		}
	})
	if !o.noRun {
		h.start()
	}
	return h
}

func (h *harness) start() {
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	h.runErr = make(chan error, 1)
	go func() { h.runErr <- h.svc.Run(ctx) }()
}

func (h *harness) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.runErr:
		if err != nil {
			h.t.Errorf("Run: %v", err)
		}
	case <-time.After(waitLimit):
		h.t.Errorf("Run did not return")
	}
}

func (h *harness) saveSettings(set settings.Settings) {
	h.t.Helper()
	if err := settings.Save(h.paths.ConfigFile, set); err != nil {
		h.t.Fatalf("settings.Save: %v", err)
	}
}

// servePhone starts a simulated phone with opts behind an HTTP server on
// 127.0.0.1; both end with the test.
func servePhone(t *testing.T, opts phonesim.Options) (*phonesim.Phone, *httptest.Server) {
	t.Helper()
	return servePhoneOn(t, opts, httptest.NewServer)
}

// servePhoneOn is servePhone with the server newServer starts
// (httptest.NewServer, httptest.NewTLSServer).
func servePhoneOn(t *testing.T, opts phonesim.Options, newServer func(http.Handler) *httptest.Server) (*phonesim.Phone, *httptest.Server) {
	t.Helper()
	p := phonesim.New(opts)
	t.Cleanup(func() { p.Close() })
	srv := newServer(p.Handler())
	t.Cleanup(srv.Close)
	return p, srv
}

// takenAddr is a loopback TCP address whose port a listener holds until
// the test ends: a port another program already uses.
func takenAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().String()
}

// rejectedRequests counts the requests p answered with 401 (a rejected
// password).
func rejectedRequests(p *phonesim.Phone) int {
	n := 0
	for _, r := range p.Requests() {
		if r.Status == http.StatusUnauthorized {
			n++
		}
	}
	return n
}

// moveToAnotherPhone points the saved settings at a second simulated phone
// (two lines, same password) and reloads them; the phone ends with the test.
func (h *harness) moveToAnotherPhone() (*phonesim.Phone, *httptest.Server) {
	h.t.Helper()
	other, otherSrv := servePhone(h.t, phonesim.Options{Passcode: testPass, KeyInterval: testKeyTime, Lines: 2})
	h.editSettings(func(s *settings.Settings) { s.Phone = otherSrv.URL })
	return other, otherSrv
}

// editSettings changes the saved settings with edit and has the service
// reload them; it returns the settings saved.
func (h *harness) editSettings(edit func(*settings.Settings)) settings.Settings {
	h.t.Helper()
	set, _, _ := settings.Load(h.paths.ConfigFile)
	edit(&set)
	h.saveSettings(set)
	if err := h.svc.ReloadSettings(h.ctx()); err != nil {
		h.t.Fatal(err)
	}
	return set
}

func (h *harness) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	h.t.Cleanup(cancel)
	return ctx
}

// waitState waits until the service's State satisfies cond.
func (h *harness) waitState(what string, cond func(localapi.State) bool) localapi.State {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	updates := h.svc.Subscribe(ctx)
	last := h.svc.State(ctx)
	if cond(last) {
		return last
	}
	for u := range updates {
		if u.State != nil {
			last = *u.State
			if cond(last) {
				return last
			}
		}
	}
	h.t.Fatalf("timed out waiting for %s; last state: %+v", what, last)
	return last
}

func (h *harness) online() {
	h.t.Helper()
	h.waitState("online", func(s localapi.State) bool { return s.Conn == cti.ConnOnline })
	h.pushApplied()
}

// pushApplied checks that the Action URL listener of the settings has
// started, or failed to, by the time a phone is online: Run starts it
// before the phones' monitors, so that whoever sees a phone online can ask
// for its Action URLs.
func (h *harness) pushApplied() {
	h.t.Helper()
	if h.svc.Settings().PushListen != "" && h.svc.push.Current() == nil && h.svc.push.Err() == nil {
		h.t.Fatal("a phone is online before the Action URL listener started or failed")
	}
}

// waitShown waits until the recorder shows a notification matching cond.
func (h *harness) waitShown(what string, cond func(notify.Shown) bool) notify.Shown {
	h.t.Helper()
	var found notify.Shown
	err := h.rec.WaitFor(h.ctx(), func(all []notify.Shown) bool {
		for _, s := range all {
			if cond(s) {
				found = s
				return true
			}
		}
		return false
	})
	if err != nil {
		h.t.Fatalf("waiting for %s: %v; shown: %+v", what, err, h.rec.Shown())
	}
	return found
}

func (h *harness) waitClosed(id notify.ID) {
	h.t.Helper()
	h.waitShown(fmt.Sprintf("notification %d closed", id), func(s notify.Shown) bool { return s.ID == id && s.Closed })
}

func (h *harness) ring(number, name string) int {
	h.t.Helper()
	line, err := h.phone.Ring(number, name)
	if err != nil {
		h.t.Fatalf("Ring: %v", err)
	}
	return line
}

// ringShown rings the phone and waits for the incoming call's
// notification: the call's line and what was shown.
func (h *harness) ringShown(number, name string) (int, notify.Shown) {
	h.t.Helper()
	line := h.ring(number, name)
	return line, h.waitShown("incoming call notification", isIncoming)
}

// remoteHangup hangs up the call on line at the far end.
func (h *harness) remoteHangup(line int) {
	h.t.Helper()
	if err := h.phone.RemoteHangup(line); err != nil {
		h.t.Fatalf("RemoteHangup: %v", err)
	}
}

// remoteAnswer answers the outgoing call on line at the far end.
func (h *harness) remoteAnswer(line int) {
	h.t.Helper()
	if err := h.phone.RemoteAnswer(line); err != nil {
		h.t.Fatalf("RemoteAnswer: %v", err)
	}
}

// ringSeen rings and waits until the service has seen the line ringing.
func (h *harness) ringSeen(number, name string) int {
	h.t.Helper()
	line := h.ring(number, name)
	h.waitStateLine(line, cti.StateRinging)
	h.waitMonitorLine(line, cti.StateRinging)
	return line
}

// lineIs reports whether s shows line in state st.
func lineIs(s localapi.State, line int, st cti.LineState) bool {
	return len(s.Lines) >= line && s.Lines[line-1].State == st
}

// waitStateLine waits until the service's State shows line in state st.
func (h *harness) waitStateLine(line int, st cti.LineState) {
	h.t.Helper()
	h.waitState(fmt.Sprintf("line %d %s in the state", line, st), func(s localapi.State) bool { return lineIs(s, line, st) })
}

// waitMonitorLine waits until the monitor has taken in a poll that shows
// line in state st. The service's state shows a reply a moment before the
// monitor has applied it, so a note (NoteAnswered, NoteEstablished) made
// right after the state showed the call could find no call yet.
func (h *harness) waitMonitorLine(line int, st cti.LineState) {
	h.t.Helper()
	seen := waitFor(func() bool {
		m := h.svc.monitor()
		if m == nil {
			return false
		}
		ls := m.Snapshot().Lines
		return len(ls) >= line && ls[line-1].State == st
	})
	if !seen {
		h.t.Fatalf("the monitor never saw line %d %s", line, st)
	}
}

func (h *harness) waitLine(line int, st cti.LineState) {
	h.t.Helper()
	if err := h.phone.WaitState(h.ctx(), line, st); err != nil {
		h.t.Fatalf("line %d never became %s: %v (now %+v)", line, st, err, h.phone.Line(line))
	}
}

// waitHistory waits until the history holds a call matching cond.
func (h *harness) waitHistory(what string, cond func(cti.Call) bool) cti.Call {
	h.t.Helper()
	var calls []cti.Call
	var found cti.Call
	held := waitFor(func() bool {
		var err error
		if calls, err = h.svc.History(context.Background(), 50); err != nil {
			h.t.Fatalf("History: %v", err)
		}
		for _, c := range calls {
			if cond(c) {
				found = c
				return true
			}
		}
		return false
	})
	if !held {
		h.t.Fatalf("timed out waiting for history %s; have %+v", what, calls)
	}
	return found
}

// waitFor calls cond until it holds, or until waitLimit has passed; it
// reports whether cond held. The caller fails the test with what it saw.
func waitFor(cond func() bool) bool {
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond) // polling for a condition, bounded by the deadline
	}
	return true
}

// wantRejected waits for the call from number in the history and checks
// that it is recorded as rejected.
func (h *harness) wantRejected(number string) {
	h.t.Helper()
	c := h.waitHistory("call from "+number, func(c cti.Call) bool { return c.Number == number })
	if c.Outcome != cti.Rejected {
		h.t.Errorf("outcome %s, want rejected", c.Outcome)
	}
}

// phoneGet sends a raw CTI request to the simulated phone, like a person
// using the phone's own buttons would cause.
func (h *harness) phoneGet(function string, q url.Values) {
	h.t.Helper()
	q.Set("passcode", testPass)
	getOK(h.t, function, h.srv.URL+"/cgi-bin/"+function+"?"+q.Encode())
}

// getOK sends a GET to u (what: what it is) and fails the test unless the
// answer is 200 OK.
func getOK(t *testing.T, what, u string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s", what, resp.Status)
	}
}

func actionKeys(n notify.Notification) []string {
	var keys []string
	for _, a := range n.Actions {
		keys = append(keys, a.Key+"="+a.Label)
	}
	return keys
}

func isIncoming(s notify.Shown) bool { return s.Notification.Category == "call.incoming" }
func isMissed(s notify.Shown) bool   { return s.Notification.Category == "call.unanswered" }

func count(all []notify.Shown, f func(notify.Shown) bool) int {
	n := 0
	for _, s := range all {
		if f(s) {
			n++
		}
	}
	return n
}
