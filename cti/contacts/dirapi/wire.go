package dirapi

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"sync"
	"time"
)

// The pipe between the tray process and its address-book child carries one
// JSON object per line each way. The tray sends requests (an op with a
// fresh id) and the answers to the child's password questions; the child
// sends the replies (same id), its log records, "changed" when a book was
// replaced, and "password" questions (an id of its own). Passwords cross
// the pipe only on request, never in a log record.

// Ops of a request.
const (
	opConfigure = "configure"
	opRun       = "run"
	opLoad      = "load"
	opLookup    = "lookup"
	opSearch    = "search"
	opSync      = "sync"
	opStatus    = "status"
	opPassword  = "password" // also the child's question
	opChanged   = "changed"  // child only
	opLog       = "log"      // child only
)

// maxLine bounds one message (a search of 200 matches is about 30 kB).
const maxLine = 4 << 20

// request goes from the tray process to the child.
type request struct {
	ID     uint64 `json:"id"`
	Op     string `json:"op"`
	Region string `json:"region,omitempty"`
	// CacheDir keeps the server books' copies; read from the first request.
	CacheDir string         `json:"cache_dir,omitempty"`
	Books    []SourceConfig `json:"books,omitempty"`
	Sync     bool           `json:"sync,omitempty"`
	Text     string         `json:"text,omitempty"` // the number of a lookup, the text of a search
	Limit    int            `json:"limit,omitempty"`
	// The answer to a password question.
	Password   string `json:"password,omitempty"`
	Err        string `json:"error,omitempty"`
	NoPassword bool   `json:"no_password,omitempty"`
}

// reply goes from the child to the tray process.
type reply struct {
	ID       uint64        `json:"id,omitempty"`
	Op       string        `json:"op,omitempty"` // "" = the reply to request ID
	Found    bool          `json:"found,omitempty"`
	Matches  []Match       `json:"matches,omitempty"`
	Statuses []Status      `json:"statuses,omitempty"`
	Book     *SourceConfig `json:"book,omitempty"` // a password question
	// A log record.
	Level int      `json:"level,omitempty"`
	Msg   string   `json:"msg,omitempty"`
	Attrs []string `json:"attrs,omitempty"` // key, value, key, value...
}

// passwordError is a password lookup's failure as the child sees it: the
// tray's message, and ErrNoPassword when that is what it was.
type passwordError struct {
	msg        string
	noPassword bool
}

func (e *passwordError) Error() string { return e.msg }

func (e *passwordError) Is(target error) bool { return e.noPassword && target == ErrNoPassword }

// answerPassword is the request that answers question id with the result
// of a password lookup.
func answerPassword(id uint64, pass string, err error) request {
	r := request{ID: id, Op: opPassword, Password: pass}
	if err != nil {
		r.Password, r.Err, r.NoPassword = "", err.Error(), errors.Is(err, ErrNoPassword)
	}
	return r
}

// lineWriter writes one JSON object per line; safe for concurrent use.
type lineWriter struct {
	mu sync.Mutex
	w  io.Writer
	// deadline, when the writer has one (an os.Pipe), bounds a write to a
	// reader that stopped reading.
	deadline func(time.Time) error
}

func (lw *lineWriter) send(v any, timeout time.Duration) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if lw.deadline != nil && timeout > 0 {
		_ = lw.deadline(time.Now().Add(timeout))
		defer func() { _ = lw.deadline(time.Time{}) }()
	}
	_, err = lw.w.Write(b)
	return err
}

// newLineScanner reads one message per line.
func newLineScanner(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	return sc
}
