//go:build linux

package localapi

import (
	"errors"
	"net"
	"syscall"
)

// peerCred returns the uid and pid of the process at the other end of a unix
// socket connection. known is false where the OS cannot tell.
func peerCred(c net.Conn) (uid, pid int, known bool, err error) {
	uc, ok := c.(*net.UnixConn)
	if !ok {
		return 0, 0, false, errors.New("not a unix socket connection")
	}
	raw, err := uc.SyscallConn()
	if err != nil {
		return 0, 0, false, err
	}
	var cred *syscall.Ucred
	var credErr error
	if err := raw.Control(func(fd uintptr) {
		cred, credErr = syscall.GetsockoptUcred(int(fd), syscall.SOL_SOCKET, syscall.SO_PEERCRED)
	}); err != nil {
		return 0, 0, false, err
	}
	if credErr != nil {
		return 0, 0, false, credErr
	}
	return int(cred.Uid), int(cred.Pid), true, nil
}
