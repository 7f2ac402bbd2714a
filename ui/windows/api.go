package windows

import (
	"context"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// API is the tray process as the windows see it. *localapi.Client satisfies
// it; tests use a fake or a real localapi server.
type API interface {
	// Every method but Subscribe returns an error matching
	// localapi.ErrNotRunning when the tray process does not answer.
	State(ctx context.Context) (localapi.State, error)
	// Subscribe streams updates until ctx ends or the tray process stops;
	// after the channel closes, the function tells why (nil: ctx ended).
	Subscribe(ctx context.Context) (<-chan localapi.Update, func() error)
	Dial(ctx context.Context, text string) (localapi.Dialed, error)
	Operate(ctx context.Context, op cti.Operation) error
	SendKeys(ctx context.Context, keys []string) error
	System(ctx context.Context, request, confirm string) error
	History(ctx context.Context, n int) ([]cti.Call, error)
	MarkMissedSeen(ctx context.Context) error
	// ClearHistory has the tray process forget every call.
	ClearHistory(ctx context.Context) error
	Reload(ctx context.Context) error
	// UpdateSettings has the tray process, the one writer of the settings
	// while it runs, save the change and apply it; it returns the settings
	// as saved (with what the tray changed meanwhile, such as a pin).
	UpdateSettings(ctx context.Context, c settings.Change) (settings.Settings, error)
	// SettingsView reads the settings the tray process uses: windows read
	// them there, not from the file, while it runs.
	SettingsView(ctx context.Context) (localapi.SettingsView, error)
	SetSessionPasscode(ctx context.Context, passcode string) error
	TestConnection(ctx context.Context, req localapi.TestRequest) (localapi.TestResult, error)
	Preview(ctx context.Context, text string) (string, error)
	Show(ctx context.Context, window string) error
	Quit(ctx context.Context) error
}
