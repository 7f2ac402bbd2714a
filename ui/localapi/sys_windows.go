//go:build windows

package localapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/Microsoft/go-winio"
	"golang.org/x/sys/windows"
)

// On Windows the local API is a named pipe, the platform's convention for a
// per-user local endpoint: it works on every Windows 10/11 (and under Wine,
// which has no AF_UNIX), and its access list admits the current user only.
// The pipe vanishes with the process, so there is never a stale one; its
// name has a single owner (the first instance), which makes it the
// single-instance check as well.

// PipeName is the named pipe that stands for the socket path: one per user
// profile and runtime directory (GXPTRAY_RUNTIME_DIR gives tests their own).
func PipeName(socketPath string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(filepath.Clean(socketPath))))
	return `\\.\pipe\gxptray-` + hex.EncodeToString(sum[:8])
}

// pipeSDDL is the pipe's security descriptor: full access for the user's SID
// only, no inherited entries (so not even Administrators or other sessions
// of other users can open it).
func pipeSDDL() (string, error) {
	tok := windows.GetCurrentProcessToken()
	u, err := tok.GetTokenUser()
	if err != nil {
		return "", fmt.Errorf("reading the user's SID: %w", err)
	}
	return "D:P(A;;GA;;;" + u.User.Sid.String() + ")", nil
}

func listenEndpoint(path string) (net.Listener, os.FileInfo, error) {
	sddl, err := pipeSDDL()
	if err != nil {
		return nil, nil, err
	}
	name := PipeName(path)
	ln, err := winio.ListenPipe(name, &winio.PipeConfig{
		SecurityDescriptor: sddl,
		InputBufferSize:    64 << 10,
		OutputBufferSize:   64 << 10,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("listening on %s: %w", name, err)
	}
	return ln, nil, nil
}

func dialEndpoint(ctx context.Context, path string) (net.Conn, error) {
	return winio.DialPipeContext(ctx, PipeName(path))
}

// prepareDir creates the runtime directory (the notification icon lives
// there). Windows has no mode bits to tighten; it is in the user's profile.
func prepareDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating the socket directory: %w", err)
	}
	return nil
}

// isSocket: there is no socket file on Windows, so nothing is ever stale.
func isSocket(fs.FileInfo) bool { return false }

// isRefused never holds for a pipe: one whose instances are all busy is
// waited for until the dial's deadline.
func isRefused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }

// isMissing: no pipe of that name (nothing runs).
func isMissing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ERROR_PATH_NOT_FOUND)
}
