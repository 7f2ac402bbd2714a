//go:build unix

package localapi

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"syscall"
)

// listenEndpoint listens on the unix socket at path, made private (0600),
// and returns the socket file as created so that Close removes only ours.
func listenEndpoint(path string) (net.Listener, os.FileInfo, error) {
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		if len(path) >= 104 {
			return nil, nil, fmt.Errorf("listening on %s: %w (the path is %d bytes; sockets allow about 100: use a shorter runtime directory)", path, err, len(path))
		}
		return nil, nil, fmt.Errorf("listening on %s: %w", path, err)
	}
	// Close must not remove a socket another process created after ours
	// went away; Server.Close removes it only if it is still ours.
	ln.SetUnlinkOnClose(false)
	if err := secureSocket(path); err != nil {
		ln.Close()
		os.Remove(path)
		return nil, nil, fmt.Errorf("making the socket private: %w", err)
	}
	fi, err := os.Lstat(path)
	if err != nil {
		ln.Close()
		return nil, nil, fmt.Errorf("checking the socket: %w", err)
	}
	return ln, fi, nil
}

// dialEndpoint connects to the unix socket at path.
func dialEndpoint(ctx context.Context, path string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, "unix", path)
}

// prepareDir creates the socket's directory 0700, or checks that an existing
// one is a real directory of this user and tightens its mode: the directory is
// what keeps other users away from the socket where SO_PEERCRED is missing.
func prepareDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating the socket directory: %w", err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("checking the socket directory: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("socket directory %s is not a directory (a symbolic link?)", dir)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Geteuid() {
		return fmt.Errorf("socket directory %s belongs to another user (uid %d)", dir, st.Uid)
	}
	if fi.Mode().Perm() != 0o700 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("making the socket directory private: %w", err)
		}
	}
	return nil
}

// secureSocket makes the socket file private whatever the umask was.
func secureSocket(path string) error { return os.Chmod(path, 0o600) }

// isSocket reports whether fi is a unix socket (and so may be a stale one of
// ours); anything else at the path is left alone.
func isSocket(fi fs.FileInfo) bool { return fi.Mode()&fs.ModeSocket != 0 }

// isRefused: the socket file exists but nobody accepts on it (stale).
func isRefused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }

// isMissing: there is no socket file.
func isMissing(err error) bool { return errors.Is(err, fs.ErrNotExist) }
