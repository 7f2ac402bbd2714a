package tray

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/problem"
)

// backend is what the menu needs from the service (ui/service.Service).
type backend interface {
	State(ctx context.Context) localapi.State
	Subscribe(ctx context.Context) <-chan localapi.Update
	History(ctx context.Context, n int) ([]cti.Call, error)
	DialAnnounced(ctx context.Context, text string) (localapi.Dialed, error)
	DialChoice(ctx context.Context, text string) (localapi.Dialed, error)
	DialClipboard(ctx context.Context, text string) error
	Operate(ctx context.Context, op cti.Operation) error
	SendKeys(ctx context.Context, keys []string) error
	SetDND(ctx context.Context, on bool) localapi.DNDResult
	Show(ctx context.Context, window string) error
	Quit(ctx context.Context) error
	Preview(ctx context.Context, text string) (string, error)
	Catalog() *i18n.Catalog
	Done() <-chan struct{}
}

// Timeouts of the menu's commands.
const (
	operateTimeout = 15 * time.Second
	dialTimeout    = time.Minute // a dial by key presses takes about a second per key
	resubscribeGap = time.Second // after the service dropped a slow subscriber
)

// controller keeps the menu in step with the service and carries out the
// clicks. One goroutine (run) owns the menu state.
type controller struct {
	svc    backend
	notify func(text string) // an error the user should see
	log    *slog.Logger

	// clipboard text, latest wins (written by the clipboard watch)
	clipMu   sync.Mutex
	clipText string
	clipSet  bool
	clipWake chan struct{}
	reassert chan struct{} // set the icon and tooltip again (see binder.reassert)

	actions sync.WaitGroup
	actx    context.Context // the clicked actions' context: ends with run

	// owned by run
	st       localapi.State
	recent   []cti.Call
	clipRaw  string // the clipboard text the "Call …" item dials
	clipNum  string // its number after the rules ("" = not a number)
	bind     *binder
	renders  int // menus applied (for tests)
	lastMiss int
}

func newController(svc backend, notifyErr func(string), log *slog.Logger) *controller {
	return &controller{svc: svc, notify: notifyErr, log: log, clipWake: make(chan struct{}, 1), reassert: make(chan struct{}, 1)}
}

// setClipboard hands the controller a new clipboard text (any goroutine).
func (c *controller) setClipboard(text string) {
	c.clipMu.Lock()
	c.clipText, c.clipSet = text, true
	c.clipMu.Unlock()
	select {
	case c.clipWake <- struct{}{}:
	default:
	}
}

func (c *controller) takeClipboard() (string, bool) {
	c.clipMu.Lock()
	defer c.clipMu.Unlock()
	t, ok := c.clipText, c.clipSet
	c.clipSet = false
	return t, ok
}

// reassertLater asks for the icon and tooltip to be set again after d.
func (c *controller) reassertLater(d time.Duration) {
	time.AfterFunc(d, func() {
		select {
		case c.reassert <- struct{}{}:
		default:
		}
	})
}

// menu is the menu for what the controller knows now.
func (c *controller) menu() Menu {
	return BuildMenu(c.st, c.clipNum, c.recent, c.svc.Catalog())
}

// start builds the tray menu on tm from the current state. Call it once,
// before run.
func (c *controller) start(ctx context.Context, tm trayMenu) {
	c.st = c.svc.State(ctx)
	c.lastMiss = c.st.UnseenMissed
	c.refreshRecent(ctx)
	c.bind = newBinder(tm, c.menu())
	c.bind.unknown = func(id string) { c.log.Error("menu item missing from the tray layout", "id", id) }
}

// run follows the service until ctx ends or the service quits.
func (c *controller) run(ctx context.Context) {
	actx, stop := context.WithCancel(context.Background())
	c.actx = actx
	defer c.actions.Wait()
	defer stop() // a dial still running must not hold the process up
	clicks := c.bind.clicks(ctx)
	for c.follow(ctx, c.svc.Subscribe(ctx), clicks) {
		// The stream ended while the service runs (it drops a subscriber
		// that fell far behind): subscribe again.
		select {
		case <-ctx.Done():
			return
		case <-c.svc.Done():
			return
		case <-time.After(resubscribeGap):
		}
	}
}

// follow handles one subscription; it reports whether to subscribe again.
func (c *controller) follow(ctx context.Context, updates <-chan localapi.Update, clicks <-chan string) bool {
	for {
		select {
		case <-ctx.Done():
			return false
		case <-c.svc.Done():
			return false
		case u, ok := <-updates:
			if !ok {
				return ctx.Err() == nil
			}
			c.onUpdate(ctx, u)
		case <-c.clipWake:
			if text, ok := c.takeClipboard(); ok {
				c.onClipboard(ctx, text)
			}
		case id := <-clicks:
			c.onClick(id)
		case <-c.reassert:
			c.bind.reassert()
		}
	}
}

func (c *controller) onUpdate(ctx context.Context, u localapi.Update) {
	if u.Event != nil && u.Event.Kind == cti.EventEnded {
		// The service writes the history before it tells anyone.
		c.refreshRecent(ctx)
	}
	if u.State != nil {
		cleared := u.State.HistoryCleared != c.st.HistoryCleared
		c.st = *u.State
		if c.st.UnseenMissed != c.lastMiss || cleared {
			c.lastMiss = c.st.UnseenMissed
			c.refreshRecent(ctx)
		}
		// The number rules (or the language) may have changed with the settings.
		c.clipNum = c.preview(ctx, c.clipRaw)
	}
	c.render()
}

func (c *controller) onClipboard(ctx context.Context, text string) {
	num := c.preview(ctx, text)
	c.clipRaw = text
	if num == c.clipNum {
		return
	}
	c.clipNum = num
	c.render()
}

// preview is the number text would dial, "" when it is not a number.
func (c *controller) preview(ctx context.Context, text string) string {
	if text == "" {
		return ""
	}
	n, err := c.svc.Preview(ctx, text)
	if err != nil {
		return ""
	}
	return n
}

func (c *controller) refreshRecent(ctx context.Context) {
	calls, err := c.svc.History(ctx, maxRecentItems)
	if err != nil {
		c.log.Debug("recent calls unavailable", "err", err)
		return
	}
	c.recent = calls
}

func (c *controller) render() {
	if c.bind == nil {
		return
	}
	c.bind.apply(c.menu())
	c.renders++
}

// onClick carries out the clicked item's action, away from the menu loop.
func (c *controller) onClick(id string) {
	a := c.bind.actionOf(id)
	if a.Kind == ActNone {
		return
	}
	clip := c.clipRaw
	cat := c.svc.Catalog()
	actx := c.actx
	c.actions.Add(1)
	go func() {
		defer c.actions.Done()
		c.do(actx, a, clip, cat)
	}()
}

// do runs one action; failures are told in a notification, as the menu
// has closed by then.
func (c *controller) do(base context.Context, a Action, clip string, cat *i18n.Catalog) {
	if a.Phone != "" {
		// What the local API's server does for a request of
		// Client.ForPhone(a.Phone): the service reads the phone from ctx.
		base = localapi.WithPhone(base, a.Phone)
	}
	ctx, cancel := context.WithTimeout(base, operateTimeout)
	defer cancel()
	var err error
	var key string
	switch a.Kind {
	case ActOperate:
		err, key = c.operate(ctx, a), "tray.error.operate"
	case ActDial, ActDialChoice:
		dctx, dcancel := context.WithTimeout(base, dialTimeout)
		defer dcancel()
		dial := c.svc.DialAnnounced
		if a.Kind == ActDialChoice {
			dial = c.svc.DialChoice
		}
		// The dial's own notification tells how it went, failures too.
		if _, err := dial(dctx, a.Number); err != nil {
			c.log.Info("menu dial failed", "err", err)
		}
		return
	case ActDialClipboard:
		dctx, dcancel := context.WithTimeout(base, dialTimeout)
		defer dcancel()
		// The service tells the user what went wrong itself.
		if err := c.svc.DialClipboard(dctx, clip); err != nil {
			c.log.Info("clipboard dial failed", "err", err)
		}
		return
	case ActShow:
		err, key = c.svc.Show(ctx, a.Window), "tray.error.window"
	case ActKeys:
		err, key = c.svc.SendKeys(ctx, a.Keys), "tray.error.keys"
	case ActDND:
		// Through the web session: a login, a write, a read back.
		if r := c.svc.SetDND(ctx, a.On); !r.OK {
			c.notify(cat.T("webphone.tray_dnd_failed", joinWords(r.Problem, r.Hint)))
		}
		return
	case ActQuit:
		err = c.svc.Quit(ctx)
	}
	if err != nil {
		c.log.Warn("menu action failed", "action", a.Kind, "err", err)
		if key != "" && !errors.Is(err, context.Canceled) {
			c.notify(cat.T(key, problem.Describe(cat, err).Text))
		}
	}
}

// operate answers or rejects the very line the menu showed ringing when
// the service can (with several calls the phone's "current call" may be
// another one), else sends the plain operation.
func (c *controller) operate(ctx context.Context, a Action) error {
	if lo, ok := c.svc.(localapi.LineOperator); ok && a.Line > 0 {
		switch a.Op {
		case cti.OpAccept:
			return lo.AnswerLine(ctx, a.Line)
		case cti.OpReject:
			return lo.RejectLine(ctx, a.Line)
		}
	}
	return c.svc.Operate(ctx, a.Op)
}

// notifyText shows text as a plain notification of the tray process.
func notifyText(n notify.Notifier, log *slog.Logger) func(string) {
	return func(text string) {
		if n == nil {
			return
		}
		if _, err := n.Show(notify.Notification{Summary: "GXP Tray", Body: cleanText(text, 300),
			Urgency: notify.UrgencyNormal}, nil); err != nil {
			log.Warn("notification not shown", "err", err)
		}
	}
}
