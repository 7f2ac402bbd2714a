package tray

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func windowLauncher(t *testing.T) (*launcher, string) {
	t.Helper()
	log := filepath.Join(t.TempDir(), "windows.log")
	env := append(os.Environ(), testRole+"=window", testLog+"="+log, "GXPTRAY_CONFIG_DIR=/somewhere/else")
	paths := testPaths(t)
	l := newLauncher(os.Args[0], windowEnv(env, paths), quietLog())
	t.Cleanup(func() { l.Close(5 * time.Second) })
	return l, log
}

func TestLauncherOneProcessPerWindow(t *testing.T) {
	l, log := windowLauncher(t)
	if err := l.Open("dialpad"); err != nil {
		t.Fatal(err)
	}
	lines := logLines(t, log, 1)
	if !strings.HasPrefix(lines[0], "ui dialpad | config=") || strings.Contains(lines[0], "/somewhere/else") {
		t.Errorf("window started as %q (want `ui dialpad` with this process's config dir)", lines[0])
	}
	// Asked again while it is open: nothing new.
	if err := l.Open("dialpad"); err != nil {
		t.Fatal(err)
	}
	// Popups of two lines are two windows.
	if err := l.Open("popup", "--line", "1"); err != nil {
		t.Fatal(err)
	}
	if err := l.Open("popup", "--line", "2"); err != nil {
		t.Fatal(err)
	}
	lines = logLines(t, log, 3)
	if n := l.openCount(); n != 3 {
		t.Errorf("%d window processes, want 3", n)
	}
	var started []string
	for _, ln := range lines {
		started = append(started, strings.SplitN(ln, " | ", 2)[0])
	}
	slices.Sort(started)
	if want := []string{"ui dialpad", "ui popup --line 1", "ui popup --line 2"}; !slices.Equal(started, want) {
		t.Errorf("started %q, want %q", started, want)
	}

	l.Close(5 * time.Second)
	if n := l.openCount(); n != 0 {
		t.Errorf("%d windows still running after Close", n)
	}
	if err := l.Open("dialpad"); err == nil {
		t.Error("Open after Close started a window")
	}
}

func TestLauncherReopensAClosedWindow(t *testing.T) {
	l, log := windowLauncher(t)
	if err := l.Open("history", "--exit"); err != nil {
		t.Fatal(err)
	}
	logLines(t, log, 1)
	eventually(t, "the window process to be reaped", func() bool { return l.openCount() == 0 })
	if err := l.Open("history", "--exit"); err != nil {
		t.Fatal(err)
	}
	logLines(t, log, 2)
}

func TestLauncherRefusesUnknownWindowsAndBadArguments(t *testing.T) {
	l, _ := windowLauncher(t)
	for _, name := range []string{"", "nope", "../../bin/sh", "dialpad --evil"} {
		if err := l.Open(name); !errors.Is(err, ErrUnknownWindow) {
			t.Errorf("Open(%q) = %v, want ErrUnknownWindow", name, err)
		}
	}
	if err := l.Open("popup", "--line", "1\n2"); err == nil {
		t.Error("an argument with a newline was accepted")
	}
	if n := l.openCount(); n != 0 {
		t.Errorf("%d windows started", n)
	}
}

func TestLauncherMissingProgram(t *testing.T) {
	l := newLauncher(filepath.Join(t.TempDir(), "no-such-gxptray"), nil, quietLog())
	if err := l.Open("main"); err == nil {
		t.Error("Open of a missing program succeeded")
	}
}

func TestWindowEnvPinsThePaths(t *testing.T) {
	p := testPaths(t)
	env := windowEnv([]string{"HOME=/home/u", "GXPTRAY_DATA_DIR=/old", "GXPTRAY_PASSCODE_X=1"}, p)
	want := []string{"HOME=/home/u", // no secret variable
		"GXPTRAY_CONFIG_DIR=" + p.ConfigDir, "GXPTRAY_DATA_DIR=" + p.DataDir, "GXPTRAY_RUNTIME_DIR=" + p.RuntimeDir}
	if !slices.Equal(env, want) {
		t.Errorf("env %q, want %q", env, want)
	}
}

// Window processes get no secret of the tray's environment: a tray started
// with GXPTRAY_PASSCODE (or any other secret variable) keeps it to itself.
func TestWindowsGetNoSecretsInTheirEnvironment(t *testing.T) {
	log := filepath.Join(t.TempDir(), "windows.log")
	env := append(os.Environ(), testRole+"=window", testLog+"="+log,
		"GXPTRAY_PASSCODE=s3cret-from-env", "GXPTRAY_CONTACTS_PASSWORD=carddav-secret", "GXPTRAY_PHONE=http://192.0.2.1")
	l := newLauncher(os.Args[0], windowEnv(env, testPaths(t)), quietLog())
	t.Cleanup(func() { l.Close(5 * time.Second) })
	if err := l.Open("dialpad"); err != nil {
		t.Fatal(err)
	}
	line := logLines(t, log, 1)[0]
	_, names, _ := strings.Cut(line, " | env=")
	if strings.Contains(names, "PASSCODE") || strings.Contains(names, "PASSWORD") {
		t.Fatalf("the window's environment holds secrets: %s", names)
	}
	if !strings.Contains(names, "GXPTRAY_PHONE") || !strings.Contains(names, "GXPTRAY_CONFIG_DIR") {
		t.Fatalf("the window lost what it needs: %s", names)
	}
}
