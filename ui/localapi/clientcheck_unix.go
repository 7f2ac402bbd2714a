//go:build unix

package localapi

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"syscall"
)

// currentUID is the user the client must find on the other end (a variable
// so tests, which run as root, can pose as another user).
var currentUID = os.Geteuid

// checkServerDir makes the client as strict as the server (prepareDir): the
// socket's directory must be a real directory (not a symbolic link) owned by
// this user with mode 0700. Anything else may be another user's trap: a
// /tmp/gxptray-UID made by someone else, with a fake tray listening in it.
func checkServerDir(socketPath string) error {
	dir := filepath.Dir(socketPath)
	fi, err := os.Lstat(dir)
	if err != nil {
		return nil // no directory: nothing listens, Dial says so
	}
	switch st, ok := fi.Sys().(*syscall.Stat_t); {
	case fi.Mode()&os.ModeSymlink != 0:
		return &NotTrustedError{Path: dir, Reason: "it is a symbolic link"}
	case !fi.IsDir():
		return &NotTrustedError{Path: dir, Reason: "it is not a directory"}
	case ok && int(st.Uid) != currentUID():
		return &NotTrustedError{Path: dir, Reason: fmt.Sprintf("it belongs to another user (uid %d)", st.Uid)}
	case fi.Mode().Perm() != 0o700:
		return &NotTrustedError{Path: dir, Reason: fmt.Sprintf("other users may write in it (mode %04o, not 0700)", fi.Mode().Perm())}
	}
	return nil
}

// checkServerPeer refuses a server process of another user, where the OS
// tells (SO_PEERCRED), as the server refuses clients of another user.
func checkServerPeer(socketPath string, c net.Conn) error {
	uid, _, known, err := peerCred(c)
	if err != nil {
		return &NotTrustedError{Path: socketPath, Reason: "its owner cannot be read: " + err.Error()}
	}
	if known && uid != currentUID() {
		return &NotTrustedError{Path: socketPath, Reason: fmt.Sprintf("the process listening on it runs as another user (uid %d)", uid)}
	}
	return nil
}
