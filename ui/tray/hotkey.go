package tray

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gxptray/gxptray/ui/hotkey"
)

// hotkeyDialTimeout bounds one hotkey press: reading the clipboard and
// dialing (a dial by key presses takes about a second per key).
const hotkeyDialTimeout = time.Minute

// hotkeyService is what the hotkey needs from the service.
type hotkeyService interface {
	SetHotkeyStatus(combo string, err error)
	DialClipboard(ctx context.Context, text string) error
}

// hotkeys keeps the configured global hotkey registered: press it to dial
// the number on the clipboard.
type hotkeys struct {
	svc      hotkeyService
	log      *slog.Logger
	read     func(ctx context.Context) (string, error) // the clipboard
	register func(c hotkey.Combo, fn func()) (unregister func() error, err error)
	failed   func(err error) // the clipboard could not be read
	// configured is the combination the settings ask for ("" = none).
	configured func() string
	// life ends the dials started by the hotkey (nil: they end on their own).
	life context.Context

	mu      sync.Mutex
	closed  bool
	applied bool
	combo   string // as configured
	release func() error
	busy    atomic.Bool
	presses sync.WaitGroup
}

func registerHotkey(c hotkey.Combo, fn func()) (func() error, error) {
	h, err := hotkey.Register(c, fn)
	if err != nil {
		return nil, err
	}
	return h.Unregister, nil
}

// sync registers the configured combination unless it is the one
// registered; one that failed is tried again (another program may have
// let it go). The outcome goes to the service, which shows it in the menu
// and in Settings.
func (h *hotkeys) sync() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	combo := h.configured()
	if h.applied && combo == h.combo && (combo == "" || h.release != nil) {
		return
	}
	h.unregisterLocked()
	h.applied, h.combo = true, combo
	if combo == "" {
		h.svc.SetHotkeyStatus("", nil)
		return
	}
	c, err := hotkey.Parse(combo)
	if err != nil {
		h.log.Warn("hotkey not registered", "hotkey", combo, "err", err)
		h.svc.SetHotkeyStatus(combo, err)
		return
	}
	release, err := h.register(c, h.pressed)
	if err != nil {
		h.log.Warn("hotkey not registered", "hotkey", c.String(), "err", err)
		h.svc.SetHotkeyStatus(c.String(), hotkeyProblem{c.String(), err})
		return
	}
	h.release = release
	h.log.Debug("hotkey registered", "hotkey", c.String())
	h.svc.SetHotkeyStatus(c.String(), nil)
}

func (h *hotkeys) unregisterLocked() {
	if h.release == nil {
		return
	}
	if err := h.release(); err != nil {
		h.log.Warn("hotkey not released", "err", err)
	}
	h.release = nil
}

// close releases the hotkey and waits for a dial it started.
func (h *hotkeys) close() {
	h.mu.Lock()
	h.closed = true
	h.unregisterLocked()
	h.mu.Unlock()
	h.presses.Wait()
}

// pressed runs on the hotkey's goroutine: the dial runs elsewhere, and
// presses while one is under way are dropped (the phone takes one dial at
// a time anyway).
func (h *hotkeys) pressed() {
	if !h.busy.CompareAndSwap(false, true) {
		return
	}
	h.presses.Add(1)
	go func() {
		defer h.presses.Done()
		defer h.busy.Store(false)
		base := h.life
		if base == nil {
			base = context.Background()
		}
		ctx, cancel := context.WithTimeout(base, hotkeyDialTimeout)
		defer cancel()
		text, err := h.read(ctx)
		if err != nil {
			h.log.Warn("hotkey: clipboard not read", "err", err)
			h.failed(err)
			return
		}
		// The service tells the user what went wrong (bad text, phone errors).
		if err := h.svc.DialClipboard(ctx, text); err != nil {
			h.log.Info("hotkey dial failed", "err", err)
		}
	}()
}

// hotkeyProblem drops the "hotkey Ctrl+Shift+D: " prefix of ui/hotkey's
// errors: the menu line names the combination already.
type hotkeyProblem struct {
	combo string
	err   error
}

func (p hotkeyProblem) Error() string {
	var re *hotkey.RegisterError
	if errors.As(p.err, &re) {
		return re.Err.Error()
	}
	return p.err.Error()
}

func (p hotkeyProblem) Unwrap() error { return p.err }
