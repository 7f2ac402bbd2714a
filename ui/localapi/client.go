package localapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gxptray/gxptray/cti"
)

const (
	connectTimeout = 2 * time.Second
	maxReply       = 8 << 20 // a reply of the server; history of 1000 calls is far below
	maxStreamLine  = 4 << 20 // one update of the event stream
	// A stream silent for this long belongs to a dead or hung server: it
	// misses two heartbeats and a half.
	defaultStreamIdle = 75 * time.Second
)

// Client talks to the tray process over its socket. It is safe for
// concurrent use. Calls take as long as the tray process needs (a dial by
// keys takes about a second per key): bound them with the context.
type Client struct {
	path       string
	hc         *http.Client
	streamIdle time.Duration
	phone      string // the phone every request is for ("" = the default; ForPhone)
}

// Dial checks that a tray process listens on socketPath and returns a client
// for it, or an error wrapping ErrNotRunning (quickly) when none does.
//
// The client is as strict as the server: the socket's directory must be
// this user's own (mode 0700, not a symbolic link) and the process behind
// the socket must run as this user (where the OS tells), else the error
// wraps ErrNotTrusted and names what is wrong.
func Dial(socketPath string) (*Client, error) {
	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	c, err := dialChecked(ctx, socketPath)
	if err != nil {
		return nil, err
	}
	c.Close()
	return newClient(socketPath), nil
}

// NotTrustedError says why the client refused a socket. It matches
// ErrNotTrusted.
type NotTrustedError struct {
	Path   string // the socket or its directory
	Reason string
}

func (e *NotTrustedError) Error() string {
	return fmt.Sprintf("not talking to %s: %s, so it may not be your GXP Tray (another user could have put it there)", e.Path, e.Reason)
}

// Is makes errors.Is(err, ErrNotTrusted) true.
func (e *NotTrustedError) Is(target error) bool { return target == ErrNotTrusted }

// dialChecked connects to the socket after checking its directory, and
// checks who listens before any byte is sent.
func dialChecked(ctx context.Context, path string) (net.Conn, error) {
	if err := checkServerDir(path); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	c, err := dialEndpoint(ctx, path)
	if err != nil {
		return nil, connectError(path, err)
	}
	if err := checkServerPeer(path, c); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func newClient(path string) *Client {
	tr := &http.Transport{
		Proxy: nil, // never through an HTTP proxy from the environment
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return dialChecked(ctx, path)
		},
		MaxIdleConns:        4,
		MaxIdleConnsPerHost: 4,
		IdleConnTimeout:     30 * time.Second, // below the server's, so the client closes first
		DisableCompression:  true,
	}
	return &Client{path: path, hc: &http.Client{Transport: tr}, streamIdle: defaultStreamIdle}
}

func connectError(path string, err error) error {
	if isMissing(err) || isRefused(err) {
		return fmt.Errorf("%w (nothing listens on %s)", ErrNotRunning, path)
	}
	return fmt.Errorf("connecting to GXP Tray on %s: %w", path, err)
}

// Close releases idle connections.
func (c *Client) Close() error {
	c.hc.CloseIdleConnections()
	return nil
}

// Ping returns the tray process's pid and version without involving the phone.
func (c *Client) Ping(ctx context.Context) (Info, error) {
	return reply[Info](ctx, c, http.MethodGet, "/v1/ping", nil)
}

// State returns the current state of the tray process.
func (c *Client) State(ctx context.Context) (State, error) {
	return reply[State](ctx, c, http.MethodGet, "/v1/state", nil)
}

// Dial dials text as the user typed or copied it; the tray process applies
// the number rules. A dial already running gives an error matching ErrBusy.
func (c *Client) Dial(ctx context.Context, text string) (Dialed, error) {
	return reply[Dialed](ctx, c, http.MethodPost, "/v1/dial", numberBody{Number: text})
}

// DialNotify is Dial for a dial that has no window to report in (a tel:
// link): the tray process says what it does in a notification, "Calling …"
// with a Hang up button, replaced by the outcome.
func (c *Client) DialNotify(ctx context.Context, text string) (Dialed, error) {
	return reply[Dialed](ctx, c, http.MethodPost, "/v1/dial", numberBody{Number: text, Notify: true})
}

// Preview says how text would be dialed, or why it cannot be
// (errors.Is(err, cti.ErrInvalidNumber)).
func (c *Client) Preview(ctx context.Context, text string) (string, error) {
	b, err := reply[numberBody](ctx, c, http.MethodPost, "/v1/preview", numberBody{Number: text})
	return b.Number, err
}

// Operate sends a call operation (accept, reject, hold, end, cancel).
func (c *Client) Operate(ctx context.Context, op cti.Operation) error {
	return c.do(ctx, http.MethodPost, "/v1/operate", operateBody{Op: op}, nil)
}

// OperateLine answers (cti.OpAccept) or rejects (cti.OpReject) the call
// ringing on line, selecting that line first when several ring.
func (c *Client) OperateLine(ctx context.Context, op cti.Operation, line int) error {
	return c.do(ctx, http.MethodPost, "/v1/operate", operateBody{Op: op, Line: line}, nil)
}

// ActionURLs returns the values to paste into the phone's Action URL fields.
// They contain the push token: show them to the user, never log them.
func (c *Client) ActionURLs(ctx context.Context) ([]cti.ActionURLField, error) {
	return reply[[]cti.ActionURLField](ctx, c, http.MethodGet, "/v1/action-urls", nil)
}

// SendKeys presses keys on the phone ("1", "STAR", "LINE2", "SEND", ...).
func (c *Client) SendKeys(ctx context.Context, keys []string) error {
	return c.do(ctx, http.MethodPost, "/v1/keys", keysBody{Keys: keys}, nil)
}

// System reboots ("REBOOT") or factory-resets ("RESET") the phone. confirm
// must equal request: pass what the user typed or confirmed, never a constant.
func (c *Client) System(ctx context.Context, request, confirm string) error {
	return c.do(ctx, http.MethodPost, "/v1/system", systemBody{Request: request, Confirm: confirm}, nil)
}

// History returns up to n (1..1000) calls, newest first.
func (c *Client) History(ctx context.Context, n int) ([]cti.Call, error) {
	return reply[[]cti.Call](ctx, c, http.MethodGet, "/v1/history?n="+url.QueryEscape(strconv.Itoa(n)), nil)
}

// MarkMissedSeen clears the unseen missed-call count.
func (c *Client) MarkMissedSeen(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, "/v1/history/seen", nil, nil)
}

// ClearHistory asks the tray process to forget every call. Ask the user
// first: it cannot be undone.
func (c *Client) ClearHistory(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, "/v1/history/clear", nil, nil)
}

// Reload tells the tray process that the settings file changed.
func (c *Client) Reload(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, "/v1/reload", nil, nil)
}

// SetSessionPasscode hands over a passcode to keep in memory only.
func (c *Client) SetSessionPasscode(ctx context.Context, passcode string) error {
	return c.do(ctx, http.MethodPost, "/v1/session-passcode", passcodeBody{Passcode: passcode}, nil)
}

// TestConnection tries the given settings against the phone.
func (c *Client) TestConnection(ctx context.Context, req TestRequest) (TestResult, error) {
	return reply[TestResult](ctx, c, http.MethodPost, "/v1/test", req)
}

// Show asks the tray process to open a window: "dialpad", "settings",
// "history" or "main".
func (c *Client) Show(ctx context.Context, window string) error {
	return c.do(ctx, http.MethodPost, "/v1/show", windowBody{Window: window}, nil)
}

// Quit stops the tray process.
func (c *Client) Quit(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, "/v1/quit", nil, nil)
}

// reply sends one request (c.do) and returns its reply decoded as T.
func reply[T any](ctx context.Context, c *Client, method, path string, in any) (T, error) {
	var out T
	err := c.do(ctx, method, path, in, &out)
	return out, err
}

// do sends one request and decodes the reply into out (may be nil). Error
// replies become *Error, which matches the sentinel of its kind.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	if c.phone != "" && !ValidPhoneName(c.phone) {
		// Checked here too: HTTP would trim a name of spaces into "", the
		// default phone, and the request would go to a phone not asked for.
		return fmt.Errorf("%w: a phone's name must be 1 to %d printable characters", ErrBadRequest, MaxPhoneName)
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encoding the request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://gxptray"+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	c.setPhone(req)
	resp, err := c.hc.Do(req)
	if err != nil {
		return c.transportError(ctx, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxReply+1))
	if err != nil {
		return c.transportError(ctx, err)
	}
	if len(data) > maxReply {
		return fmt.Errorf("%w: the reply of GXP Tray is too large", ErrInternal)
	}
	if resp.StatusCode >= 300 {
		return replyError(resp.StatusCode, data)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%w: unexpected reply from GXP Tray: %v", ErrInternal, err)
	}
	return nil
}

// setPhone names the client's phone in req (PhoneHeader).
func (c *Client) setPhone(req *http.Request) {
	if c.phone != "" {
		req.Header.Set(PhoneHeader, c.phone)
	}
}

// replyError turns an error reply into *Error.
func replyError(status int, data []byte) error {
	var we wireError
	if json.Unmarshal(data, &we) == nil && we.Kind != "" && we.Error != "" {
		return &Error{Kind: we.Kind, Message: we.Error, Status: status, Text: we.Text, Hint: we.Hint}
	}
	return &Error{Kind: KindInternal, Message: fmt.Sprintf("unexpected reply from GXP Tray (HTTP %d)", status), Status: status}
}

// transportError explains a failed exchange: the caller gave up, nothing
// listens any more, or the connection broke.
func (c *Client) transportError(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	if isMissing(err) || isRefused(err) {
		return connectError(c.path, err)
	}
	// Not ErrNotRunning: the request may have reached the tray process, and
	// a caller falling back to the phone directly could dial twice.
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("GXP Tray closed the connection without answering: %w", err)
	}
	return fmt.Errorf("talking to GXP Tray: %w", err)
}
