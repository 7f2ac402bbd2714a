//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/gxptray/gxptray/notify/notifytest"
)

// NotifyMode selects the notification server of a Desktop.
type NotifyMode int

const (
	// NotifyFake is the harness's own org.freedesktop.Notifications server:
	// it records every Notify call and plays the user's clicks.
	NotifyFake NotifyMode = iota
	// NotifyDunst runs dunst, which draws the notifications on the display
	// (for screenshots of what a person sees).
	NotifyDunst
	// NotifyNone: no notification server at all.
	NotifyNone
)

// Options configure a Desktop.
type Options struct {
	// NoTray leaves out the StatusNotifierWatcher: a desktop without a tray.
	NoTray        bool
	Notifications NotifyMode
	// Screen is Xvfb's screen, default 1280x800x24.
	Screen string
	// KeyringPassword unlocks the login keyring (default: a fixed throwaway one).
	KeyringPassword string
}

// Desktop is a private headless desktop session for one test: an X display,
// a session bus, an unlocked Secret Service, a tray watcher and a
// notification server, and a fresh HOME with its XDG directories. It is
// torn down when the test ends.
type Desktop struct {
	Display    string // ":N"
	BusAddress string // unix:path=<runtime>/bus

	Root       string // the session's directory (removed at the end unless E2E_KEEP=1)
	Home       string
	ConfigHome string // XDG_CONFIG_HOME
	DataHome   string // XDG_DATA_HOME
	CacheHome  string // XDG_CACHE_HOME
	RuntimeDir string // XDG_RUNTIME_DIR, mode 0700

	Artifacts string // screenshots and logs of this run

	// Notify is the fake notification server (NotifyFake), else nil.
	Notify *NotifyServer
	// Bus is the harness's own connection to the session bus.
	Bus *dbus.Conn

	t      testing.TB
	name   string // test name, for artifact files
	opts   Options
	procs  procs
	shotMu sync.Mutex
	shots  int
}

// Needed lists the programs a Desktop runs.
var Needed = []string{"Xvfb", "dbus-daemon", "gnome-keyring-daemon", "status-notifier-watcher", "xdotool", "xclip", "import", "secret-tool"}

// NewDesktop brings up a desktop for t and registers its teardown. It skips
// t when a program is missing (fails it under E2E_REQUIRE=1) and fails it
// when the session does not come up.
func NewDesktop(t testing.TB, opts Options) *Desktop {
	t.Helper()
	need := Needed
	if opts.Notifications == NotifyDunst {
		need = append(need[:len(need):len(need)], "dunst")
	}
	for _, p := range need {
		if _, err := exec.LookPath(p); err != nil {
			missing(t, "%s is not installed (Debian: bash scripts/deps.sh --e2e): %v", p, err)
		}
	}
	if opts.Screen == "" {
		opts.Screen = "1280x800x24"
	}
	if opts.KeyringPassword == "" {
		opts.KeyringPassword = "e2e-keyring-password"
	}
	art, err := ArtifactsDir()
	if err != nil {
		t.Fatalf("artifacts directory: %v", err)
	}
	// A short path: unix socket paths are limited to about 100 bytes.
	root, err := os.MkdirTemp("", "gxpe2e")
	if err != nil {
		t.Fatal(err)
	}
	d := &Desktop{
		Root:       root,
		Home:       filepath.Join(root, "home"),
		RuntimeDir: filepath.Join(root, "run"),
		Artifacts:  art,
		t:          t,
		name:       t.Name(),
		opts:       opts,
	}
	d.ConfigHome = filepath.Join(d.Home, ".config")
	d.DataHome = filepath.Join(d.Home, ".local", "share")
	d.CacheHome = filepath.Join(d.Home, ".cache")
	t.Cleanup(d.teardown)
	for _, dir := range []string{d.ConfigHome, d.DataHome, d.CacheHome} {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(d.RuntimeDir, 0o700); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := d.up(ctx); err != nil {
		t.Fatalf("desktop session did not come up: %v (logs in %s)", err, d.Artifacts)
	}
	t.Logf("desktop up: DISPLAY=%s bus=%s home=%s", d.Display, d.BusAddress, d.Home)
	return d
}

func (d *Desktop) up(ctx context.Context) error {
	if err := d.startX(ctx); err != nil {
		return err
	}
	if err := d.startBus(ctx); err != nil {
		return err
	}
	if err := d.startKeyring(ctx); err != nil {
		return err
	}
	if !d.opts.NoTray {
		if err := d.startWatcher(ctx); err != nil {
			return err
		}
	}
	switch d.opts.Notifications {
	case NotifyFake:
		d.Notify = StartNotifyServer(d.t, d.BusAddress)
	case NotifyDunst:
		if _, err := d.Start("dunst", "dunst"); err != nil {
			return err
		}
		if err := d.waitName(ctx, "org.freedesktop.Notifications"); err != nil {
			return fmt.Errorf("dunst: %w", err)
		}
	}
	return nil
}

// LogPath is the artifacts file for the output of the named process.
func (d *Desktop) LogPath(name string) string {
	return filepath.Join(d.Artifacts, fileName(d.name, name, ".log"))
}

// Command is a command that runs inside the session (its environment).
func (d *Desktop) Command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = d.Env()
	cmd.Dir = d.Home
	return cmd
}

// Start starts a long-running program inside the session, its output in
// the artifacts, stopped by pid when the test ends.
func (d *Desktop) Start(name string, prog string, args ...string) (*Proc, error) {
	return d.StartCmd(name, d.Command(context.Background(), prog, args...))
}

// StartCmd is Start for a prepared command (stdin, extra files, env).
func (d *Desktop) StartCmd(name string, cmd *exec.Cmd) (*Proc, error) {
	return d.procs.start(name, cmd, d.LogPath(name))
}

// Run runs a short command inside the session and returns its standard
// output; standard error is part of the error.
func (d *Desktop) Run(ctx context.Context, stdin string, prog string, args ...string) (string, error) {
	cmd := d.Command(ctx, prog, args...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cmd.SysProcAttr = pdeath()
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("%s %s: %w: %s", prog, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// Env is the environment of programs in the session: the test's own,
// without anything that would reach the real user's desktop or files.
func (d *Desktop) Env() []string {
	drop := []string{"DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "HOME", "XDG_", "GXPTRAY_",
		"LANG", "LC_", "LANGUAGE", "SESSION_MANAGER", "GNOME_KEYRING_", "SSH_AUTH_SOCK", "DESKTOP_SESSION"}
	var env []string
	for _, kv := range os.Environ() {
		keep := true
		for _, p := range drop {
			if strings.HasPrefix(kv, p) {
				keep = false
				break
			}
		}
		if keep {
			env = append(env, kv)
		}
	}
	env = append(env,
		"DISPLAY="+d.Display,
		"DBUS_SESSION_BUS_ADDRESS="+d.BusAddress,
		"HOME="+d.Home,
		"XDG_CONFIG_HOME="+d.ConfigHome,
		"XDG_DATA_HOME="+d.DataHome,
		"XDG_CACHE_HOME="+d.CacheHome,
		"XDG_RUNTIME_DIR="+d.RuntimeDir,
		"XDG_SESSION_TYPE=x11",
		"LANG=C.UTF-8",
	)
	// Go's caches stay where they are: moving HOME would move them.
	if os.Getenv("GOCACHE") == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			env = append(env, "GOCACHE="+filepath.Join(dir, "go-build"))
		}
	}
	if os.Getenv("GOMODCACHE") == "" {
		gopath := os.Getenv("GOPATH")
		if gopath == "" {
			gopath = build.Default.GOPATH
		}
		env = append(env, "GOMODCACHE="+filepath.Join(strings.Split(gopath, string(os.PathListSeparator))[0], "pkg", "mod"))
	}
	return env
}

// startX starts Xvfb, which picks a free display itself (-displayfd) and
// writes its number once it accepts connections.
func (d *Desktop) startX(ctx context.Context) error {
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", d.opts.Screen, "-nolisten", "tcp", "-noreset")
	num, err := d.startReporting(ctx, "xvfb", cmd)
	if err != nil {
		return err
	}
	if num == "" {
		return fmt.Errorf("the X server (Xvfb) reported no display; see %s", d.LogPath("xvfb"))
	}
	d.Display = ":" + num
	return nil
}

// startReporting starts a daemon that writes one line to its file
// descriptor 3 once it is ready (Xvfb its display, dbus-daemon its
// address) and returns that line.
func (d *Desktop) startReporting(ctx context.Context, name string, cmd *exec.Cmd) (string, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return "", err
	}
	defer r.Close()
	cmd.Env = d.Env()
	cmd.ExtraFiles = []*os.File{w}
	_, err = d.StartCmd(name, cmd)
	w.Close()
	if err != nil {
		return "", err
	}
	line, err := readLine(ctx, r)
	if err != nil {
		return "", fmt.Errorf("%s did not start (%v); see %s", cmd.Args[0], err, d.LogPath(name))
	}
	return line, nil
}

// startBus starts a private session bus at $XDG_RUNTIME_DIR/bus (where
// desktops put it) and connects the harness to it. Its configuration is the
// test bus's: nothing on it may be started by bus activation (a daemon
// started that way would not see this desktop's display and session).
func (d *Desktop) startBus(ctx context.Context) error {
	d.BusAddress = "unix:path=" + filepath.Join(d.RuntimeDir, "bus")
	conf := filepath.Join(d.Root, "bus.conf")
	if err := os.WriteFile(conf, []byte(notifytest.BusConfig(d.BusAddress)), 0o600); err != nil {
		return err
	}
	cmd := exec.Command("dbus-daemon", "--config-file="+conf, "--nofork", "--nopidfile", "--print-address=3")
	if _, err := d.startReporting(ctx, "dbus", cmd); err != nil {
		return err
	}
	conn, err := dbus.Connect(d.BusAddress)
	if err != nil {
		return fmt.Errorf("connect to the session bus: %w", err)
	}
	d.Bus = conn
	return nil
}

// startKeyring starts gnome-keyring's Secret Service with a new login
// keyring unlocked by a password on its standard input, in the foreground
// so that its pid is ours, and checks that the default collection is
// unlocked: go-keyring hangs on a locked one.
func (d *Desktop) startKeyring(ctx context.Context) error {
	cmd := d.Command(context.Background(), "gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets")
	cmd.Stdin = strings.NewReader(d.opts.KeyringPassword)
	if _, err := d.StartCmd("keyring", cmd); err != nil {
		return err
	}
	if err := d.waitName(ctx, "org.freedesktop.secrets"); err != nil {
		return fmt.Errorf("gnome-keyring: %w", err)
	}
	return waitFor(ctx, "the default keyring is unlocked", func(ctx context.Context) error {
		v, err := d.property(ctx, "org.freedesktop.secrets", "/org/freedesktop/secrets/aliases/default",
			"org.freedesktop.Secret.Collection", "Locked")
		if err != nil {
			return err
		}
		if locked, ok := v.Value().(bool); !ok || locked {
			return fmt.Errorf("keyring collection still locked: Locked = %v", v.Value())
		}
		return nil
	})
}

// startWatcher starts the StatusNotifierWatcher and waits for its object,
// not just its name: a half-started watcher makes the tray registration
// fail for good.
func (d *Desktop) startWatcher(ctx context.Context) error {
	if _, err := d.Start("sni-watcher", "status-notifier-watcher"); err != nil {
		return err
	}
	return waitFor(ctx, "StatusNotifierWatcher", func(ctx context.Context) error {
		_, err := d.property(ctx, watcherName, watcherPath, watcherName, "ProtocolVersion")
		return err
	})
}

// waitName waits until name has an owner on the session bus.
func (d *Desktop) waitName(ctx context.Context, name string) error {
	return waitFor(ctx, name+" on the session bus", func(ctx context.Context) error {
		var has bool
		if err := d.Bus.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, name).Store(&has); err != nil {
			return err
		}
		if !has {
			return errors.New("no owner yet")
		}
		return nil
	})
}

// property reads one D-Bus property.
func (d *Desktop) property(ctx context.Context, dest string, path dbus.ObjectPath, iface, name string) (dbus.Variant, error) {
	var v dbus.Variant
	err := d.Bus.Object(dest, path).CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, iface, name).Store(&v)
	return v, err
}

// teardown stops every process by pid, newest first, and removes the
// session directory.
func (d *Desktop) teardown() {
	// The notification server has left the bus already: its cleanup was
	// registered after this one.
	if d.Notify != nil {
		d.writeNotifyLog()
	}
	if d.Bus != nil {
		d.Bus.Close()
	}
	for _, err := range d.procs.stopAll() {
		d.t.Errorf("teardown: %v", err)
	}
	if os.Getenv("E2E_KEEP") == "1" {
		d.t.Logf("session directory kept: %s", d.Root)
		return
	}
	if err := os.RemoveAll(d.Root); err != nil {
		d.t.Logf("teardown: %v", err)
	}
}

// writeNotifyLog saves what the notification server received, for a person
// reading the artifacts.
func (d *Desktop) writeNotifyLog() {
	calls := d.Notify.Snapshot()
	if len(calls.Calls) == 0 && len(calls.Closed) == 0 {
		return
	}
	var b strings.Builder
	for _, c := range calls.Calls {
		fmt.Fprintf(&b, "Notify id=%d replaces=%d app=%q summary=%q body=%q actions=%q timeout=%d hints=%v\n",
			c.ID, c.ReplacesID, c.AppName, c.Summary, c.Body, c.Actions, c.ExpireTimeout, c.Hints)
	}
	for _, id := range calls.Closed {
		fmt.Fprintf(&b, "CloseNotification id=%d\n", id)
	}
	_ = os.WriteFile(d.LogPath("notifications"), []byte(b.String()), 0o644)
}

// readLine reads the first line from r, or fails when ctx ends first.
func readLine(ctx context.Context, r *os.File) (string, error) {
	got := make(chan string, 1)
	errc := make(chan error, 1)
	go func() {
		line, err := bufio.NewReader(r).ReadString('\n')
		if err != nil && line == "" {
			errc <- err
			return
		}
		got <- strings.TrimSpace(line)
	}()
	select {
	case s := <-got:
		return s, nil
	case err := <-errc:
		return "", err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
