package localapi

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
)

// next waits for the next update or fails the test.
func next(t *testing.T, ch <-chan Update) Update {
	t.Helper()
	select {
	case u, ok := <-ch:
		if !ok {
			t.Fatal("stream closed early")
		}
		return u
	case <-time.After(10 * time.Second):
		t.Fatal("no update")
	}
	return Update{}
}

// closed waits for the stream to end.
func closed(t *testing.T, ch <-chan Update) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("stream did not end")
		}
	}
}

func waitSignal(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func TestEventStreamInOrderAndEndsOnServerClose(t *testing.T) {
	f := newFake()
	f.state = sampleState()
	s, c := serve(t, f, Options{})
	updates, why := c.Subscribe(context.Background())

	first := next(t, updates)
	if first.State == nil || first.Event != nil || !reflect.DeepEqual(*first.State, sampleState()) {
		t.Fatalf("first update %+v: want the current State", first)
	}
	t0 := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	var sent []Update
	for i, num := range []string{"201", "202", "203", "204", "205"} {
		ev := cti.Event{Kind: cti.EventIncoming, Time: t0.Add(time.Duration(i) * time.Second), Line: 1 + i%2,
			Account: 0, Number: num, Name: "Виталик", Direction: cti.Incoming}
		sent = append(sent, Update{Event: &ev})
	}
	ended := cti.Event{Kind: cti.EventEnded, Time: t0.Add(time.Minute), Line: 2, Account: 1, Number: "203",
		Direction: cti.Incoming, Duration: 42 * time.Second, Outcome: cti.Missed}
	st := sampleState()
	st.UnseenMissed = 4
	sent = append(sent, Update{Event: &ended}, Update{State: &st})
	go func() {
		for _, u := range sent {
			f.feed <- u
		}
	}()
	for i, want := range sent {
		got := next(t, updates)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("update %d:\n got %+v %+v\nwant %+v %+v", i, got.Event, got.State, want.Event, want.State)
		}
	}
	if why() != nil {
		t.Errorf("why() = %v while the stream runs", why())
	}

	s.Close()
	closed(t, updates)
	if err := why(); !errors.Is(err, ErrNotRunning) {
		t.Errorf("stream ended with %v, want ErrNotRunning", err)
	}
	waitSignal(t, f.subEnded, "the backend subscription to end")
}

func TestEventStreamEndsWithCallerContext(t *testing.T) {
	f := newFake()
	_, c := serve(t, f, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	updates, why := c.Subscribe(ctx)
	next(t, updates)
	cancel()
	closed(t, updates)
	if err := why(); err != nil {
		t.Errorf("why() = %v after the caller's cancel, want nil", err)
	}
	// The server noticed the hang-up and released the backend subscription.
	waitSignal(t, f.subEnded, "the backend subscription to end")
}

func TestSubscribeWhenNotRunning(t *testing.T) {
	c := newClient(socketPath(t))
	updates, why := c.Subscribe(context.Background())
	closed(t, updates)
	if err := why(); !errors.Is(err, ErrNotRunning) {
		t.Errorf("why() = %v, want ErrNotRunning", err)
	}
}

func TestHeartbeatLines(t *testing.T) {
	f := newFake()
	s, _ := serve(t, f, Options{Heartbeat: 5 * time.Millisecond})
	conn, err := net.Dial("unix", s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write([]byte("GET /v1/events HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	// No resp.Body.Close: it would drain the endless stream; closing conn ends it.
	if ct := resp.Header.Get("Content-Type"); ct != "application/x-ndjson" {
		t.Errorf("Content-Type %q", ct)
	}
	r := bufio.NewReader(resp.Body)
	line, err := r.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, `{"state":{`) {
		t.Fatalf("first line %q, %v", line, err)
	}
	for beats := 0; beats < 3; {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("after %d heartbeats: %v", beats, err)
		}
		if line != "\n" {
			t.Fatalf("unexpected line %q", line)
		}
		beats++
	}
}

// serveRaw serves h (not the local API: a server that breaks its rules) on
// a fresh socket until the test ends, and returns the socket's path.
func serveRaw(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	path := socketPath(t)
	if err := prepareDir(filepath.Dir(path)); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: h}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	return path
}

func TestSilentServerDetected(t *testing.T) {
	// A server that sends the stream's headers and then nothing at all, as a
	// hung tray process would.
	release := make(chan struct{})
	defer close(release)
	path := serveRaw(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		http.NewResponseController(w).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})

	c := newClient(path)
	c.streamIdle = 50 * time.Millisecond
	updates, why := c.Subscribe(context.Background())
	closed(t, updates)
	if err := why(); !errors.Is(err, ErrNotRunning) || !strings.Contains(err.Error(), "no sign of life") {
		t.Errorf("why() = %v, want a silent-server ErrNotRunning", err)
	}
}

func TestStreamSurvivesGarbageLine(t *testing.T) {
	path := serveRaw(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("{\"state\":{\"phone\":\"a\"}}\nnot json\n: comment\n\n{\"state\":{\"phone\":\"b\"}}\n"))
	})
	c := newClient(path)
	updates, _ := c.Subscribe(context.Background())
	if u := next(t, updates); u.State == nil || u.State.Phone != "a" {
		t.Errorf("first update %+v", u)
	}
	if u := next(t, updates); u.State == nil || u.State.Phone != "b" {
		t.Errorf("second update %+v", u)
	}
	closed(t, updates)
}

func TestEventStreamEndsCleanlyOnGracefulStop(t *testing.T) {
	f := newFake()
	path := socketPath(t)
	s := listenT(t, path, f, Options{})
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	returned := serving(t, s, ctx)
	c := dialT(t, path)
	updates, why := c.Subscribe(context.Background())
	next(t, updates)
	cancel()
	closed(t, updates)
	// The server ended the stream itself (a complete reply), rather than
	// having its connection cut when the shutdown grace ran out.
	if err := why(); !errors.Is(err, ErrNotRunning) || !strings.Contains(err.Error(), "stream ended") {
		t.Errorf("why() = %v, want a clean end wrapping ErrNotRunning", err)
	}
	returned("after the graceful stop")
}
