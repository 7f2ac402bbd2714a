package localapi

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/testkit"
)

// fakeBackend records every call and answers with what the test set.
type fakeBackend struct {
	mu      sync.Mutex
	calls   []string
	fail    map[string]error // method name -> error to return
	state   State
	dialed  Dialed
	history []cti.Call
	test    TestResult
	preview string
	panicOn string

	actionURLs []cti.ActionURLField
	phones     []string // PhoneFromContext of each Dial

	feed       chan Update   // forwarded to subscribers after the first State
	subscribed chan struct{} // one value per Subscribe call
	subEnded   chan struct{} // one value per ended subscription
}

func newFake() *fakeBackend {
	return &fakeBackend{
		fail:       map[string]error{},
		feed:       make(chan Update),
		subscribed: make(chan struct{}, 16),
		subEnded:   make(chan struct{}, 16),
	}
}

func (f *fakeBackend) record(format string, args ...any) (err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	call := fmt.Sprintf(format, args...)
	name, _, _ := strings.Cut(call, "(")
	if f.panicOn == name {
		panic("backend exploded in " + name)
	}
	f.calls = append(f.calls, call)
	return f.fail[name]
}

func (f *fakeBackend) setFail(name string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail[name] = err
}

// set changes the fake's answers while a server may be reading them.
func (f *fakeBackend) set(change func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change()
}

func (f *fakeBackend) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func (f *fakeBackend) State(ctx context.Context) State {
	f.record("State()")
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state
}

func (f *fakeBackend) Subscribe(ctx context.Context) <-chan Update {
	f.record("Subscribe()")
	f.mu.Lock()
	st := f.state
	f.mu.Unlock()
	ch := make(chan Update)
	f.subscribed <- struct{}{}
	go func() {
		defer func() { f.subEnded <- struct{}{} }()
		defer close(ch)
		select {
		case ch <- Update{State: &st}:
		case <-ctx.Done():
			return
		}
		for {
			select {
			case u := <-f.feed:
				select {
				case ch <- u:
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

func (f *fakeBackend) Dial(ctx context.Context, text string) (Dialed, error) {
	err := f.record("Dial(%s)", text)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.phones = append(f.phones, PhoneFromContext(ctx))
	return f.dialed, err
}

func (f *fakeBackend) Operate(ctx context.Context, op cti.Operation) error {
	return f.record("Operate(%s)", op)
}

func (f *fakeBackend) SendKeys(ctx context.Context, keys []string) error {
	return f.record("SendKeys(%s)", strings.Join(keys, ","))
}

func (f *fakeBackend) System(ctx context.Context, request string) error {
	return f.record("System(%s)", request)
}

func (f *fakeBackend) History(ctx context.Context, n int) ([]cti.Call, error) {
	err := f.record("History(%d)", n)
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.history, err
}

func (f *fakeBackend) MarkMissedSeen(ctx context.Context) error { return f.record("MarkMissedSeen()") }
func (f *fakeBackend) ClearHistory(ctx context.Context) error   { return f.record("ClearHistory()") }
func (f *fakeBackend) ReloadSettings(ctx context.Context) error { return f.record("ReloadSettings()") }

func (f *fakeBackend) SetSessionPasscode(ctx context.Context, passcode string) error {
	return f.record("SetSessionPasscode(%s)", passcode)
}

func (f *fakeBackend) TestConnection(ctx context.Context, req TestRequest) (TestResult, error) {
	err := f.record("TestConnection(%s,%s,%s,%s)", req.Phone, req.Passcode, req.TLSMode, req.PinnedCert)
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.test, err
}

func (f *fakeBackend) Preview(ctx context.Context, text string) (string, error) {
	err := f.record("Preview(%s)", text)
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.preview, err
}

func (f *fakeBackend) Show(ctx context.Context, window string) error {
	return f.record("Show(%s)", window)
}

func (f *fakeBackend) Quit(ctx context.Context) error { return f.record("Quit()") }

func (f *fakeBackend) AnswerLine(ctx context.Context, line int) error {
	return f.record("AnswerLine(%d)", line)
}

func (f *fakeBackend) RejectLine(ctx context.Context, line int) error {
	return f.record("RejectLine(%d)", line)
}

func (f *fakeBackend) ActionURLs(ctx context.Context) ([]cti.ActionURLField, error) {
	err := f.record("ActionURLs()")
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.actionURLs, err
}

// plainBackend hides the optional capabilities of the fake.
type plainBackend struct{ Backend }

// socketPath returns a short path in a fresh directory (sockets allow about
// 100 bytes, more than t.TempDir() leaves room for) whose socket
// subdirectory does not exist yet.
func socketPath(t *testing.T) string {
	t.Helper()
	return filepath.Join(testkit.SocketDir(t), "gxptray", "gxptray.sock")
}

// serve starts a server for b on a fresh socket and returns it with a client.
// Both are closed when the test ends.
func serve(t *testing.T, b Backend, opts Options) (*Server, *Client) {
	t.Helper()
	return serveAt(t, socketPath(t), b, opts)
}

func serveAt(t *testing.T, path string, b Backend, opts Options) (*Server, *Client) {
	t.Helper()
	s := listenT(t, path, b, opts)
	returned := serving(t, s, context.Background())
	t.Cleanup(func() {
		s.Close()
		returned("after Close")
	})
	c := dialT(t, path)
	return s, c
}

// serving runs s.Serve(ctx) in the background. The function it returns
// waits for Serve to return (after what), failing the test when it returns
// an error or has not returned within 10 s.
func serving(t *testing.T, s *Server, ctx context.Context) (returned func(after string)) {
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	return func(after string) {
		t.Helper()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve %s: %v", after, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Serve did not return %s", after)
		}
	}
}

// listenT is Listen that fails the test on an error.
func listenT(t *testing.T, path string, b Backend, opts Options) *Server {
	t.Helper()
	s, err := Listen(path, b, opts)
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	return s
}

// dialT is Dial that fails the test on an error; the client is closed when
// the test ends.
func dialT(t *testing.T, path string) *Client {
	t.Helper()
	c, err := Dial(path)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// rawClient sends hand-made requests over the socket.
func rawClient(path string) *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		},
	}}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// debugLogger writes slog output at debug level to w.
func debugLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
