package tray

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/testkit"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// shortPaths are test paths with a runtime directory short enough for a
// unix socket.
func shortPaths(t *testing.T) settings.Paths {
	t.Helper()
	p := testPaths(t)
	run := testkit.SocketDir(t)
	p.RuntimeDir, p.Socket = run, filepath.Join(run, "gxptray.sock")
	return p
}

func saveSettings(t *testing.T, p settings.Paths, edit func(*settings.Settings)) {
	t.Helper()
	s := settings.Defaults()
	s.Language, s.Popup = "en", settings.PopupOff
	if edit != nil {
		edit(&s)
	}
	if err := settings.Save(p.ConfigFile, s); err != nil {
		t.Fatal(err)
	}
}

// apiClient waits for the tray process's local API and connects to it.
func apiClient(t *testing.T, socket string) *localapi.Client {
	t.Helper()
	var c *localapi.Client
	eventually(t, "the local API", func() bool {
		var err error
		c, err = localapi.Dial(socket)
		return err == nil
	})
	t.Cleanup(func() { c.Close() })
	return c
}

func waitState(t *testing.T, c *localapi.Client, what string, cond func(localapi.State) bool) localapi.State {
	t.Helper()
	var st localapi.State
	eventually(t, what, func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		var err error
		st, err = c.State(ctx)
		return err == nil && cond(st)
	})
	return st
}

// noTrayHost makes this process's desktop one without a tray host or a
// display; the windows it opens are fakes that log to winLog.
func noTrayHost(t *testing.T) (winLog string) {
	t.Helper()
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	winLog = filepath.Join(t.TempDir(), "windows.log")
	t.Setenv(testRole, "window")
	t.Setenv(testLog, winLog)
	return winLog
}

// startRun runs Run(ctx, o) in the background. returned waits for it to
// return nil; after says what should have ended it.
func startRun(ctx context.Context, o Options) (returned func(t *testing.T, after string)) {
	ran := make(chan error, 1)
	go func() { ran <- Run(ctx, o) }()
	return func(t *testing.T, after string) {
		t.Helper()
		select {
		case err := <-ran:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("Run did not return after %s", after)
		}
	}
}

// Without a tray host the process still runs: it serves the local API,
// opens the main window and keeps the hotkey in step with the settings.
func TestRunWithoutTrayOpensTheMainWindow(t *testing.T) {
	winLog := noTrayHost(t)
	paths := shortPaths(t)
	saveSettings(t, paths, nil)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	returned := startRun(ctx, Options{Paths: paths, Demo: true, DemoEvery: time.Hour, Version: "9.9-test", Logger: quietLog()})
	c := apiClient(t, paths.Socket)
	st := waitState(t, c, "the demo phone online", func(s localapi.State) bool { return s.Conn == cti.ConnOnline })
	if !st.Demo || st.Version != "9.9-test" || !strings.HasPrefix(st.Phone, "http://127.0.0.1:") {
		t.Errorf("state %+v", st)
	}
	if lines := logLines(t, winLog, 1); !strings.HasPrefix(lines[0], "ui main | config="+paths.ConfigDir) {
		t.Errorf("window opened: %q", lines[0])
	}
	// No X display here: the hotkey cannot be registered, and the user is told.
	st = waitState(t, c, "the hotkey problem", func(s localapi.State) bool { return s.HotkeyErr != "" })
	if st.Hotkey != settings.DefaultHotkey {
		t.Errorf("hotkey %q", st.Hotkey)
	}
	// A new hotkey in Settings is taken up on reload.
	saveSettings(t, paths, func(s *settings.Settings) { s.Hotkey = "Alt+F9" })
	if err := c.Reload(context.Background()); err != nil {
		t.Fatal(err)
	}
	waitState(t, c, "the new hotkey", func(s localapi.State) bool { return s.Hotkey == "Alt+F9" })

	// A second instance is refused.
	err := Run(context.Background(), Options{Paths: paths, Logger: quietLog()})
	if !errors.Is(err, localapi.ErrAlreadyRunning) {
		t.Errorf("second Run: %v, want ErrAlreadyRunning", err)
	}

	if err := c.Quit(context.Background()); err != nil {
		t.Fatal(err)
	}
	returned(t, "Quit")
	if _, err := os.Stat(paths.Socket); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket left behind: %v", err)
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	noTrayHost(t)
	paths := shortPaths(t)
	saveSettings(t, paths, nil)
	ctx, cancel := context.WithCancel(context.Background())
	returned := startRun(ctx, Options{Paths: paths, Logger: quietLog()})
	c := apiClient(t, paths.Socket)
	st := waitState(t, c, "the state", func(localapi.State) bool { return true })
	if st.Phone != "" || st.Demo {
		t.Errorf("state without a phone: %+v", st)
	}
	cancel()
	returned(t, "cancel")
}

func TestSettingsOpenAtFirstStart(t *testing.T) {
	for _, c := range []struct {
		st   localapi.State
		want bool
	}{
		{localapi.State{}, true},
		{localapi.State{PhoneState: localapi.PhoneState{Phone: "192.168.1.20", NeedPasscode: true}}, false},
		{localapi.State{PhoneState: localapi.PhoneState{Phone: "http://127.0.0.1:1"}, Demo: true}, false},
	} {
		if got := needsSetup(c.st); got != c.want {
			t.Errorf("needsSetup(%+v) = %v, want %v", c.st, got, c.want)
		}
	}
}

// The demo's files are beside the real ones, never the same.
func TestDemoPathsAreSeparate(t *testing.T) {
	real := settings.Paths{
		ConfigDir: "/home/u/.config/gxptray", ConfigFile: "/home/u/.config/gxptray/settings.json",
		DataDir: "/home/u/.local/share/gxptray", HistoryFile: "/home/u/.local/share/gxptray/history.json",
		RuntimeDir: "/run/user/1000/gxptray", Socket: "/run/user/1000/gxptray/gxptray.sock",
	}
	want := settings.Paths{
		ConfigDir: "/home/u/.config/gxptray-demo", ConfigFile: "/home/u/.config/gxptray-demo/settings.json",
		DataDir: "/home/u/.local/share/gxptray-demo", HistoryFile: "/home/u/.local/share/gxptray-demo/history.json",
		RuntimeDir: "/run/user/1000/gxptray-demo", Socket: "/run/user/1000/gxptray-demo/gxptray.sock",
	}
	if got := DemoPaths(real); got != want {
		t.Errorf("DemoPaths = %+v, want %+v", got, want)
	}
}
