//go:build e2e && wine

package winee2e

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// errNoValue: reg query found no such key or value.
var errNoValue = errors.New("no such registry key or value")

// regValue is reg.exe's verb and the words naming one value of key: /v
// name, or /ve for the key's default value (name "").
func regValue(verb, key, name string) []string {
	if name == "" {
		return []string{verb, key, "/ve"}
	}
	return []string{verb, key, "/v", name}
}

// RegValue reads one value with Wine's reg.exe (name "" is the key's
// default value), as a person checks it with `reg query`.
func (s *Session) RegValue(ctx context.Context, key, name string) (string, error) {
	s.t.Helper()
	r := s.RunProgram(ctx, nil, "", "reg", regValue("query", key, name)...)
	if r.Code != 0 {
		return "", fmt.Errorf("%s\\%s: %w (%s)", key, name, errNoValue, strings.TrimSpace(r.Stdout+r.Stderr))
	}
	want := name
	if name == "" {
		want = "(Default)"
	}
	for _, line := range strings.Split(strings.ReplaceAll(r.Stdout, "\r", ""), "\n") {
		// "    NAME    REG_SZ    DATA"
		f := strings.SplitN(strings.TrimLeft(line, " "), "    ", 3)
		if len(f) >= 2 && strings.EqualFold(f[0], want) && strings.HasPrefix(f[1], "REG_") {
			if len(f) == 2 {
				return "", nil
			}
			return f[2], nil
		}
	}
	return "", fmt.Errorf("%s\\%s: %w in %q", key, name, errNoValue, r.Stdout)
}

// RegKeyExists reports whether reg query finds the key.
func (s *Session) RegKeyExists(ctx context.Context, key string) bool {
	s.t.Helper()
	return s.RunProgram(ctx, nil, "", "reg", "query", key).Code == 0
}

// RegSet writes a string value (name "" for the default) with reg.exe.
func (s *Session) RegSet(ctx context.Context, key, name, data string) {
	s.t.Helper()
	args := append(regValue("add", key, name), "/t", "REG_SZ", "/d", data, "/f")
	if r := s.RunProgram(ctx, nil, "", "reg", args...); r.Code != 0 {
		s.t.Fatalf("reg add %s: %s", key, r)
	}
}

// RegDelete removes a key and everything under it; a missing key is fine.
func (s *Session) RegDelete(ctx context.Context, key string) {
	s.t.Helper()
	if s.RegKeyExists(ctx, key) {
		if r := s.RunProgram(ctx, nil, "", "reg", "delete", key, "/f"); r.Code != 0 {
			s.t.Fatalf("reg delete %s: %s", key, r)
		}
	}
}
