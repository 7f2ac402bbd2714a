package notify

import (
	"fmt"
	"log/slog"
	"sync"

	enotify "github.com/esiqveland/notify"
	"github.com/godbus/dbus/v5"
)

const (
	notificationsInterface = "org.freedesktop.Notifications"
	signalActionInvoked    = notificationsInterface + ".ActionInvoked"
	signalClosed           = notificationsInterface + ".NotificationClosed"
)

// dialSessionBus opens a private connection to the session bus (never
// autolaunching one) and subscribes to the notification signals.
func dialSessionBus(o Options, h signalHandlers) (*session, error) {
	conn, err := dbus.SessionBusPrivateNoAutoStartup(
		dbus.WithSignalHandler(wellFormedSignals{dbus.NewSequentialSignalHandler().(signalHandler)}))
	if err != nil {
		return nil, fmt.Errorf("session bus: %w", err)
	}
	if err := conn.Auth(nil); err != nil {
		conn.Close()
		return nil, fmt.Errorf("session bus authentication: %w", err)
	}
	if err := conn.Hello(); err != nil {
		conn.Close()
		return nil, fmt.Errorf("session bus hello: %w", err)
	}
	n, err := enotify.New(conn,
		enotify.WithLogger(printfLogger{o.Logger}),
		enotify.WithOnAction(func(s *enotify.ActionInvokedSignal) { h.action(s.ID, s.ActionKey) }),
		enotify.WithOnClosed(func(s *enotify.NotificationClosedSignal) { h.closed(s.ID) }),
	)
	if err != nil {
		conn.Close()
		return nil, err
	}
	var once sync.Once
	return &session{
		srv:  n,
		done: conn.Context().Done(),
		close: func() {
			once.Do(func() {
				// Connection first: it makes the notifier's own clean-up calls
				// fail at once instead of waiting on a hung bus.
				conn.Close()
				n.Close()
			})
		},
	}, nil
}

type signalHandler interface {
	dbus.SignalHandler
	dbus.SignalRegistrar
	dbus.Terminator
}

// wellFormedSignals drops notification signals whose body does not have the
// spec's types. Anyone on the bus can emit them, and the signal loop of
// github.com/esiqveland/notify type-asserts the body without checking, which
// would panic and take the whole application down.
type wellFormedSignals struct{ signalHandler }

func (w wellFormedSignals) DeliverSignal(iface, member string, sig *dbus.Signal) {
	if sig == nil {
		return
	}
	switch sig.Name {
	case signalActionInvoked:
		if !bodyIs[uint32, string](sig.Body) {
			return
		}
	case signalClosed:
		if !bodyIs[uint32, uint32](sig.Body) {
			return
		}
	}
	w.signalHandler.DeliverSignal(iface, member, sig)
}

func bodyIs[A, B any](body []any) bool {
	if len(body) < 2 {
		return false
	}
	_, okA := body[0].(A)
	_, okB := body[1].(B)
	return okA && okB
}

type printfLogger struct{ l *slog.Logger }

func (p printfLogger) Printf(format string, v ...any) {
	p.l.Debug("dbus notifications: " + fmt.Sprintf(format, v...))
}
