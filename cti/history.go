package cti

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gxptray/gxptray/cti/atomicfile"
)

// The history file is JSON lines: one Call per line, appended and fsynced,
// plus marker lines {"seen":TIME} meaning "every call above was seen". An
// append interrupted by a crash leaves at most a cut-short last line, which
// costs that one call. Rewrites (trimming to the bound, repairing damage)
// go through a temporary file and a rename, so the file is always either the
// old or the new one. A damaged or oversized file is rotated (renamed aside)
// rather than copied, so no write ever holds the whole file in memory.

// DefaultHistoryEntries is the history bound when OpenHistory gets 0.
const DefaultHistoryEntries = 1000

const (
	// historyTail is how much of the end of the file is read: far more than
	// the bound needs (1000 calls of a few hundred bytes each), so memory
	// stays bounded whatever the file's size.
	historyTail      = 8 << 20
	historyMarkSlack = 64  // seen markers tolerated before a rewrite
	maxHistoryField  = 256 // bytes kept of a name or number
)

// ErrHistoryNotRegular: something else than a regular file (a FIFO, a
// device, a socket) is at the history path. It is not opened for reading
// (a FIFO would block forever) and not written to.
var ErrHistoryNotRegular = errors.New("the call history path is not a regular file")

// HistoryCorruptError reports lines of the history file that could not be
// read. The History returned with it holds everything else. The file is left
// as it is until the next write, which first moves it aside
// (history.jsonl.corrupt-<time>) and then writes the calls kept.
type HistoryCorruptError struct {
	Path      string
	Skipped   int  // unreadable lines left out
	FirstLine int  // 1-based number of the first of them, counted in the part read
	Truncated bool // the last line was cut short (an interrupted write)
	// SkippedBytes is the start of a file larger than the history ever
	// writes, left unread: only its last historyTail bytes are read.
	SkippedBytes int64
}

func (e *HistoryCorruptError) Error() string {
	var parts []string
	if e.SkippedBytes > 0 {
		parts = append(parts, fmt.Sprintf("the file is far larger than the history keeps: its first %s were not read", byteSize(e.SkippedBytes)))
	}
	switch {
	case e.Skipped == 1 && e.Truncated:
		parts = append(parts, fmt.Sprintf("line %d was cut short by an interrupted write and is left out", e.FirstLine))
	case e.Skipped > 0:
		parts = append(parts, fmt.Sprintf("%d unreadable line(s) left out, the first is line %d of the part read", e.Skipped, e.FirstLine))
	}
	return fmt.Sprintf("call history %s: %s; the file is moved aside (.corrupt-<time>) when it is next written", e.Path, strings.Join(parts, "; "))
}

func byteSize(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// History is the call history: a bounded, append-only JSON lines file kept
// in memory too. Safe for concurrent use within one process; only one
// process should write a given file (the tray app).
type History struct {
	mu        sync.Mutex
	path      string
	max       int
	calls     []Call // oldest first
	seen      int    // calls[:seen] were seen
	fileLines int    // records in the file (calls and markers)
	damaged   bool   // the file has lines we could not read: copy it before writing
}

// historyRecord is one line as read: a Call or a seen marker.
type historyRecord struct {
	Call
	Seen *time.Time `json:"seen,omitempty"`
}

// seenMarker is the marker line as written.
type seenMarker struct {
	Seen time.Time `json:"seen"`
}

// OpenHistory loads the history at path, keeping at most maxEntries calls
// (0 = DefaultHistoryEntries). It creates the parent directory (0700) and the
// file (0600) when missing. A file that cannot be opened or read is an error
// with a nil History. A partly unreadable file returns the readable part and
// a *HistoryCorruptError.
func OpenHistory(path string, maxEntries int) (*History, error) {
	if maxEntries <= 0 {
		maxEntries = DefaultHistoryEntries
	}
	if path == "" {
		return nil, errors.New("call history: no file name")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("call history: %w", err)
	}
	f, err := openHistoryFile(path, os.O_RDONLY|os.O_CREATE)
	if err != nil {
		return nil, fmt.Errorf("call history: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("call history: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		_ = os.Chmod(path, 0o600) // calls are personal data
	}
	data, skipped, err := readTail(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("call history: %w", err)
	}
	h := &History{path: path, max: maxEntries}
	cerr := h.load(data)
	h.trimMemory()
	if skipped > 0 {
		if cerr == nil {
			cerr = &HistoryCorruptError{Path: path}
		}
		cerr.SkippedBytes = skipped
	}
	if cerr != nil {
		h.damaged = true
		return h, cerr
	}
	return h, nil
}

// openHistoryFile opens the history file without blocking (a FIFO put at
// the path would block an ordinary open forever) and refuses anything but a
// regular file.
func openHistoryFile(path string, flag int) (*os.File, error) {
	f, err := os.OpenFile(path, flag|oNonblock, 0o600)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%w: %s is a %s; calls are kept in memory until it is replaced by a file", ErrHistoryNotRegular, path, fileKind(st.Mode()))
	}
	return f, nil
}

func fileKind(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "FIFO (named pipe)"
	case m&os.ModeSocket != 0:
		return "socket"
	case m&os.ModeDevice != 0:
		return "device"
	case m.IsDir():
		return "directory"
	}
	return "special file"
}

// readTail reads the last historyTail bytes of f (size bytes long), from
// the start of a line; skipped is how many bytes before them were left out.
func readTail(f *os.File, size int64) (data []byte, skipped int64, err error) {
	start := max(size-historyTail, 0)
	data = make([]byte, size-start)
	if _, err := f.ReadAt(data, start); err != nil && !errors.Is(err, io.EOF) {
		return nil, 0, err
	}
	if start > 0 {
		// The cut falls inside a line: start at the next one.
		i := bytes.IndexByte(data, '\n')
		data = data[i+1:]
		start += int64(i + 1)
	}
	return data, start, nil
}

// load parses the file's records.
func (h *History) load(data []byte) *HistoryCorruptError {
	var cerr *HistoryCorruptError
	bad := func(line int) {
		if cerr == nil {
			cerr = &HistoryCorruptError{Path: h.path, FirstLine: line}
		}
		cerr.Skipped++
	}
	lineNo := 0
	for len(data) > 0 {
		lineNo++
		raw, rest, complete := bytes.Cut(data, []byte("\n"))
		data = rest
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			continue
		}
		var r historyRecord
		if err := json.Unmarshal(raw, &r); err != nil || (r.Seen == nil && !validHistoryCall(r.Call)) {
			bad(lineNo)
			if !complete {
				cerr.Truncated = true
			}
			continue
		}
		if !complete {
			// Whole record, only its newline lost: keep it, rewrite on the
			// next write so that the next append starts on a line of its own.
			h.damaged = true
		}
		h.fileLines++
		if r.Seen != nil {
			h.seen = len(h.calls)
			continue
		}
		h.calls = append(h.calls, r.Call)
	}
	return cerr
}

func validHistoryCall(c Call) bool {
	return !c.Start.IsZero() && c.Outcome != "" && c.Duration >= 0
}

// trimMemory keeps the newest h.max calls.
func (h *History) trimMemory() {
	if n := len(h.calls) - h.max; n > 0 {
		h.calls = append([]Call(nil), h.calls[n:]...)
		h.seen = max(h.seen-n, 0)
	}
}

// Path is the history file.
func (h *History) Path() string { return h.path }

// Append stores one call: one JSON line, written and fsynced. When the
// file would exceed the bound (or holds damage), it is rewritten with the
// newest calls. The call is kept in memory even when writing fails.
func (h *History) Append(c Call) error {
	c = sanitizeCall(c)
	line, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("call history: %w", err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls = append(h.calls, c)
	if h.damaged || len(h.calls) > h.max || h.fileLines+1 > h.max+historyMarkSlack {
		h.trimMemory()
		return h.rewrite()
	}
	if err := h.appendLine(line); err != nil {
		return err
	}
	h.fileLines++
	return nil
}

// sanitizeCall bounds what a phone (or anyone sending it text) put in a call.
func sanitizeCall(c Call) Call {
	c.Name = boundField(c.Name)
	c.Phone = boundField(c.Phone)
	c.Number = boundField(c.Number)
	if c.Contact != nil {
		ct := Contact{Name: boundField(c.Contact.Name), Source: boundField(c.Contact.Source), Kind: boundField(c.Contact.Kind)}
		c.Contact = &ct
	}
	if c.Duration < 0 {
		c.Duration = 0
	}
	if c.Start.IsZero() {
		c.Start = time.Now()
	}
	if c.Outcome == "" {
		c.Outcome = NoAnswer
	}
	return c
}

func boundField(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= maxHistoryField {
		return s
	}
	s = s[:maxHistoryField]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// appendLine appends one record and fsyncs. A failed write is cut back off,
// so that a half-written line does not glue onto the next one.
func (h *History) appendLine(line []byte) error {
	f, err := openHistoryFile(h.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE)
	if err != nil {
		return fmt.Errorf("call history: %w", err)
	}
	size, serr := f.Seek(0, io.SeekEnd)
	_, err = f.Write(append(line, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if err != nil && serr == nil {
		_ = f.Truncate(size)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("call history: %w", err)
	}
	return nil
}

// rewrite replaces the file with the calls in memory. A damaged file is
// copied aside first; if that fails, nothing is written.
func (h *History) rewrite() error {
	if h.damaged {
		if _, err := h.moveAside(); err != nil {
			return fmt.Errorf("call history: not writing over the damaged file, since it could not be kept aside: %w", err)
		}
	}
	lines := len(h.calls)
	if h.seen > 0 {
		lines++
	}
	// Streamed line by line: the calls are not held a second time as text.
	err := atomicfile.WriteFunc(h.path, 0o600, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for i, c := range h.calls {
			if i == h.seen && h.seen > 0 {
				if err := enc.Encode(seenMarker{time.Now().UTC()}); err != nil {
					return err
				}
			}
			if err := enc.Encode(c); err != nil {
				return err
			}
		}
		if h.seen > 0 && h.seen == len(h.calls) {
			return enc.Encode(seenMarker{time.Now().UTC()})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("call history: %w", err)
	}
	h.fileLines = lines
	h.damaged = false
	return nil
}

// moveAside renames the file as it is to <path>.corrupt-<time>: a rotation,
// which costs no memory whatever the file's size. A file that is already
// gone needs nothing.
func (h *History) moveAside() (string, error) {
	stamp := time.Now().UTC().Format("20060102T150405Z")
	for i := 0; i < 100; i++ {
		name := h.path + ".corrupt-" + stamp
		if i > 0 {
			name += "-" + strconv.Itoa(i)
		}
		if _, err := os.Lstat(name); err == nil {
			continue
		}
		err := os.Rename(h.path, name)
		if errors.Is(err, os.ErrNotExist) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		_ = atomicfile.SyncDir(filepath.Dir(h.path)) // best effort: the file is kept aside
		return name, nil
	}
	return "", errors.New("too many copies of the damaged history file")
}

// Recent returns up to n calls, newest first (n <= 0: all).
func (h *History) Recent(n int) []Call {
	h.mu.Lock()
	defer h.mu.Unlock()
	if n <= 0 || n > len(h.calls) {
		n = len(h.calls)
	}
	out := make([]Call, 0, n)
	for i := len(h.calls) - 1; i >= 0 && len(out) < n; i-- {
		out = append(out, h.calls[i])
	}
	return out
}

// Clear forgets every call, in memory and in the file (written empty, in
// place of the old one). A copy kept aside of a damaged file is left alone:
// it is the user's to look at or delete.
func (h *History) Clear() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := atomicfile.WriteFile(h.path, nil, 0o600); err != nil {
		return fmt.Errorf("call history: %w", err)
	}
	h.calls, h.seen, h.fileLines, h.damaged = nil, 0, 0, false
	return nil
}

// UnseenMissed counts the missed calls since the last MarkSeen.
func (h *History) UnseenMissed() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.unseenMissed()
}

func (h *History) unseenMissed() int {
	n := 0
	for _, c := range h.calls[h.seen:] {
		if c.Outcome == Missed {
			n++
		}
	}
	return n
}

// MarkSeen records that the user has seen the missed calls, in the file
// (a marker line), so the count stays at zero after a restart.
func (h *History) MarkSeen() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.unseenMissed() == 0 {
		// Nothing to persist: calls after the last marker are not missed ones.
		h.seen = len(h.calls)
		return nil
	}
	old := h.seen
	h.seen = len(h.calls)
	if h.damaged || h.fileLines+1 > h.max+historyMarkSlack {
		if err := h.rewrite(); err != nil {
			h.seen = old
			return err
		}
		return nil
	}
	line, _ := json.Marshal(seenMarker{time.Now().UTC()})
	if err := h.appendLine(line); err != nil {
		h.seen = old
		return err
	}
	h.fileLines++
	return nil
}

// CallFromEvent makes the history entry of an EventEnded, which carries
// everything the entry needs. When the call's start is unknown (e.Start
// zero), the time it was answered is used (e.Time - e.Duration).
func CallFromEvent(e Event) Call {
	start := e.Start
	if start.IsZero() {
		start = e.Time.Add(-e.Duration)
	}
	return Call{Direction: e.Direction, Number: e.Number, Name: e.Name, Line: e.Line, Account: e.Account,
		Start: start, Duration: e.Duration, Outcome: e.Outcome, Contact: e.Contact}
}
