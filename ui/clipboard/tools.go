//go:build !windows

package clipboard

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/gxptray/gxptray/ui/settings"
)

type tool struct {
	name string
	args []string
}

// tools lists the programs that can print the clipboard here, best first.
func tools() []tool {
	if runtime.GOOS == "darwin" {
		return []tool{{"pbpaste", nil}}
	}
	var t []tool
	if os.Getenv("WAYLAND_DISPLAY") != "" {
		t = append(t, tool{"wl-paste", []string{"--no-newline", "--type", "text"}})
	}
	if os.Getenv("DISPLAY") != "" {
		t = append(t,
			tool{"xclip", []string{"-o", "-selection", "clipboard"}},
			tool{"xsel", []string{"--clipboard", "--output"}})
	}
	return t
}

// readTool reads the clipboard by running the first installed tool.
func readTool(ctx context.Context) (string, error) {
	candidates := tools()
	if len(candidates) == 0 {
		return "", fmt.Errorf("%w: no display (neither DISPLAY nor WAYLAND_DISPLAY is set)", ErrUnavailable)
	}
	var names []string
	for _, t := range candidates {
		path, err := exec.LookPath(t.name)
		if err != nil {
			names = append(names, t.name)
			continue
		}
		return runTool(ctx, path, t.args)
	}
	return "", fmt.Errorf("%w: install %s to read it", ErrUnavailable, strings.Join(names, " or "))
}

func runTool(ctx context.Context, path string, args []string) (string, error) {
	cmd := exec.CommandContext(ctx, path, args...)
	// Own process group, killed as a whole: a helper the tool started must
	// not keep the pipes (and us) waiting.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Env = settings.WithoutSecrets(os.Environ()) // a clipboard tool needs no passcode
	killGroup := func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.Cancel = killGroup
	cmd.WaitDelay = time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &limitedWriter{w: &stderr, n: 1024}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	if err := cmd.Start(); err != nil {
		return "", err
	}
	data, readErr := io.ReadAll(io.LimitReader(out, MaxBytes+1))
	if len(data) > MaxBytes {
		killGroup()
		cmd.Wait()
		return "", ErrTooLarge
	}
	err = cmd.Wait()
	if ctx.Err() != nil {
		return "", fmt.Errorf("%w: %w", ErrNoAnswer, ctx.Err())
	}
	if readErr != nil {
		return "", readErr
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		msg := strings.ToLower(stderr.String())
		if strings.Contains(msg, "display") || strings.Contains(msg, "connect") {
			return "", fmt.Errorf("%w: %s", ErrUnavailable, strings.TrimSpace(stderr.String()))
		}
		// "Nothing is copied", "target STRING not available": no text.
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return cleanText(data), nil
}

// limitedWriter keeps the first n bytes and drops the rest.
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}
