package settings

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
)

// appDir is the folder GXP Tray uses inside each base directory.
const appDir = "gxptray"

// Paths are the per-user locations of GXP Tray's files.
type Paths struct {
	ConfigDir   string // settings
	ConfigFile  string // ConfigDir/settings.json
	DataDir     string // call history
	HistoryFile string // DataDir/history.json
	RuntimeDir  string // the local control socket; private to the user
	Socket      string // RuntimeDir/gxptray.sock
}

// Environment variables that replace the base directories (tests, the CLI,
// portable installs). They name the final folder: no "gxptray" is appended.
const (
	EnvConfigDir  = "GXPTRAY_CONFIG_DIR"
	EnvDataDir    = "GXPTRAY_DATA_DIR"
	EnvRuntimeDir = "GXPTRAY_RUNTIME_DIR"
)

// DefaultPaths finds the user's directories, each with a "gxptray" folder:
//
//	Linux/BSD: config  $XDG_CONFIG_HOME or ~/.config
//	           data    $XDG_DATA_HOME or ~/.local/share
//	           runtime $XDG_RUNTIME_DIR, else <temp dir>/gxptray-<uid>
//	Windows:   config  %APPDATA%; data and runtime (run\) %LOCALAPPDATA%
//	macOS:     config and data ~/Library/Application Support;
//	           runtime $XDG_RUNTIME_DIR, else $TMPDIR/gxptray-<uid>
//
// GXPTRAY_CONFIG_DIR, GXPTRAY_DATA_DIR and GXPTRAY_RUNTIME_DIR override them.
// Nothing is created: see Ensure.
func DefaultPaths() (Paths, error) {
	cfg, err := dirFromEnv(EnvConfigDir, func() (string, error) {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(base, appDir), nil
	})
	if err != nil {
		return Paths{}, err
	}
	data, err := dirFromEnv(EnvDataDir, defaultDataDir)
	if err != nil {
		return Paths{}, err
	}
	run, err := dirFromEnv(EnvRuntimeDir, defaultRuntimeDir)
	if err != nil {
		return Paths{}, err
	}
	return Paths{
		ConfigDir:   cfg,
		ConfigFile:  filepath.Join(cfg, "settings.json"),
		DataDir:     data,
		HistoryFile: filepath.Join(data, "history.json"),
		RuntimeDir:  run,
		Socket:      filepath.Join(run, "gxptray.sock"),
	}, nil
}

func dirFromEnv(name string, fallback func() (string, error)) (string, error) {
	if v := os.Getenv(name); v != "" {
		abs, err := filepath.Abs(v)
		if err != nil {
			return "", fmt.Errorf("$%s: %w", name, err)
		}
		return abs, nil
	}
	dir, err := fallback()
	if err != nil {
		return "", fmt.Errorf("settings paths: %w", err)
	}
	return dir, nil
}

func defaultDataDir() (string, error) {
	switch runtime.GOOS {
	case "windows":
		if v := os.Getenv("LOCALAPPDATA"); v != "" {
			return filepath.Join(v, appDir), nil
		}
		return "", errors.New("%LOCALAPPDATA% is not set")
	case "darwin", "ios":
		base, err := os.UserConfigDir() // ~/Library/Application Support
		if err != nil {
			return "", err
		}
		return filepath.Join(base, appDir), nil
	}
	if v := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(v) {
		return filepath.Join(v, appDir), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(home, ".local", "share", appDir), nil
}

func defaultRuntimeDir() (string, error) {
	if runtime.GOOS == "windows" {
		if v := os.Getenv("LOCALAPPDATA"); v != "" {
			return filepath.Join(v, appDir, "run"), nil
		}
		return "", errors.New("%LOCALAPPDATA% is not set")
	}
	if v := os.Getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(v) {
		return filepath.Join(v, appDir), nil
	}
	// A shared temp directory: the uid keeps users apart, Ensure checks
	// that the folder is really ours.
	return filepath.Join(os.TempDir(), appDir+"-"+strconv.Itoa(os.Getuid())), nil
}

// ErrUnsafeDir: a directory GXP Tray would use belongs to someone else or is
// open to other users (a risk for the runtime folder in a shared /tmp).
var ErrUnsafeDir = errors.New("directory is not private to this user")

// Ensure creates the directories (mode 0700) and, on Unix, checks that the
// runtime directory is a real directory owned by this user and closed to
// others (it is tightened to 0700 when it is ours but wider).
func (p Paths) Ensure() error {
	for _, d := range []string{p.ConfigDir, p.DataDir, p.RuntimeDir} {
		if d == "" {
			continue
		}
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("settings paths: %w", err)
		}
	}
	if p.RuntimeDir == "" {
		return nil
	}
	return checkPrivateDir(p.RuntimeDir)
}
