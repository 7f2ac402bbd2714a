package settings

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

func TestDefaultPathsXDG(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("XDG layout")
	}
	base := t.TempDir()
	for _, v := range []string{EnvConfigDir, EnvDataDir, EnvRuntimeDir} {
		t.Setenv(v, "")
	}
	t.Setenv("HOME", filepath.Join(base, "home"))
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(base, "cfg"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(base, "data"))
	t.Setenv("XDG_RUNTIME_DIR", filepath.Join(base, "run"))
	p, err := DefaultPaths()
	if err != nil {
		t.Fatal(err)
	}
	want := Paths{
		ConfigDir:   filepath.Join(base, "cfg", "gxptray"),
		ConfigFile:  filepath.Join(base, "cfg", "gxptray", "settings.json"),
		DataDir:     filepath.Join(base, "data", "gxptray"),
		HistoryFile: filepath.Join(base, "data", "gxptray", "history.json"),
		RuntimeDir:  filepath.Join(base, "run", "gxptray"),
		Socket:      filepath.Join(base, "run", "gxptray", "gxptray.sock"),
	}
	if p != want {
		t.Errorf("DefaultPaths =\n%+v\nwant\n%+v", p, want)
	}

	// Unset (or relative, which the spec says to ignore) XDG variables.
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("XDG_DATA_HOME", "relative/dir")
	t.Setenv("XDG_RUNTIME_DIR", "")
	t.Setenv("TMPDIR", filepath.Join(base, "tmp"))
	p, err = DefaultPaths()
	if err != nil {
		t.Fatal(err)
	}
	if p.ConfigDir != filepath.Join(base, "home", ".config", "gxptray") ||
		p.DataDir != filepath.Join(base, "home", ".local", "share", "gxptray") ||
		p.RuntimeDir != filepath.Join(base, "tmp", "gxptray-"+strconv.Itoa(os.Getuid())) {
		t.Errorf("fallbacks: %+v", p)
	}
}

// pathsUnder points the directory overrides at base/config, base/data and
// base/run, and returns DefaultPaths.
func pathsUnder(t *testing.T, base string) Paths {
	t.Helper()
	t.Setenv(EnvConfigDir, filepath.Join(base, "config"))
	t.Setenv(EnvDataDir, filepath.Join(base, "data"))
	t.Setenv(EnvRuntimeDir, filepath.Join(base, "run"))
	p, err := DefaultPaths()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultPathsOverrides(t *testing.T) {
	base := t.TempDir()
	p := pathsUnder(t, base)
	if p.ConfigFile != filepath.Join(base, "config", "settings.json") || p.HistoryFile != filepath.Join(base, "data", "history.json") ||
		p.Socket != filepath.Join(base, "run", "gxptray.sock") {
		t.Errorf("overrides: %+v", p)
	}
	if err := p.Ensure(); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{p.ConfigDir, p.DataDir, p.RuntimeDir} {
		fi, err := os.Stat(d)
		if err != nil || !fi.IsDir() {
			t.Fatalf("%s not created: %v", d, err)
		}
		if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700 {
			t.Errorf("%s mode %v, want 0700", d, fi.Mode().Perm())
		}
	}
	// A relative override is made absolute.
	t.Setenv(EnvConfigDir, "rel")
	p, _ = DefaultPaths()
	if !filepath.IsAbs(p.ConfigDir) {
		t.Errorf("relative override kept: %s", p.ConfigDir)
	}
}

func TestEnsureRuntimeDirIsPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix permissions")
	}
	base := t.TempDir()
	run := filepath.Join(base, "run")
	if err := os.Mkdir(run, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(run, 0o777); err != nil {
		t.Fatal(err)
	}
	p := Paths{RuntimeDir: run}
	if err := p.Ensure(); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(run); fi.Mode().Perm() != 0o700 {
		t.Errorf("open runtime dir left at %v", fi.Mode().Perm())
	}
	// A symlink planted where the runtime dir should be is refused.
	target := filepath.Join(base, "elsewhere")
	_ = os.Mkdir(target, 0o700)
	link := filepath.Join(base, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := (Paths{RuntimeDir: link}).Ensure(); !errors.Is(err, ErrUnsafeDir) {
		t.Errorf("Ensure(symlink) = %v, want ErrUnsafeDir", err)
	}
}
