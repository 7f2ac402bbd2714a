//go:build !windows

package clipboard

import (
	"context"
	"errors"
	"os/exec"
	"testing"
	"time"
)

func TestToolOutputIsBounded(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	ctx := context.Background()
	run := func(script string) (string, error) { return runTool(ctx, sh, []string{"-c", script}) }

	if got, err := run(`printf '+7 (495) 123-45-67'`); err != nil || got != "+7 (495) 123-45-67" {
		t.Errorf("plain: %q, %v", got, err)
	}
	if got, err := run(`printf 'a\377b'`); err != nil || got != "a\uFFFDb" {
		t.Errorf("invalid UTF-8: %q, %v", got, err)
	}
	if _, err := run(`head -c 100000 /dev/zero`); !errors.Is(err, ErrTooLarge) {
		t.Errorf("large: %v", err)
	}
	if got, err := run(`echo "Nothing is copied" >&2; exit 1`); err != nil || got != "" {
		t.Errorf("empty clipboard: %q, %v", got, err)
	}
	if _, err := run(`echo "Error: Can't open display: :9" >&2; exit 1`); !errors.Is(err, ErrUnavailable) {
		t.Errorf("no display: %v", err)
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := runTool(short, sh, []string{"-c", "exec sleep 30"}); !errors.Is(err, ErrNoAnswer) {
		t.Errorf("hung tool: %v", err)
	}
}
