package localapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gxptray/gxptray/cti"
)

const (
	defaultHistory = 10
	maxHistory     = 1000
	maxMessage     = 1000 // bytes of an error message sent back
	maxPasscode    = 256
	maxLine        = 64 // desk phones have up to 16 lines; room for bigger ones
)

func (s *Server) makeRoutes() map[string]route {
	get, post := http.MethodGet, http.MethodPost
	routes := map[string]route{
		"/v1/ping":             {get, s.handlePing},
		"/v1/state":            {get, s.handleState},
		"/v1/events":           {get, s.handleEvents},
		"/v1/dial":             {post, s.handleDial},
		"/v1/operate":          {post, s.handleOperate},
		"/v1/keys":             {post, s.handleKeys},
		"/v1/system":           {post, s.handleSystem},
		"/v1/history":          {get, s.handleHistory},
		"/v1/history/seen":     {post, s.simple(withHistory(CallHistory.MarkMissedSeen))},
		"/v1/history/clear":    {post, s.simple(withHistory(CallHistory.ClearHistory))},
		"/v1/reload":           {post, s.simple(Backend.ReloadSettings)},
		"/v1/session-passcode": {post, s.handleSessionPasscode},
		"/v1/test":             {post, s.handleTest},
		"/v1/preview":          {post, s.handlePreview},
		"/v1/show":             {post, s.handleShow},
		"/v1/quit":             {post, s.simple(Backend.Quit)},
		"/v1/action-urls":      {get, s.handleActionURLs},
		"/v1/settings":         {http.MethodPatch, s.handleUpdateSettings},
		// A second method on a path: its route is keyed "METHOD path".
		"GET /v1/settings": {get, s.handleSettings},
	}
	maps.Copy(routes, contactRoutes(s))
	maps.Copy(routes, phoneSettingsRoutes(s))
	return routes
}

func (s *Server) handlePing(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, http.StatusOK, Info{PID: os.Getpid(), Version: s.version})
}

func (s *Server) handleState(w http.ResponseWriter, r *http.Request) {
	st := s.backend.State(r.Context())
	s.fillVersion(&st)
	s.writeJSON(w, http.StatusOK, st)
}

func (s *Server) fillVersion(st *State) {
	if st.Version == "" {
		st.Version = s.version
	}
}

func (s *Server) handleDial(w http.ResponseWriter, r *http.Request) {
	var b numberBody
	if !s.decode(w, r, &b, false) {
		return
	}
	dial := s.backend.Dial
	if ad, ok := s.backend.(AnnouncedDialer); ok && b.Notify {
		dial = ad.DialAnnounced
	}
	d, err := dial(r.Context(), b.Number)
	s.answer(w, r, d, err)
}

func (s *Server) handlePreview(w http.ResponseWriter, r *http.Request) {
	var b numberBody
	if !s.decode(w, r, &b, false) {
		return
	}
	p, err := s.backend.Preview(r.Context(), b.Number)
	s.answer(w, r, numberBody{Number: p}, err)
}

func (s *Server) handleOperate(w http.ResponseWriter, r *http.Request) {
	var b operateBody
	if !s.decode(w, r, &b, false) {
		return
	}
	if !b.Op.Valid() {
		s.reject(w, http.StatusBadRequest, fmt.Sprintf("unknown operation %q (known: %s)", b.Op, joinOps()))
		return
	}
	if b.Line == 0 {
		s.done204(w, r, s.backend.Operate(r.Context(), b.Op))
		return
	}
	if b.Line < 1 || b.Line > maxLine {
		s.reject(w, http.StatusBadRequest, fmt.Sprintf("line must be from 1 to %d", maxLine))
		return
	}
	lo, ok := capability[LineOperator](s, w, r, "cannot operate a given line")
	if !ok {
		return
	}
	switch b.Op {
	case cti.OpAccept:
		s.done204(w, r, lo.AnswerLine(r.Context(), b.Line))
	case cti.OpReject:
		s.done204(w, r, lo.RejectLine(r.Context(), b.Line))
	default:
		s.reject(w, http.StatusBadRequest, fmt.Sprintf("a line can be given with %s and %s only", cti.OpAccept, cti.OpReject))
	}
}

// noCallHistory is what GXP Tray cannot do when the backend is not a
// CallHistory.
const noCallHistory = "keeps no call history"

// errNoCallHistory: the backend is not a CallHistory.
var errNoCallHistory = unsupported(noCallHistory)

// withHistory is call on a backend that may not keep a call history.
func withHistory(call func(CallHistory, context.Context) error) func(Backend, context.Context) error {
	return func(b Backend, ctx context.Context) error {
		h, ok := b.(CallHistory)
		if !ok {
			return errNoCallHistory
		}
		return call(h, ctx)
	}
}

func (s *Server) handleActionURLs(w http.ResponseWriter, r *http.Request) {
	src, ok := capability[ActionURLSource](s, w, r, "does not offer Action URLs")
	if !ok {
		return
	}
	fields, err := src.ActionURLs(r.Context())
	answerList(s, w, r, fields, err)
}

func joinOps() string {
	names := make([]string, len(operations))
	for i, op := range operations {
		names[i] = string(op)
	}
	return strings.Join(names, ", ")
}

func (s *Server) handleKeys(w http.ResponseWriter, r *http.Request) {
	var b keysBody
	if !s.decode(w, r, &b, false) {
		return
	}
	keys, err := validateKeys(b.Keys)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.done204(w, r, s.backend.SendKeys(r.Context(), keys))
}

// validateKeys checks each token with the phone client's key rules and
// returns them in the phone's spelling ("*" -> "STAR", "line1" -> "LINE1",
// "203" -> "2", "0", "3").
func validateKeys(keys []string) ([]string, error) {
	if len(keys) == 0 {
		return nil, fmt.Errorf("%w: no keys given", cti.ErrInvalidKey)
	}
	for _, k := range keys {
		// ParseKeys reads a ':'-joined string and skips empty tokens: one
		// list item must not turn into several named keys, nor vanish.
		if strings.TrimSpace(k) == "" || strings.Contains(k, ":") {
			return nil, fmt.Errorf("%w: %q", cti.ErrInvalidKey, k)
		}
	}
	parsed, err := cti.ParseKeys(strings.Join(keys, ":"))
	if err != nil {
		if !errors.Is(err, cti.ErrInvalidKey) {
			err = fmt.Errorf("%w: %v", cti.ErrInvalidKey, err)
		}
		return nil, err
	}
	return parsed, nil
}

func (s *Server) handleSystem(w http.ResponseWriter, r *http.Request) {
	var b systemBody
	if !s.decode(w, r, &b, false) {
		return
	}
	if b.Request != SystemReboot && b.Request != SystemReset {
		s.reject(w, http.StatusBadRequest, fmt.Sprintf("unknown system request %q (REBOOT or RESET)", b.Request))
		return
	}
	if b.Confirm != b.Request {
		s.reject(w, http.StatusBadRequest, fmt.Sprintf("%s was not confirmed: confirm must be %q", b.Request, b.Request))
		return
	}
	s.log.Info("system request confirmed", "request", b.Request)
	s.done204(w, r, s.backend.System(r.Context(), b.Request))
}

func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request) {
	n := defaultHistory
	q := r.URL.Query()
	for k := range q {
		if k != "n" {
			s.reject(w, http.StatusBadRequest, fmt.Sprintf("unknown parameter %q", k))
			return
		}
	}
	if v := q.Get("n"); v != "" || q.Has("n") {
		var err error
		n, err = strconv.Atoi(v)
		if err != nil || n < 1 || n > maxHistory {
			s.reject(w, http.StatusBadRequest, fmt.Sprintf("n must be a number from 1 to %d", maxHistory))
			return
		}
	}
	h, ok := capability[CallHistory](s, w, r, noCallHistory)
	if !ok {
		return
	}
	calls, err := h.History(r.Context(), n)
	if len(calls) > n {
		calls = calls[:n]
	}
	answerList(s, w, r, calls, err)
}

func (s *Server) handleSessionPasscode(w http.ResponseWriter, r *http.Request) {
	var b passcodeBody
	if !s.decode(w, r, &b, false) {
		return
	}
	if b.Passcode == "" {
		s.reject(w, http.StatusBadRequest, "the passcode is empty")
		return
	}
	if len(b.Passcode) > maxPasscode || !utf8.ValidString(b.Passcode) || strings.ContainsFunc(b.Passcode, isControl) {
		s.reject(w, http.StatusBadRequest, "the passcode is too long or contains control characters")
		return
	}
	s.done204(w, r, s.backend.SetSessionPasscode(r.Context(), b.Passcode), b.Passcode)
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func (s *Server) handleTest(w http.ResponseWriter, r *http.Request) {
	var req TestRequest
	if !s.decode(w, r, &req, false) {
		return
	}
	res, err := s.backend.TestConnection(r.Context(), req)
	if err != nil {
		s.fail(w, r, err, req.Passcode)
		return
	}
	res.Problem = redact(res.Problem, req.Passcode)
	res.Hint = redact(res.Hint, req.Passcode)
	s.writeJSON(w, http.StatusOK, res)
}

func (s *Server) handleShow(w http.ResponseWriter, r *http.Request) {
	var b windowBody
	if !s.decode(w, r, &b, false) {
		return
	}
	if !slices.Contains(showable, b.Window) {
		s.reject(w, http.StatusBadRequest, fmt.Sprintf("unknown window %q (known: %s)", b.Window, strings.Join(showable, ", ")))
		return
	}
	s.done204(w, r, s.backend.Show(r.Context(), b.Window))
}

// capability is the backend as the optional capability T. A backend
// without it has been answered not_supported: GXP Tray <cannot>.
func capability[T any](s *Server, w http.ResponseWriter, r *http.Request, cannot string) (T, bool) {
	c, ok := s.backend.(T)
	if !ok {
		s.fail(w, r, unsupported(cannot))
	}
	return c, ok
}

// unsupported is the error for what GXP Tray cannot do (the backend lacks
// a capability).
func unsupported(cannot string) error {
	return fmt.Errorf("%w: GXP Tray %s", cti.ErrNotSupported, cannot)
}

// simple serves a POST without arguments and without a result.
func (s *Server) simple(call func(Backend, context.Context) error) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		var b emptyBody
		if !s.decode(w, r, &b, true) {
			return
		}
		s.done204(w, r, call(s.backend, r.Context()))
	}
}

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithCancel(r.Context())
	updates := s.backend.Subscribe(ctx)
	defer func() {
		cancel()
		// A backend blocked on a send sees ctx done; draining as well keeps
		// one that does not look from hanging forever.
		go func() {
			for range updates {
			}
		}()
	}()
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	if err := rc.Flush(); err != nil {
		return
	}
	beat := time.NewTicker(s.heartbeat)
	defer beat.Stop()
	send := func(b []byte) bool {
		rc.SetWriteDeadline(time.Now().Add(s.writeTimeout))
		if _, err := w.Write(b); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.done:
			return
		case <-beat.C:
			if !send([]byte("\n")) {
				return
			}
		case u, ok := <-updates:
			if !ok {
				return
			}
			if u.State != nil {
				st := *u.State
				s.fillVersion(&st)
				u.State = &st
			}
			b, err := json.Marshal(u)
			if err != nil {
				s.log.Warn("cannot encode an update", "err", err)
				continue
			}
			if !send(append(b, '\n')) {
				return
			}
		}
	}
}

// decode reads a JSON body of at most 64 KiB into dst, refusing unknown
// fields and trailing data. optional allows an empty body. On failure it has
// answered 400 and returns false.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, dst any, optional bool) bool {
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(bodyTimeout))
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	// The server's background read (which notices a client hanging up)
	// must not inherit the deadline: a dial by keys runs longer than it.
	rc.SetReadDeadline(time.Time{})
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.reject(w, http.StatusBadRequest, fmt.Sprintf("request body over %d bytes", maxBody))
		} else {
			s.reject(w, http.StatusBadRequest, "cannot read the request body")
		}
		return false
	}
	if len(bytes.TrimSpace(data)) == 0 {
		if optional {
			return true
		}
		s.reject(w, http.StatusBadRequest, "empty request body: JSON expected")
		return false
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		s.reject(w, http.StatusUnsupportedMediaType, "Content-Type must be application/json")
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		s.reject(w, http.StatusBadRequest, "malformed request: "+err.Error())
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		s.reject(w, http.StatusBadRequest, "malformed request: data after the JSON object")
		return false
	}
	return true
}

// answer answers a request with its result v, or with its error.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, v any, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, v)
}

// answerList is answer for a list: an empty one is [], not null.
func answerList[T any](s *Server, w http.ResponseWriter, r *http.Request, list []T, err error) {
	if list == nil {
		list = []T{}
	}
	s.answer(w, r, list, err)
}

// done204 answers a command without a result.
func (s *Server) done204(w http.ResponseWriter, r *http.Request, err error, secrets ...string) {
	if err != nil {
		s.fail(w, r, err, secrets...)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// fail answers a backend (or validation) error with its kind.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error, secrets ...string) {
	kind, status := classify(err)
	msg := redact(err.Error(), secrets...)
	if kind == KindInternal {
		s.log.Warn("local API request failed", "path", r.URL.Path, "err", msg)
	} else {
		s.log.Debug("local API request refused", "path", r.URL.Path, "kind", kind, "err", msg)
	}
	we := wireError{Error: cut(msg), Kind: kind}
	if s.describe != nil {
		text, hint := s.describe(err)
		we.Text, we.Hint = cut(redact(text, secrets...)), cut(redact(hint, secrets...))
	}
	s.writeJSON(w, status, we)
}

// reject answers a request the server itself refuses.
func (s *Server) reject(w http.ResponseWriter, status int, msg string) {
	msg = redact(msg)
	s.log.Debug("local API request rejected", "status", status, "err", msg)
	s.writeJSON(w, status, wireError{Error: cut(msg), Kind: KindBadRequest})
}

func cut(msg string) string {
	if len(msg) <= maxMessage {
		return msg
	}
	msg = msg[:maxMessage]
	for !utf8.ValidString(msg) {
		msg = msg[:len(msg)-1]
	}
	return msg + "…"
}

func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(wireError{Error: "cannot encode the reply", Kind: KindInternal})
	}
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(s.writeTimeout))
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}
