package localapi

import (
	"fmt"
	"net"

	"golang.org/x/sys/windows"
)

// checkServerDir: the pipe has no directory; its access list (pipeSDDL) and
// the check of its server's user below take that part.
func checkServerDir(string) error { return nil }

// checkServerPeer refuses a pipe served by a process of another user, as
// SO_PEERCRED does on Linux: another user who took the pipe's name first
// (a pipe name is global to the machine) would otherwise receive this
// user's commands. The server's process id comes from the pipe
// (GetNamedPipeServerProcessId), its user from the process token.
func checkServerPeer(socketPath string, c net.Conn) error {
	name := PipeName(socketPath)
	f, ok := c.(interface{ Fd() uintptr })
	if !ok {
		return &NotTrustedError{Path: name, Reason: "it is not a named pipe"}
	}
	var pid uint32
	if err := windows.GetNamedPipeServerProcessId(windows.Handle(f.Fd()), &pid); err != nil {
		return &NotTrustedError{Path: name, Reason: "its server process cannot be found: " + err.Error()}
	}
	owner, err := processUser(pid)
	if err != nil {
		return &NotTrustedError{Path: name, Reason: fmt.Sprintf("the user of the process serving it (pid %d) cannot be read: %v", pid, err)}
	}
	me, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return &NotTrustedError{Path: name, Reason: "this user's SID cannot be read: " + err.Error()}
	}
	if !owner.Equals(me.User.Sid) {
		return &NotTrustedError{Path: name, Reason: fmt.Sprintf("the process serving it (pid %d) runs as another user (%s)", pid, owner)}
	}
	return nil
}

// processUser is the SID of the user a process runs as.
func processUser(pid uint32) (*windows.SID, error) {
	h, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return nil, err
	}
	defer windows.CloseHandle(h)
	var tok windows.Token
	if err := windows.OpenProcessToken(h, windows.TOKEN_QUERY, &tok); err != nil {
		return nil, err
	}
	defer tok.Close()
	u, err := tok.GetTokenUser()
	if err != nil {
		return nil, err
	}
	return u.User.Sid.Copy()
}
