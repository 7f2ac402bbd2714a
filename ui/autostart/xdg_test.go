//go:build !windows && !darwin

package autostart

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// readEntry parses a desktop entry's [Desktop Entry] group, undoing the
// string-level escapes (\s \n \t \r \\) of the Desktop Entry Specification.
func readEntry(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if lines[0] != "[Desktop Entry]" {
		t.Fatalf("first line %q, want [Desktop Entry]", lines[0])
	}
	out := map[string]string{}
	for _, l := range lines[1:] {
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			t.Fatalf("bad line %q", l)
		}
		if _, dup := out[k]; dup {
			t.Fatalf("key %s twice", k)
		}
		out[k] = strings.NewReplacer(`\\`, `\`, `\s`, " ", `\n`, "\n", `\t`, "\t", `\r`, "\r").Replace(v)
	}
	return out
}

// splitExec splits an (already string-unescaped) Exec value into arguments
// by the spec's quoting rules, and undoes the %% escape.
func splitExec(t *testing.T, v string) []string {
	t.Helper()
	var args []string
	var cur strings.Builder
	inArg, quoted := false, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case quoted && c == '\\':
			i++
			if i >= len(v) || !strings.ContainsRune("\"`$\\", rune(v[i])) {
				t.Fatalf("bad escape in %q", v)
			}
			cur.WriteByte(v[i])
		case quoted && c == '"':
			quoted = false
		case quoted:
			cur.WriteByte(c)
		case c == '"':
			quoted, inArg = true, true
		case c == ' ':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		case strings.ContainsRune(execReserved, rune(c)):
			t.Fatalf("reserved character %q outside quotes in %q", c, v)
		default:
			cur.WriteByte(c)
			inArg = true
		}
	}
	if quoted {
		t.Fatalf("unterminated quote in %q", v)
	}
	if inArg {
		args = append(args, cur.String())
	}
	for i, a := range args {
		if strings.Contains(strings.ReplaceAll(a, "%%", ""), "%") {
			t.Fatalf("field code %q left in %q", a, v)
		}
		args[i] = strings.ReplaceAll(a, "%%", "%")
	}
	return args
}

func TestEnableWritesEntry(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	exe := "/opt/My Apps/gxptray"
	if err := Enable(exe, "tray", "--lang=ru"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(cfg, "autostart", "gxptray.desktop")
	e := readEntry(t, path)
	for k, want := range map[string]string{
		"Type": "Application", "Name": "GXP Tray", "Icon": "gxptray", "Terminal": "false",
		"X-GNOME-Autostart-enabled": "true",
	} {
		if e[k] != want {
			t.Errorf("%s=%q, want %q", k, e[k], want)
		}
	}
	raw, _ := os.ReadFile(path)
	if !strings.Contains(string(raw), "\nExec=\"/opt/My Apps/gxptray\" tray --lang=ru\n") {
		t.Errorf("Exec line not as expected:\n%s", raw)
	}
	if got := splitExec(t, e["Exec"]); !slices.Equal(got, []string{exe, "tray", "--lang=ru"}) {
		t.Errorf("Exec runs %q", got)
	}
	if on, err := Enabled(); err != nil || !on {
		t.Errorf("Enabled = %v, %v", on, err)
	}
}

func TestExecQuotingRoundTrip(t *testing.T) {
	for _, args := range [][]string{
		{"/usr/bin/gxptray"},
		{"/home/a b/gxptray", "--x", ""},
		{`/home/o'neil/"quoted"/$HOME/back\slash/100%/gxptray`, "a`b`", "*?#~|&;<>()"},
		{"/opt/Телефон/gxptray", "%u", "50%"},
	} {
		v := execValue(args[0], args[1:])
		if strings.ContainsAny(v, "\n\t") {
			t.Errorf("Exec value %q spans lines", v)
		}
		unescaped := strings.NewReplacer(`\\`, `\`, `\s`, " ").Replace(v)
		got := splitExec(t, unescaped)
		if strings.Contains(args[0], "%") {
			if got[0] != "env" {
				t.Errorf("a program path with %% is not run through env: %q", got)
			}
			got = got[1:]
		}
		if !slices.Equal(got, args) {
			t.Errorf("Exec %q runs %q, want %q", v, got, args)
		}
	}
	// A literal backslash in a quoted argument is four in the file.
	if v := execValue(`/a b\c`, nil); v != `"/a b\\\\c"` {
		t.Errorf("execValue = %s", v)
	}
}

func TestDisableAndEnabled(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	if on, err := Enabled(); err != nil || on {
		t.Fatalf("Enabled before Enable = %v, %v", on, err)
	}
	if err := Disable(); err != nil {
		t.Fatalf("Disable without an entry = %v", err)
	}
	if err := Enable("/usr/bin/gxptray"); err != nil {
		t.Fatal(err)
	}
	if err := Disable(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(cfg, "autostart", "gxptray.desktop")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("entry still there: %v", err)
	}
	if on, _ := Enabled(); on {
		t.Error("Enabled after Disable")
	}
	// Desktop settings tools switch an entry off without deleting it.
	path := filepath.Join(cfg, "autostart", "gxptray.desktop")
	for _, off := range []string{"X-GNOME-Autostart-enabled=false", "Hidden=true"} {
		if err := Enable("/usr/bin/gxptray"); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(path)
		data = []byte(strings.Replace(string(data), "X-GNOME-Autostart-enabled=true", off, 1))
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if on, _ := Enabled(); on {
			t.Errorf("Enabled with %s", off)
		}
	}
	// Enable again turns it back on.
	if err := Enable("/usr/bin/gxptray"); err != nil {
		t.Fatal(err)
	}
	if on, _ := Enabled(); !on {
		t.Error("not enabled after Enable")
	}
}

func TestEnableRefusesBadCommands(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	for _, c := range [][]string{{"gxptray"}, {"./gxptray"}, {"/usr/bin/gxp\ntray"}, {"/usr/bin/gxptray", "a\nb"}} {
		if err := Enable(c[0], c[1:]...); !errors.Is(err, ErrBadCommand) {
			t.Errorf("Enable(%q) = %v, want ErrBadCommand", c, err)
		}
	}
	if on, _ := Enabled(); on {
		t.Error("a refused command left an entry")
	}
}

func TestHomeFallback(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "relative")
	if err := Enable("/usr/bin/gxptray"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(home, ".config", "autostart", "gxptray.desktop")); err != nil {
		t.Errorf("entry not under ~/.config: %v", err)
	}
}

// TestGLibRunsTheEntry lets GLib, the reference reader of desktop entries,
// launch the entry and checks the program received exactly our arguments.
func TestGLibRunsTheEntry(t *testing.T) {
	gio, err := exec.LookPath("gio")
	if err != nil {
		t.Skip("gio (libglib2.0-bin) not installed")
	}
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	out := filepath.Join(dir, "args.out")
	exe := filepath.Join(dir, `my apps`, `o'neil "$x" 100% \ `+"`x`", "record")
	if err := os.MkdirAll(filepath.Dir(exe), 0o700); err != nil {
		t.Fatal(err)
	}
	script := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > " + shellQuote(out+".tmp") + " && mv " +
		shellQuote(out+".tmp") + " " + shellQuote(out) + "\n"
	if err := os.WriteFile(exe, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	args := []string{"tray", "a b", `back\slash`, "50%", "$HOME"}
	if err := Enable(exe, args...); err != nil {
		t.Fatal(err)
	}
	entry := filepath.Join(dir, "config", "autostart", "gxptray.desktop")
	if msg, err := exec.Command(gio, "launch", entry).CombinedOutput(); err != nil {
		t.Fatalf("gio launch: %v: %s", err, msg)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, err := os.ReadFile(out)
		if err == nil {
			got := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
			if !slices.Equal(got, args) {
				t.Errorf("GLib ran the entry with %q, want %q", got, args)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the program started by gio launch never wrote its arguments")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
