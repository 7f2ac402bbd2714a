package windows

import (
	"context"
	"errors"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/localapi/apitest"
	words "github.com/gxptray/gxptray/ui/problem"
	"github.com/gxptray/gxptray/ui/settings"
)

// uiQueue stands in for fyne.Do: work finished in goroutines is queued and
// run by the test goroutine, so widgets are only ever touched by one
// goroutine (as on the real UI thread).
type uiQueue struct {
	mu  sync.Mutex
	fns []func()
}

func (q *uiQueue) Do(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
}

func (q *uiQueue) drain() {
	for {
		q.mu.Lock()
		fns := q.fns
		q.fns = nil
		q.mu.Unlock()
		if len(fns) == 0 {
			return
		}
		for _, f := range fns {
			f()
		}
	}
}

// waitFor runs queued UI work until cond holds, or fails the test after a
// generous deadline.
func (q *uiQueue) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		q.drain()
		if cond() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// newEnv is an Env on Fyne's test app (no display) with a UI queue.
func newEnv(t *testing.T, api API, lang string) (Env, *uiQueue) {
	t.Helper()
	q := &uiQueue{}
	env := Env{App: test.NewTempApp(t), Catalog: i18n.New(lang), Do: q.Do, Timeout: 5 * time.Second}
	if api != nil {
		env.API = api
	}
	return env, q
}

// closeAtEnd closes the window when the test ends, which stops its goroutines.
func closeAtEnd(t *testing.T, q *uiQueue, c interface{ Close() }) {
	t.Cleanup(func() {
		c.Close()
		q.drain()
	})
}

// openWindow opens the window newWindow makes on a test Env over api (nil:
// no tray process) and closes it when the test ends.
func openWindow[W interface{ Close() }](t *testing.T, api API, lang string, newWindow func(Env) W) (W, *uiQueue) {
	t.Helper()
	env, q := newEnv(t, api, lang)
	w := newWindow(env)
	closeAtEnd(t, q, w)
	return w, q
}

// --- a fake local API ---

type fakeAPI struct {
	mu       sync.Mutex
	calls    []string
	dials    []string
	keys     []string
	ops      []cti.Operation
	system   [][2]string
	session  []string
	shown    []string
	state    localapi.State
	history  []cti.Call
	dialErr  error
	dialGate chan struct{} // when set, Dial waits for it
	updates  chan localapi.Update
	testRes  localapi.TestResult
	opErr    error
	notRun   bool
	// settingsFile, when set, is the file UpdateSettings writes as the
	// tray does (settings.Update); unset, UpdateSettings fails.
	settingsFile string
}

func newFakeAPI() *fakeAPI {
	return &fakeAPI{updates: make(chan localapi.Update, 16),
		state: localapi.State{PhoneState: localapi.PhoneState{Conn: cti.ConnOnline, Lines: idleLines(2)}}}
}

func idleLines(n int) []cti.Line {
	var ls []cti.Line
	for i := 1; i <= n; i++ {
		ls = append(ls, cti.Line{Line: i, State: cti.StateIdle, Account: cti.NoAccount})
	}
	return ls
}

func (f *fakeAPI) record(call string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call)
	if f.notRun {
		return localapi.ErrNotRunning
	}
	return nil
}

// recordInto records call and, unless the fake tray is "not running",
// appends what the call carried to the list the test reads (one of f's).
func recordInto[T any](f *fakeAPI, call string, list *[]T, carried ...T) error {
	if err := f.record(call); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	*list = append(*list, carried...)
	return nil
}

func (f *fakeAPI) count(call string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		if c == call {
			n++
		}
	}
	return n
}

func (f *fakeAPI) State(ctx context.Context) (localapi.State, error) {
	if err := f.record("State"); err != nil {
		return localapi.State{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state, nil
}

// Subscribe delivers the current state, then whatever the test sends on
// f.updates.
func (f *fakeAPI) Subscribe(ctx context.Context) (<-chan localapi.Update, func() error) {
	out := make(chan localapi.Update, 16)
	if err := f.record("Subscribe"); err != nil {
		close(out)
		return out, func() error { return err }
	}
	f.mu.Lock()
	st := f.state
	f.mu.Unlock()
	out <- localapi.Update{State: &st}
	go func() {
		defer close(out)
		for {
			select {
			case <-ctx.Done():
				return
			case u := <-f.updates:
				select {
				case out <- u:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, func() error { return nil }
}

// push sends a new state to subscribers.
func (f *fakeAPI) push(st localapi.State) {
	f.mu.Lock()
	f.state = st
	f.mu.Unlock()
	f.updates <- localapi.Update{State: &st}
}

func (f *fakeAPI) Dial(ctx context.Context, text string) (localapi.Dialed, error) {
	if err := f.record("Dial"); err != nil {
		return localapi.Dialed{}, err
	}
	f.mu.Lock()
	f.dials = append(f.dials, text)
	gate, err := f.dialGate, f.dialErr
	f.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return localapi.Dialed{}, ctx.Err()
		}
	}
	if err != nil {
		return localapi.Dialed{}, err
	}
	return localapi.Dialed{Number: text, Method: "make_call"}, nil
}

func (f *fakeAPI) Operate(ctx context.Context, op cti.Operation) error {
	if err := f.record("Operate"); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ops = append(f.ops, op)
	return f.opErr
}

func (f *fakeAPI) SendKeys(ctx context.Context, keys []string) error {
	return recordInto(f, "SendKeys", &f.keys, keys...)
}

func (f *fakeAPI) System(ctx context.Context, request, confirm string) error {
	return recordInto(f, "System", &f.system, [2]string{request, confirm})
}

func (f *fakeAPI) History(ctx context.Context, n int) ([]cti.Call, error) {
	if err := f.record("History"); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.history), nil
}

func (f *fakeAPI) MarkMissedSeen(ctx context.Context) error { return f.record("MarkMissedSeen") }

func (f *fakeAPI) ClearHistory(ctx context.Context) error {
	if err := f.record("ClearHistory"); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.history = nil
	return nil
}
func (f *fakeAPI) Reload(ctx context.Context) error { return f.record("Reload") }

func (f *fakeAPI) SettingsView(ctx context.Context) (localapi.SettingsView, error) {
	path, err := f.settingsPath("SettingsView")
	if err != nil {
		return localapi.SettingsView{}, err
	}
	s, problems, err := settings.Load(path)
	v := localapi.SettingsView{Settings: s, Reset: problems.Fields()}
	if err != nil {
		v.Problem = err.Error()
	}
	return v, nil
}

func (f *fakeAPI) UpdateSettings(ctx context.Context, c settings.Change) (settings.Settings, error) {
	path, err := f.settingsPath("UpdateSettings")
	if err != nil {
		return settings.Settings{}, err
	}
	return settings.Update(path, c)
}

// settingsPath records call and returns the file the fake tray keeps its
// settings in, or an error when it has none.
func (f *fakeAPI) settingsPath(call string) (string, error) {
	if err := f.record(call); err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.settingsFile == "" {
		return "", errors.New("the fake tray has no settings file")
	}
	return f.settingsFile, nil
}

func (f *fakeAPI) SetSessionPasscode(ctx context.Context, passcode string) error {
	return recordInto(f, "SetSessionPasscode", &f.session, passcode)
}

func (f *fakeAPI) TestConnection(ctx context.Context, req localapi.TestRequest) (localapi.TestResult, error) {
	if err := f.record("TestConnection"); err != nil {
		return localapi.TestResult{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.testRes, nil
}

func (f *fakeAPI) Preview(ctx context.Context, text string) (string, error) {
	if err := f.record("Preview"); err != nil {
		return "", err
	}
	n, err := cti.NumberRules{}.Normalize(text)
	return n.String(), err
}

func (f *fakeAPI) Show(ctx context.Context, window string) error {
	return recordInto(f, "Show", &f.shown, window)
}

func (f *fakeAPI) Quit(ctx context.Context) error { return f.record("Quit") }

// --- the real chain: window -> localapi client -> server -> backend -> cti.Client -> phonesim ---

const simPasscode = "s3cret-pass"

// chain is a simulated phone behind a real local API server.
type chain struct {
	phone  *phonesim.Phone
	client *cti.Client
	back   *simBackend
	api    *localapi.Client
}

// simPhone is a simulated phone with the options o behind an HTTP server
// on 127.0.0.1; both end with the test.
func simPhone(t *testing.T, o phonesim.Options) (*phonesim.Phone, *httptest.Server) {
	t.Helper()
	p := phonesim.New(o)
	t.Cleanup(func() { p.Close() })
	srv := httptest.NewServer(p.Handler())
	t.Cleanup(srv.Close)
	return p, srv
}

func newChain(t *testing.T, method cti.DialMethod, makeCall bool) *chain {
	t.Helper()
	p, srv := simPhone(t, phonesim.Options{Passcode: simPasscode, KeyInterval: 2 * time.Millisecond,
		DisableMakeCall: !makeCall, FailedTimeout: time.Hour})
	c, err := cti.New(cti.Config{Address: srv.URL, Passcode: simPasscode, DialMethod: method,
		KeyInterval: 2 * time.Millisecond, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	b := &simBackend{phone: p, client: c, subs: map[chan localapi.Update]struct{}{}}

	// Errors come with the words the tray process puts them in.
	api := apitest.Client(t, b, localapi.Options{Describe: func(err error) (string, string) {
		w := words.Describe(nil, err)
		return w.Text, w.Hint
	}})
	return &chain{phone: p, client: c, back: b, api: api}
}

// simBackend is the smallest tray process: it forwards to cti.Client and
// publishes the simulated phone's lines when the test says so.
type simBackend struct {
	phone  *phonesim.Phone
	client *cti.Client

	mu   sync.Mutex
	subs map[chan localapi.Update]struct{}
	busy bool
}

func (b *simBackend) State(ctx context.Context) localapi.State {
	b.mu.Lock()
	busy := b.busy
	b.mu.Unlock()
	return localapi.State{PhoneState: localapi.PhoneState{Conn: cti.ConnOnline, Lines: b.phone.Lines()}, DialBusy: busy}
}

func (b *simBackend) Subscribe(ctx context.Context) <-chan localapi.Update {
	ch := make(chan localapi.Update, 16)
	st := b.State(ctx)
	ch <- localapi.Update{State: &st}
	b.mu.Lock()
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	go func() {
		<-ctx.Done()
		b.mu.Lock()
		delete(b.subs, ch)
		close(ch)
		b.mu.Unlock()
	}()
	return ch
}

// publish sends the phone's current state to every subscriber.
func (b *simBackend) publish() {
	st := b.State(context.Background())
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		ch <- localapi.Update{State: &st}
	}
}

func (b *simBackend) Dial(ctx context.Context, text string) (localapi.Dialed, error) {
	number, err := cti.NumberRules{}.Normalize(text)
	if err != nil {
		return localapi.Dialed{}, err
	}
	b.mu.Lock()
	if b.busy {
		b.mu.Unlock()
		return localapi.Dialed{}, localapi.ErrBusy
	}
	b.busy = true
	b.mu.Unlock()
	defer func() { b.mu.Lock(); b.busy = false; b.mu.Unlock() }()
	res, err := b.client.Dial(ctx, number)
	if err != nil {
		return localapi.Dialed{}, err
	}
	return localapi.Dialed{Number: number.String(), Method: string(res.Method)}, nil
}

func (b *simBackend) Operate(ctx context.Context, op cti.Operation) error {
	return b.client.Operate(ctx, op)
}
func (b *simBackend) SendKeys(ctx context.Context, keys []string) error {
	return b.client.SendKeys(ctx, keys...)
}
func (b *simBackend) System(ctx context.Context, request string) error { return cti.ErrNotSupported }
func (b *simBackend) History(ctx context.Context, n int) ([]cti.Call, error) {
	return nil, nil
}
func (b *simBackend) MarkMissedSeen(ctx context.Context) error               { return nil }
func (b *simBackend) ReloadSettings(ctx context.Context) error               { return nil }
func (b *simBackend) SetSessionPasscode(ctx context.Context, p string) error { return nil }
func (b *simBackend) Show(ctx context.Context, window string) error          { return nil }
func (b *simBackend) Quit(ctx context.Context) error                         { return nil }
func (b *simBackend) Preview(ctx context.Context, text string) (string, error) {
	n, err := cti.NumberRules{}.Normalize(text)
	return n.String(), err
}
func (b *simBackend) TestConnection(ctx context.Context, req localapi.TestRequest) (localapi.TestResult, error) {
	return localapi.TestResult{}, errors.New("not in this test")
}
