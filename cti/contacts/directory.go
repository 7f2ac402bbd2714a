package contacts

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Source is one address book.
type Source interface {
	// Info names the book (for messages and Match.Source).
	Info() SourceInfo
	// Cached returns the copy kept from the last sync (nil when none)
	// without the network: names work offline and at start-up.
	Cached(canon *Canon) (*Book, error)
	// Sync reads the book anew. A nil Book with a nil error: unchanged.
	Sync(ctx context.Context, canon *Canon) (*Book, Warnings, error)
	// Interval is the time between syncs.
	Interval() time.Duration
}

// SourceInfo describes a source.
type SourceInfo struct {
	ID       string // stable across restarts: kind, location and user
	Name     string // shown: the name in the settings, else the file name or host
	Kind     string // "file", "carddav", "ldap"
	Location string // path or URL, without any password
}

// syncTimeout bounds one sync of one source.
const syncTimeout = 2 * time.Minute

// Directory answers lookups and searches from the books of its sources,
// in memory: a lookup never waits on a server. Sources sync in the
// background while Run runs. Safe for concurrent use.
type Directory struct {
	log      *slog.Logger
	onChange func()

	mu      sync.Mutex
	canon   *Canon
	slots   []*slot
	running context.Context // nil until Run
}

type slot struct {
	src    Source
	book   atomic.Pointer[Book]
	kick   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}

	syncMu sync.Mutex // one sync at a time
	mu     sync.Mutex
	status Status
}

// NewDirectory returns an empty directory. onChange (may be nil) is called
// when a book was replaced.
func NewDirectory(log *slog.Logger, onChange func()) *Directory {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if onChange == nil {
		onChange = func() {}
	}
	return &Directory{log: log, onChange: onChange, canon: NewCanon("")}
}

// Configure sets the region and the sources, in order of preference.
// Sources already present (same ID, same region, same settings) keep
// their books and their schedule; one whose other settings changed
// (StartTLS, ca_file, its name) keeps its contacts until the new settings
// read it; new ones start with their cached copy.
func (d *Directory) Configure(region string, sources []Source) {
	d.mu.Lock()
	defer d.mu.Unlock()
	canon := d.canon
	if region == "" {
		region = DefaultRegion()
	}
	regionChanged := !strings.EqualFold(region, canon.Region())
	if regionChanged {
		canon = NewCanon(region)
		d.canon = canon
	}
	old := map[string]*slot{}
	for _, s := range d.slots {
		old[s.src.Info().ID] = s
	}
	var slots []*slot
	for _, src := range sources {
		id := src.Info().ID
		prev, ok := old[id]
		if ok && !regionChanged && sameConfig(prev.src, src) {
			delete(old, id)
			slots = append(slots, prev)
			continue
		}
		s := &slot{src: src, kick: make(chan struct{}, 1)}
		info := src.Info()
		s.status = Status{Name: info.Name, Kind: info.Kind, Location: info.Location}
		if ok && !regionChanged {
			// The same book with other settings (StartTLS, ca_file, a
			// name): its contacts serve until the new settings read it.
			s.book.Store(prev.book.Load())
			s.status.Contacts = prev.book.Load().Len()
		}
		slots = append(slots, s)
		if d.running != nil {
			d.start(d.running, s, canon)
		}
	}
	for _, s := range old {
		d.stop(s)
	}
	d.slots = slots
	go d.onChange()
}

// configured is a source built from a SourceConfig (every source of
// NewSource).
type configured interface{ config() SourceConfig }

// sameConfig: a and b were built from the same settings (sources of
// other kinds are compared by ID only).
func sameConfig(a, b Source) bool {
	ca, ok1 := a.(configured)
	cb, ok2 := b.(configured)
	return !ok1 || !ok2 || reflect.DeepEqual(ca.config(), cb.config())
}

// Run syncs every source on its schedule until ctx ends.
func (d *Directory) Run(ctx context.Context) {
	d.mu.Lock()
	d.running = ctx
	for _, s := range d.slots {
		d.start(ctx, s, d.canon)
	}
	d.mu.Unlock()
	<-ctx.Done()
	d.mu.Lock()
	d.running = nil
	slots := slices.Clone(d.slots)
	d.mu.Unlock()
	for _, s := range slots {
		d.stop(s)
	}
}

func (d *Directory) start(ctx context.Context, s *slot, canon *Canon) {
	sctx, cancel := context.WithCancel(ctx)
	s.cancel = cancel
	s.done = make(chan struct{})
	go func() {
		defer close(s.done)
		d.runSlot(sctx, s, canon)
	}()
}

func (d *Directory) stop(s *slot) {
	if s.cancel != nil {
		s.cancel()
		<-s.done
		s.cancel = nil
	}
}

func (d *Directory) runSlot(ctx context.Context, s *slot, canon *Canon) {
	if s.book.Load() == nil {
		d.loadCached(s, canon)
	}
	backoff := time.Duration(0)
	for {
		err := d.syncSlot(ctx, s, canon, false)
		wait := s.src.Interval()
		switch {
		case err == nil:
			backoff = 0
		case errors.Is(err, ErrAuth):
			wait = 24 * time.Hour // only a kick or new settings try again
		default:
			backoff = min(max(2*backoff, 30*time.Second), wait)
			wait = backoff
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.kick:
			t.Stop()
		case <-t.C:
		}
	}
}

func (d *Directory) loadCached(s *slot, canon *Canon) {
	b, err := s.src.Cached(canon)
	if err != nil {
		d.log.Warn("address book cache unusable", "book", s.src.Info().Name, "err", err)
	}
	if b != nil {
		s.book.Store(b)
		s.mu.Lock()
		s.status.Contacts = b.Len()
		s.mu.Unlock()
		d.onChange()
	}
}

// syncSlot syncs one source now. After a rejected password it makes no
// attempt unless forced (the user asked).
func (d *Directory) syncSlot(ctx context.Context, s *slot, canon *Canon, force bool) error {
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	s.mu.Lock()
	blocked := s.status.AuthFailed && !force
	s.mu.Unlock()
	if blocked {
		return ErrAuth
	}
	ctx, cancel := context.WithTimeout(ctx, syncTimeout)
	defer cancel()
	b, w, err := s.src.Sync(ctx, canon)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.status.Err = err.Error()
		s.status.AuthFailed = errors.Is(err, ErrAuth)
		d.log.Warn("address book not synced", "book", s.src.Info().Name, "err", err)
		return err
	}
	s.status.Err, s.status.AuthFailed = "", false
	s.status.Synced = time.Now()
	if b != nil {
		s.book.Store(b)
		s.status.Contacts = b.Len()
		s.status.Warnings = w.Strings()
		for _, msg := range w.List {
			d.log.Warn("address book entry skipped", "book", s.src.Info().Name, "problem", msg)
		}
		go d.onChange()
	}
	return nil
}

// Load reads every source once, in this goroutine, without Run: the cached
// copy, then a sync when sync is true or there is no cached copy (the CLI
// without a tray process). Errors are in the statuses.
func (d *Directory) Load(ctx context.Context, sync bool) []Status {
	d.mu.Lock()
	slots, canon := slices.Clone(d.slots), d.canon
	d.mu.Unlock()
	for _, s := range slots {
		if !sync && s.src.Info().Kind != KindFile {
			d.loadCached(s, canon)
		}
		if sync || s.book.Load() == nil {
			_ = d.syncSlot(ctx, s, canon, true)
		}
	}
	return d.Status()
}

// SyncNow syncs every source now and waits for the results, also those
// whose password was rejected (the user asked: one attempt each).
func (d *Directory) SyncNow(ctx context.Context) []Status {
	d.mu.Lock()
	slots, canon := slices.Clone(d.slots), d.canon
	d.mu.Unlock()
	var wg sync.WaitGroup
	for _, s := range slots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = d.syncSlot(ctx, s, canon, true)
		}()
	}
	wg.Wait()
	return d.Status()
}

// Status lists the sources in order.
func (d *Directory) Status() []Status {
	d.mu.Lock()
	slots := slices.Clone(d.slots)
	d.mu.Unlock()
	out := make([]Status, 0, len(slots))
	for _, s := range slots {
		s.mu.Lock()
		st := s.status
		st.Warnings = slices.Clone(st.Warnings)
		s.mu.Unlock()
		out = append(out, st)
	}
	return out
}

// Region is the region numbers are read in.
func (d *Directory) Region() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.canon.Region()
}

// Lookup finds the contact of number. An exact match beats a suffix match;
// among equals the source listed first wins (see the package doc).
func (d *Directory) Lookup(number string) (Match, bool) {
	d.mu.Lock()
	slots, canon := d.slots, d.canon
	d.mu.Unlock()
	if len(slots) == 0 {
		return Match{}, false
	}
	k, ok := canon.key(number)
	if !ok {
		return Match{}, false
	}
	raw := k
	if digits, _, _, ok := cleanDigits(number); ok {
		if r, ok := makeKey(digits, false); ok {
			raw = r
		}
	}
	var (
		best     Match
		bestRank = -1
	)
	for _, s := range slots {
		b := s.book.Load()
		e, rank, ok := b.lookup(k, raw)
		if ok && (bestRank < 0 || rank < bestRank) {
			best, bestRank = b.match(e, s.status.Name), rank
			if rank == 0 {
				break
			}
		}
	}
	return best, bestRank >= 0
}

// Search lists up to limit numbers of contacts whose name holds every word
// of text (any case, Latin or Cyrillic), or whose number holds its digits.
func (d *Directory) Search(text string, limit int) []Match {
	q, ok := parseQuery(text)
	if !ok || limit <= 0 {
		return nil
	}
	d.mu.Lock()
	slots := d.slots
	d.mu.Unlock()
	var out []Match
	for _, s := range slots {
		out = s.book.Load().search(q, s.status.Name, out, limit)
	}
	slices.SortStableFunc(out, func(a, b Match) int { return strings.Compare(foldName(a.Name), foldName(b.Name)) })
	return out
}

// Len is the number of contacts in all books.
func (d *Directory) Len() int {
	d.mu.Lock()
	slots := d.slots
	d.mu.Unlock()
	n := 0
	for _, s := range slots {
		n += s.book.Load().Len()
	}
	return n
}
