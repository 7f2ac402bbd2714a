package dirapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// passwordWait bounds the wait for the tray's answer to a password
// question (its keyring calls have their own, shorter, timeout).
const passwordWait = 15 * time.Second

// Serve is the child's side of the pipe: it answers the requests read from
// in on out, with the Directory that open makes (on the first request, with
// the cache directory it names; its passwords are asked of the tray
// process, its log records go to it), until in ends (the tray process
// closed the pipe or exited) or ctx ends.
func Serve(ctx context.Context, in io.Reader, out io.Writer, open Opener) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := &server{ctx: ctx, out: &lineWriter{w: out}, open: open, questions: map[uint64]chan request{}}
	sc := newLineScanner(in)
	var work sync.WaitGroup
	defer work.Wait()
	defer cancel()
	for sc.Scan() {
		var r request
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return fmt.Errorf("address books: a request that is not JSON: %w", err)
		}
		s.handle(r, &work)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("address books: reading requests: %w", err)
	}
	return nil
}

// server is one run of Serve.
type server struct {
	ctx  context.Context
	out  *lineWriter
	open Opener

	dir     Directory // made on the first request
	running bool      // Run was asked for

	qmu       sync.Mutex
	nextQ     atomic.Uint64
	questions map[uint64]chan request // password questions waiting for their answer
}

// handle answers one request. What takes time (a load, a sync) runs in its
// own goroutine, so that lookups never wait behind it; the rest is quick
// and answered in order.
func (s *server) handle(r request, work *sync.WaitGroup) {
	if r.Op == opPassword {
		s.qmu.Lock()
		ch := s.questions[r.ID]
		delete(s.questions, r.ID)
		s.qmu.Unlock()
		if ch != nil {
			ch <- r
		}
		return
	}
	if s.dir == nil {
		s.dir = s.open(Env{CacheDir: r.CacheDir, Password: s.password, Logger: slog.New(&forwardHandler{out: s.out})},
			func() { _ = s.out.send(reply{Op: opChanged}, 0) })
	}
	answer := reply{ID: r.ID}
	switch r.Op {
	case opConfigure:
		s.dir.Configure(r.Region, r.Books)
	case opRun:
		if !s.running {
			s.running = true
			work.Go(func() { s.dir.Run(s.ctx) })
		}
	case opLookup:
		m, ok := s.dir.Lookup(s.ctx, r.Text)
		if ok {
			answer.Found, answer.Matches = true, []Match{m}
		}
	case opSearch:
		answer.Matches = s.dir.Search(s.ctx, r.Text, r.Limit)
	case opStatus:
		answer.Statuses = s.dir.Status(s.ctx)
	case opLoad, opSync:
		work.Go(func() {
			if r.Op == opLoad {
				answer.Statuses = s.dir.Load(s.ctx, r.Sync)
			} else {
				answer.Statuses = s.dir.SyncNow(s.ctx)
			}
			_ = s.out.send(answer, 0)
		})
		return
	}
	_ = s.out.send(answer, 0)
}

// password asks the tray process for the password of book c.
func (s *server) password(c SourceConfig) (string, error) {
	id := s.nextQ.Add(1)
	ch := make(chan request, 1)
	s.qmu.Lock()
	s.questions[id] = ch
	s.qmu.Unlock()
	defer func() {
		s.qmu.Lock()
		delete(s.questions, id)
		s.qmu.Unlock()
	}()
	if err := s.out.send(reply{ID: id, Op: opPassword, Book: &c}, 0); err != nil {
		return "", err
	}
	t := time.NewTimer(passwordWait)
	defer t.Stop()
	select {
	case r := <-ch:
		if r.Err != "" {
			return "", &passwordError{msg: r.Err, noPassword: r.NoPassword}
		}
		return r.Password, nil
	case <-t.C:
		return "", errors.New("the tray process did not give the password in time")
	case <-s.ctx.Done():
		return "", s.ctx.Err()
	}
}

// forwardHandler sends the child's log records to the tray process, which
// logs them with its own logger (and level).
type forwardHandler struct {
	out   *lineWriter
	attrs []string
	group string
}

func (h *forwardHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *forwardHandler) Handle(_ context.Context, r slog.Record) error {
	attrs := append([]string(nil), h.attrs...)
	r.Attrs(func(a slog.Attr) bool {
		attrs = h.appendAttr(attrs, a)
		return true
	})
	return h.out.send(reply{Op: opLog, Level: int(r.Level), Msg: r.Message, Attrs: attrs}, 0)
}

func (h *forwardHandler) appendAttr(out []string, a slog.Attr) []string {
	key := a.Key
	if h.group != "" {
		key = h.group + "." + key
	}
	return append(out, key, a.Value.Resolve().String())
}

func (h *forwardHandler) WithAttrs(as []slog.Attr) slog.Handler {
	n := *h
	n.attrs = append([]string(nil), h.attrs...)
	for _, a := range as {
		n.attrs = h.appendAttr(n.attrs, a)
	}
	return &n
}

func (h *forwardHandler) WithGroup(name string) slog.Handler {
	n := *h
	if n.group != "" {
		name = n.group + "." + name
	}
	n.group = name
	return &n
}
