package dirapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/testkit"
)

// The child of these tests is the test binary itself, run with
// envChild: it serves fakeDir over its standard input and output, as the
// address-book image serves package contacts.
const envChild = "DIRAPI_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(envChild) == "1" {
		err := Serve(context.Background(), os.Stdin, os.Stdout, func(env Env, onChange func()) Directory {
			return &fakeDir{env: env, onChange: onChange}
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// fakeDir knows one contact per book: the book's URL is the number, its
// name the contact's name. The number "hang" never gets an answer, "exit"
// ends the child. Load asks for each book's password and reports what it
// got in the status.
type fakeDir struct {
	env      Env
	onChange func()
	mu       sync.Mutex
	books    []SourceConfig
}

func (d *fakeDir) Configure(_ string, books []SourceConfig) {
	d.mu.Lock()
	d.books = books
	d.mu.Unlock()
	d.env.Logger.Warn("configured", "books", len(books))
	d.onChange()
}

func (d *fakeDir) Run(ctx context.Context) { <-ctx.Done() }

func (d *fakeDir) Load(context.Context, bool) []Status {
	var out []Status
	for _, b := range d.list() {
		st := Status{Name: b.DisplayName(), Contacts: 1}
		p, err := d.env.Password(b)
		switch {
		case errors.Is(err, ErrNoPassword):
			st.Err = "no password: " + err.Error()
		case err != nil:
			st.Err = err.Error()
		default:
			st.Warnings = []string{"password " + p}
		}
		out = append(out, st)
	}
	return out
}

func (d *fakeDir) list() []SourceConfig {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.books
}

func (d *fakeDir) Lookup(_ context.Context, number string) (Match, bool) {
	switch number {
	case "hang":
		// A sleep, not select{}: with every goroutine blocked the runtime
		// would end the child with a deadlock panic instead of hanging.
		time.Sleep(time.Hour)
	case "exit":
		os.Exit(3)
	}
	for _, b := range d.list() {
		if b.URL == number {
			return Match{Name: b.Name, Number: number, Source: b.Name}, true
		}
	}
	return Match{}, false
}

func (d *fakeDir) Search(_ context.Context, text string, limit int) []Match {
	var out []Match
	for _, b := range d.list() {
		if strings.Contains(b.Name, text) && len(out) < limit {
			out = append(out, Match{Name: b.Name, Number: b.URL})
		}
	}
	return out
}

func (d *fakeDir) SyncNow(ctx context.Context) []Status { return d.Status(ctx) }

func (d *fakeDir) Status(context.Context) []Status {
	var out []Status
	for _, b := range d.list() {
		out = append(out, Status{Name: b.DisplayName(), Contacts: 1})
	}
	return out
}

type testClient struct {
	*Client
	logs    *testkit.Buffer
	starts  chan struct{}
	changes chan struct{}
}

func newTestClient(t *testing.T, password func(SourceConfig) (string, error)) *testClient {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	tc := &testClient{logs: &testkit.Buffer{}, starts: make(chan struct{}, 10), changes: make(chan struct{}, 100)}
	env := Env{CacheDir: t.TempDir(), Password: password, Logger: slog.New(slog.NewTextHandler(tc.logs, nil))}
	tc.Client = NewClient(env, func() { tc.changes <- struct{}{} }, func() (*exec.Cmd, error) {
		tc.starts <- struct{}{}
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), envChild+"=1")
		return cmd, nil
	})
	t.Cleanup(tc.Close)
	return tc
}

// configureStarted configures the books and waits until the child has
// started.
func (tc *testClient) configureStarted(t *testing.T, region string, books []SourceConfig) {
	t.Helper()
	tc.Configure(region, books)
	testkit.Receive(t, tc.starts, "child start")
}

// running is the child process of the moment.
func (tc *testClient) running() *child {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	return tc.child
}

func books(names ...string) []SourceConfig {
	var out []SourceConfig
	for i, n := range names {
		out = append(out, SourceConfig{Name: n, URL: fmt.Sprintf("https://dav%d.example.com/", i), Username: "me"})
	}
	return out
}

func TestClientAnswersFromTheChild(t *testing.T) {
	c := newTestClient(t, nil)
	ctx := t.Context()
	if _, ok := c.Lookup(ctx, "https://dav0.example.com/"); ok {
		t.Error("a lookup without books found a contact")
	}
	select {
	case <-c.starts:
		t.Fatal("the child started without books")
	default:
	}
	c.configureStarted(t, "RU", books("Work", "Home"))
	testkit.Receive(t, c.changes, "change from the child")
	m, ok := c.Lookup(ctx, "https://dav1.example.com/")
	if !ok || m.Name != "Home" || m.Source != "Home" {
		t.Errorf("lookup = %+v, %v; want the contact of Home", m, ok)
	}
	if _, ok := c.Lookup(ctx, "+74951234567"); ok {
		t.Error("an unknown number was found")
	}
	if got := c.Search(ctx, "Wo", 10); len(got) != 1 || got[0].Name != "Work" {
		t.Errorf("search = %+v", got)
	}
	if st := c.Status(ctx); len(st) != 2 || st[0].Name != "Work" || st[1].Contacts != 1 {
		t.Errorf("status = %+v", st)
	}
	// The child's log records are the tray's.
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(c.logs.String(), "msg=configured books=2") {
		if time.Now().After(deadline) {
			t.Fatalf("the child's log record is not in the log:\n%s", c.logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestClientAnswersPasswordQuestions(t *testing.T) {
	c := newTestClient(t, func(b SourceConfig) (string, error) {
		if b.Name == "Work" {
			return "s3cret", nil
		}
		return "", fmt.Errorf("%w: save it in Settings", ErrNoPassword)
	})
	c.Configure("", books("Work", "Home"))
	st := c.Load(t.Context(), false)
	if len(st) != 2 {
		t.Fatalf("load = %+v", st)
	}
	if len(st[0].Warnings) != 1 || st[0].Warnings[0] != "password s3cret" {
		t.Errorf("Work: the child got %+v, want the password", st[0])
	}
	// ErrNoPassword survives the pipe, with the tray's words.
	if want := "no password: " + ErrNoPassword.Error() + ": save it in Settings"; st[1].Err != want {
		t.Errorf("Home: error %q, want %q", st[1].Err, want)
	}
	if strings.Contains(c.logs.String(), "s3cret") {
		t.Error("the password is in the log")
	}
}

func TestClientHungChildCostsOneBoundedLookup(t *testing.T) {
	c := newTestClient(t, nil)
	ctx := t.Context()
	c.configureStarted(t, "", append(books("Work"), SourceConfig{Name: "Hung", URL: "hang"}))
	if _, ok := c.Lookup(ctx, "https://dav0.example.com/"); !ok {
		t.Fatal("the child does not answer")
	}
	start := time.Now()
	if _, ok := c.Lookup(ctx, "hang"); ok {
		t.Error("a lookup the child never answered found a contact")
	}
	if took := time.Since(start); took > 5*lookupTimeout {
		t.Errorf("the unanswered lookup took %v", took)
	}
	// Now known to be slow: no more waiting, and every book says why.
	if _, ok := c.Lookup(ctx, "https://dav0.example.com/"); ok {
		t.Error("a lookup was sent to a child known not to answer")
	}
	if st := c.Status(ctx); len(st) != 2 || st[0].Err != ErrSlow.Error() {
		t.Errorf("status of a slow child = %+v", st)
	}
	if !strings.Contains(c.logs.String(), ErrSlow.Error()) {
		t.Errorf("the log does not say the child is slow:\n%s", c.logs.String())
	}
	// A hung child does not outlive Close.
	ch := c.running()
	c.Close()
	select {
	case <-ch.done:
	default:
		t.Error("Close returned with the hung child still running")
	}
}

func TestClientStartsTheChildAgain(t *testing.T) {
	c := newTestClient(t, nil)
	ctx := t.Context()
	c.configureStarted(t, "", append(books("Work"), SourceConfig{Name: "Bomb", URL: "exit"}))
	c.Lookup(ctx, "exit") // the child exits
	testkit.Receive(t, c.starts, "second child start")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m, ok := c.Lookup(ctx, "https://dav0.example.com/"); ok && m.Name == "Work" {
			break // the new child has the books
		}
		if time.Now().After(deadline) {
			t.Fatal("the restarted child does not know the books")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(c.logs.String(), "the address-book process ended") {
		t.Errorf("the log does not say the child ended:\n%s", c.logs.String())
	}
}

func TestClientEndsTheChildWithoutBooks(t *testing.T) {
	c := newTestClient(t, nil)
	c.configureStarted(t, "", books("Work"))
	ch := c.running()
	c.Configure("", nil)
	select {
	case <-ch.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the child did not end when the books were removed")
	}
	if st := c.Status(t.Context()); len(st) != 0 {
		t.Errorf("status without books = %+v", st)
	}
}
