//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gxptray/gxptray/cti"
)

// EnvBin names the gxptray binary under test.
const EnvBin = "GXPTRAY_BIN"

// Binary returns the binary under test, or skips t with the reason.
func Binary(t testing.TB) string {
	t.Helper()
	bin := os.Getenv(EnvBin)
	if bin == "" {
		missing(t, "$%s is not set: build the app (go build -o gxptray .) and run GXPTRAY_BIN=$PWD/gxptray go test -tags e2e ./ui/e2e/", EnvBin)
	}
	abs, err := filepath.Abs(bin)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(abs); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		t.Fatalf("$%s=%s is not an executable file (%v)", EnvBin, bin, err)
	}
	return abs
}

// EnvRequire, set to 1, turns the skips for a missing binary or program
// into failures: a CI run must not pass by testing nothing.
const EnvRequire = "E2E_REQUIRE"

// missing skips t (or fails it under E2E_REQUIRE=1) for something the
// tests need that is not there.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv(EnvRequire) == "1" {
		t.Fatalf(format+" ($"+EnvRequire+"=1)", args...)
	}
	t.Skipf(format, args...)
}

// AppOptions say how to start the tray app.
type AppOptions struct {
	// Phone and Passcode go to GXPTRAY_PHONE / GXPTRAY_PASSCODE when set;
	// otherwise the app reads its settings file and the keyring.
	Phone, Passcode string
	Args            []string // before the (empty) subcommand, e.g. "-v"
	Env             []string // more variables
}

// App is the tray process under test.
type App struct {
	*Proc
	Bin string
	d   *Desktop
}

// StartApp starts the tray app (`gxptray -v` with no command) in the
// session; its log goes to the artifacts.
func (d *Desktop) StartApp(t testing.TB, opts AppOptions) *App {
	t.Helper()
	bin := Binary(t)
	args := append([]string{"-v"}, opts.Args...)
	cmd := d.Command(context.Background(), bin, args...)
	if opts.Phone != "" {
		cmd.Env = append(cmd.Env, "GXPTRAY_PHONE="+opts.Phone)
	}
	if opts.Passcode != "" {
		cmd.Env = append(cmd.Env, "GXPTRAY_PASSCODE="+opts.Passcode)
	}
	cmd.Env = append(cmd.Env, opts.Env...)
	p, err := d.StartCmd("app", cmd)
	if err != nil {
		t.Fatalf("start the app: %v", err)
	}
	return &App{Proc: p, Bin: bin, d: d}
}

// Gxptray runs a gxptray subcommand in the session (history, status...) and
// returns its standard output.
func (d *Desktop) Gxptray(ctx context.Context, t testing.TB, args ...string) (string, error) {
	return d.Run(ctx, "", Binary(t), args...)
}

// History reads the call history as `gxptray history --json` prints it.
func (d *Desktop) History(ctx context.Context, t testing.TB) ([]cti.Call, error) {
	out, err := d.Gxptray(ctx, t, "history", "--json", "-n", "50")
	if err != nil {
		return nil, err
	}
	var calls []cti.Call
	if err := json.Unmarshal([]byte(out), &calls); err != nil {
		return nil, fmt.Errorf("gxptray history --json: %w: %q", err, out)
	}
	return calls, nil
}

// LogText is what the app wrote so far.
func (a *App) LogText() string {
	b, _ := os.ReadFile(a.Log)
	return string(b)
}

// CheckRunning fails t when the app has exited (it must survive whatever
// the test did to it).
func (a *App) CheckRunning(t testing.TB) {
	t.Helper()
	if done, err := a.Exited(); done {
		t.Fatalf("the app exited (%v); its log:\n%s", err, tail(a.LogText(), 40))
	}
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// WriteSettings writes the app's settings file (JSON object of
// ui/settings.Settings fields) before it starts.
func (d *Desktop) WriteSettings(t testing.TB, fields map[string]any) string {
	t.Helper()
	dir := filepath.Join(d.ConfigHome, "gxptray")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(fields, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "settings.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Secret reads a GXP Tray secret from the keyring the way any Secret
// Service client can (go-keyring's attributes: service, username).
func (d *Desktop) Secret(ctx context.Context, name string) (string, error) {
	out, err := d.Run(ctx, "", "secret-tool", "lookup", "service", "gxptray", "username", name)
	return strings.TrimRight(out, "\n"), err
}
