package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// The phone's web interface calls the secret a password, and so does GXP
// Tray. Its first releases said "passcode" (the CTI API's parameter name):
// those names still work, so scripts written for them keep running.

// passwordEnv is $GXPTRAY_PASSWORD, else the older $GXPTRAY_PASSCODE.
func passwordEnv(getenv func(string) string) string {
	if p := getenv("GXPTRAY_PASSWORD"); p != "" {
		return p
	}
	return getenv("GXPTRAY_PASSCODE")
}

// passcodeFileText is the password in the file of --password-file, without
// its line end.
func passcodeFileText(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", usagef(fmt.Sprintf("--password-file: %v", err))
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// firstLine is r's first line without its line end (a password piped in);
// ok is false when r has nothing to read.
func firstLine(r io.Reader) (line string, ok bool) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && line == "" {
		return "", false
	}
	return strings.TrimRight(line, "\r\n"), true
}

// legacyCommand is the command's name for its older one: "passcode" is
// "password".
func legacyCommand(name string) string {
	if name == "passcode" {
		return "password"
	}
	return name
}

// legacyFlags renames the older --passcode-file and --passcode-stdin
// options (before the command name only, where global options go).
func legacyFlags(args []string) []string {
	out := make([]string, len(args))
	copy(out, args)
	valueNext := false // the previous option takes this argument as its value
	for i, a := range out {
		if valueNext {
			valueNext = false
			continue
		}
		if !strings.HasPrefix(a, "-") || a == "--" {
			break // the command
		}
		name := strings.TrimLeft(a, "-")
		if k, _, found := strings.Cut(name, "="); found {
			name = k
		} else {
			valueNext = globalValueFlags[name]
		}
		if name == "passcode-file" || name == "passcode-stdin" {
			out[i] = strings.Replace(a, "passcode", "password", 1)
		}
	}
	return out
}

// globalValueFlags are the global options that take a value.
var globalValueFlags = map[string]bool{"phone": true, "password-file": true, "passcode-file": true, "contacts": true}
