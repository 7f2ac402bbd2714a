package dirapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Errors of a Client, in the statuses it reports and its log.
var (
	// ErrNotRunning: the child process is not running (it could not start,
	// or it ended and is about to be started again).
	ErrNotRunning = errors.New("the address-book process is not running")
	// ErrSlow: the child did not answer in time. Lookups go without names
	// (the phone's name is shown) until it answers again.
	ErrSlow = errors.New("the address-book process did not answer in time")
)

// How long the tray waits for the child. A lookup names a ringing call:
// better the phone's name than a late notification.
const (
	lookupTimeout = 500 * time.Millisecond
	quickTimeout  = 3 * time.Second // a search, the statuses
	writeTimeout  = time.Second     // a child that stopped reading
	stopWait      = 2 * time.Second // after its input closed, before it is killed
	minRestart    = time.Second
	maxRestart    = time.Minute
)

// Starter makes the command of the child process, not yet started: a
// program that runs Serve on its standard input and output. The Client
// closes cmd.ExtraFiles once the child has started.
type Starter func() (*exec.Cmd, error)

// Client is a Directory served by a child process (Serve), started only
// while books are configured, and again after it ends (with a back-off).
// The child does what the books need (the numbering plans, CardDAV, LDAP,
// vCard, the cache) so that the tray process does not keep it in memory.
// Every answer is bounded in time: a hung child costs a ring its contact's
// name, never the ring.
type Client struct {
	env      Env
	onChange func()
	start    Starter
	log      *slog.Logger

	mu      sync.Mutex
	region  string
	books   []SourceConfig
	running bool   // inside Run
	closed  bool   // Run ended or Close was called
	child   *child // nil: none (no books, or between two starts)
	retry   *time.Timer
	backoff time.Duration
}

var _ Directory = (*Client)(nil)

// NewClient returns a Client whose child start makes; env's Password
// answers the child's password questions.
func NewClient(env Env, onChange func(), start Starter) *Client {
	log := env.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if onChange == nil {
		onChange = func() {}
	}
	return &Client{env: env, onChange: onChange, start: start, log: log}
}

// Configure sends the books to the child, starting it when there was none;
// without books the child ends.
func (c *Client) Configure(region string, books []SourceConfig) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.region, c.books = region, slices.Clone(books)
	if len(books) == 0 {
		c.stopLocked()
		go c.onChange() // the names of the books are gone
		return
	}
	if c.child == nil {
		c.startLocked()
		return
	}
	c.child.notify(c.configureRequest())
}

// Run has the child sync every book on its schedule until ctx ends, then
// ends the child.
func (c *Client) Run(ctx context.Context) {
	c.mu.Lock()
	c.running = true
	if c.child != nil {
		c.child.notify(request{Op: opRun})
	}
	c.mu.Unlock()
	<-ctx.Done()
	c.Close()
}

// Close ends the child and starts no other. It returns once the child is
// gone (at most stopWait and a kill later): a hung child must not outlive
// the tray.
func (c *Client) Close() {
	c.mu.Lock()
	c.closed, c.running = true, false
	ch := c.child
	c.stopLocked()
	c.mu.Unlock()
	if ch != nil {
		<-ch.done
	}
}

// Load reads every book once (see Directory).
func (c *Client) Load(ctx context.Context, sync bool) []Status {
	r, err := c.call(ctx, request{Op: opLoad, Sync: sync}, 0)
	return c.statuses(r, err)
}

// Lookup asks the child for the contact of number, for at most half a
// second; false when it does not know the number or did not answer.
func (c *Client) Lookup(ctx context.Context, number string) (Match, bool) {
	r, err := c.call(ctx, request{Op: opLookup, Text: number}, lookupTimeout)
	if err != nil || !r.Found || len(r.Matches) != 1 {
		return Match{}, false
	}
	return r.Matches[0], true
}

// Search asks the child for contacts by name or digits.
func (c *Client) Search(ctx context.Context, text string, limit int) []Match {
	r, err := c.call(ctx, request{Op: opSearch, Text: text, Limit: limit}, quickTimeout)
	if err != nil {
		return nil
	}
	return r.Matches
}

// SyncNow has the child sync every book now and waits for the results.
func (c *Client) SyncNow(ctx context.Context) []Status {
	r, err := c.call(ctx, request{Op: opSync}, 0)
	return c.statuses(r, err)
}

// Status reports the books; when the child cannot answer, each book says
// why.
func (c *Client) Status(ctx context.Context) []Status {
	r, err := c.call(ctx, request{Op: opStatus}, quickTimeout)
	return c.statuses(r, err)
}

// statuses are the child's answer, or the configured books with the
// reason it gave none.
func (c *Client) statuses(r reply, err error) []Status {
	if err == nil {
		return r.Statuses
	}
	c.mu.Lock()
	books := c.books
	c.mu.Unlock()
	out := make([]Status, 0, len(books))
	for _, b := range books {
		loc := b.URL
		if b.KindOf() != KindFile {
			loc = RedactURL(b.URL)
		}
		out = append(out, Status{Name: b.DisplayName(), Kind: b.KindOf(), Location: loc, Err: err.Error()})
	}
	return out
}

// errNoBooks: no book is configured; nothing to ask.
var errNoBooks = errors.New("no address book")

// call sends r to the child and waits for its reply: at most timeout (0 =
// as long as ctx), and not at all while the child is known to be slow
// (timeout > 0).
func (c *Client) call(ctx context.Context, r request, timeout time.Duration) (reply, error) {
	c.mu.Lock()
	ch, books, closed := c.child, len(c.books), c.closed
	if ch == nil && books > 0 && !closed && c.retry == nil {
		c.startLocked()
		ch = c.child
	}
	c.mu.Unlock()
	switch {
	case books == 0:
		return reply{}, errNoBooks
	case ch == nil:
		return reply{}, ErrNotRunning
	case timeout > 0 && ch.stalled.Load():
		return reply{}, ErrSlow
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	return ch.call(ctx, r, timeout > 0, c.log)
}

func (c *Client) configureRequest() request {
	return request{Op: opConfigure, Region: c.region, Books: c.books, CacheDir: c.env.CacheDir}
}

// startLocked starts the child and gives it the books (c.mu held). When it
// cannot start, it is tried again after the back-off.
func (c *Client) startLocked() {
	if c.closed {
		return
	}
	ch, err := c.spawn()
	if err != nil {
		c.log.Warn("address books: the address-book process did not start", "err", err)
		c.retryLocked()
		return
	}
	c.child = ch
	ch.notify(c.configureRequest())
	if c.running {
		ch.notify(request{Op: opRun})
	}
	go c.watch(ch)
}

// retryLocked starts the child again after the back-off (c.mu held).
func (c *Client) retryLocked() {
	if c.retry != nil || c.closed || len(c.books) == 0 {
		return
	}
	c.backoff = min(max(2*c.backoff, minRestart), maxRestart)
	c.retry = time.AfterFunc(c.backoff, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.retry = nil
		if c.child == nil && len(c.books) > 0 {
			c.startLocked()
		}
	})
}

// stopLocked ends the child, if any, and any planned start (c.mu held).
func (c *Client) stopLocked() {
	if c.retry != nil {
		c.retry.Stop()
		c.retry = nil
	}
	if c.child != nil {
		c.child.stop()
		c.child = nil
	}
}

// watch waits for the child to end; an end nobody asked for is logged, and
// the child started again after the back-off.
func (c *Client) watch(ch *child) {
	<-ch.done
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.child != ch {
		return // stopped on purpose
	}
	c.child = nil
	c.log.Warn("address books: the address-book process ended", "err", ch.err)
	if time.Since(ch.started) > maxRestart {
		c.backoff = 0
	}
	c.retryLocked()
	go c.onChange()
}

// spawn starts a child process.
func (c *Client) spawn() (*child, error) {
	cmd, err := c.start()
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, f := range cmd.ExtraFiles {
			f.Close()
		}
	}()
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdin = pr
	out, err := cmd.StdoutPipe()
	if err != nil {
		pr.Close()
		pw.Close()
		return nil, err
	}
	if cmd.Stderr == nil {
		cmd.Stderr = os.Stderr // a panic's trace goes where the tray's log goes
	}
	if err := cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		return nil, err
	}
	pr.Close()
	ch := &child{
		cmd:     cmd,
		in:      &lineWriter{w: pw, deadline: pw.SetWriteDeadline},
		pw:      pw,
		pending: map[uint64]chan reply{},
		done:    make(chan struct{}),
		started: time.Now(),
	}
	go ch.read(out, c)
	return ch, nil
}

// child is one run of the child process.
type child struct {
	cmd     *exec.Cmd
	in      *lineWriter
	pw      *os.File
	started time.Time

	next    atomic.Uint64
	stalled atomic.Bool // a bounded call timed out, and no reply came since

	mu      sync.Mutex
	pending map[uint64]chan reply

	done chan struct{} // closed when the child ended; err says why
	err  error
}

// notify sends a request whose reply nobody waits for (id 0).
func (ch *child) notify(r request) {
	r.ID = 0
	_ = ch.in.send(r, writeTimeout)
}

func (ch *child) call(ctx context.Context, r request, bounded bool, log *slog.Logger) (reply, error) {
	r.ID = ch.next.Add(1)
	wait := make(chan reply, 1)
	ch.mu.Lock()
	ch.pending[r.ID] = wait
	ch.mu.Unlock()
	defer func() {
		ch.mu.Lock()
		delete(ch.pending, r.ID)
		ch.mu.Unlock()
	}()
	if err := ch.in.send(r, writeTimeout); err != nil {
		ch.slow(log)
		return reply{}, fmt.Errorf("%w: %v", ErrSlow, err)
	}
	select {
	case rep := <-wait:
		return rep, nil
	case <-ch.done:
		return reply{}, fmt.Errorf("%w: %v", ErrNotRunning, ch.err)
	case <-ctx.Done():
		if bounded && !errors.Is(context.Cause(ctx), context.Canceled) {
			ch.slow(log)
			return reply{}, ErrSlow
		}
		return reply{}, ctx.Err()
	}
}

// slow marks the child as not answering, once.
func (ch *child) slow(log *slog.Logger) {
	if !ch.stalled.Swap(true) {
		log.Warn("address books: " + ErrSlow.Error() + "; calls go without their names until it answers")
	}
}

// read handles what the child sends until it ends.
func (ch *child) read(out io.Reader, c *Client) {
	sc := newLineScanner(out)
	for sc.Scan() {
		var r reply
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			c.log.Warn("address books: a message from the address-book process that is not JSON", "err", err)
			continue
		}
		ch.handle(r, c)
	}
	ch.err = ch.cmd.Wait()
	if ch.err == nil {
		ch.err = sc.Err()
	}
	if ch.err == nil {
		ch.err = errors.New("it exited")
	}
	close(ch.done)
}

func (ch *child) handle(r reply, c *Client) {
	switch r.Op {
	case "":
		if ch.stalled.Swap(false) {
			c.log.Info("address books: the address-book process answers again")
		}
		ch.mu.Lock()
		wait := ch.pending[r.ID]
		ch.mu.Unlock()
		if wait != nil {
			wait <- r
		}
	case opChanged:
		go c.onChange()
	case opLog:
		args := make([]any, 0, len(r.Attrs))
		for _, a := range r.Attrs {
			args = append(args, a)
		}
		c.log.Log(context.Background(), slog.Level(r.Level), r.Msg, args...)
	case opPassword:
		if r.Book == nil {
			return
		}
		go func() {
			pass, err := "", error(ErrNoPassword)
			if c.env.Password != nil {
				pass, err = c.env.Password(*r.Book)
			}
			_ = ch.in.send(answerPassword(r.ID, pass, err), writeTimeout)
		}()
	}
}

// stop closes the child's input (it ends on its own) and kills it if it
// is still there after stopWait.
func (ch *child) stop() {
	ch.pw.Close()
	go func() {
		t := time.NewTimer(stopWait)
		defer t.Stop()
		select {
		case <-ch.done:
		case <-t.C:
			_ = ch.cmd.Process.Kill()
		}
	}()
}
