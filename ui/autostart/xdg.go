//go:build !windows && !darwin

package autostart

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// entryPath is $XDG_CONFIG_HOME/autostart/gxptray.desktop (~/.config when
// XDG_CONFIG_HOME is unset or relative, as the XDG spec says).
func entryPath() (string, error) {
	base := os.Getenv("XDG_CONFIG_HOME")
	if !filepath.IsAbs(base) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("autostart: %w", err)
		}
		base = filepath.Join(home, ".config")
	}
	return filepath.Join(base, "autostart", "gxptray.desktop"), nil
}

// entryDirPerm: $XDG_CONFIG_HOME is the user's own (0700, as the XDG spec
// says for the directories it creates).
const entryDirPerm = 0o700

// Enabled reports whether the entry exists and is not switched off (Hidden=true
// or X-GNOME-Autostart-enabled=false, which session settings tools write).
func Enabled() (bool, error) {
	path, err := entryPath()
	if err != nil {
		return false, err
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("autostart: %w", err)
	}
	inMain := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			inMain = line == "[Desktop Entry]"
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !inMain || !ok {
			continue
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if key == "Hidden" && val == "true" || key == "X-GNOME-Autostart-enabled" && val == "false" {
			return false, nil
		}
	}
	return true, nil
}

// entry is the desktop entry that runs exe with args at login.
func entry(exe string, args []string) ([]byte, error) {
	var b strings.Builder
	b.WriteString("[Desktop Entry]\n")
	b.WriteString("Type=Application\n")
	b.WriteString("Name=" + Name + "\n")
	b.WriteString("Comment=Grandstream desk phone companion\n")
	b.WriteString("Exec=" + execValue(exe, args) + "\n")
	b.WriteString("Icon=gxptray\n")
	b.WriteString("Terminal=false\n")
	b.WriteString("X-GNOME-Autostart-enabled=true\n")
	return []byte(b.String()), nil
}

// execValue writes the Exec key as the Desktop Entry Specification wants:
// arguments with reserved characters in double quotes with " ` $ \ escaped,
// '%' doubled (field codes), and then the string-level escaping that doubles
// every backslash again (so a literal backslash in a quoted argument is four
// backslashes in the file).
//
// GLib checks that the program exists before it expands "%%", so it refuses
// an entry whose program path holds a '%'; such a path is handed to env.
func execValue(exe string, args []string) string {
	argv := append([]string{exe}, args...)
	if strings.Contains(exe, "%") {
		argv = append([]string{"env"}, argv...)
	}
	parts := make([]string, 0, len(argv))
	for _, a := range argv {
		parts = append(parts, quoteExecArg(a))
	}
	v := strings.Join(parts, " ")
	return strings.ReplaceAll(v, `\`, `\\`)
}

const execReserved = " \t\n\"'\\><~|&;$*?#()`"

func quoteExecArg(a string) string {
	a = strings.ReplaceAll(a, "%", "%%")
	if a != "" && !strings.ContainsAny(a, execReserved) {
		return a
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range a {
		if strings.ContainsRune("\"`$\\", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}
