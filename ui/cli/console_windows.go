package cli

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachConsole lets the one gxptray.exe, a GUI program that opens no console
// window of its own (Start menu, login, tel: links), print to the console it
// was started from: cmd.exe and PowerShell give a GUI program no standard
// handles, so it joins its parent's console and writes there. Handles that
// already work (output redirected to a file or a pipe) are kept. Only command
// lines with arguments attach: the tray process started from a console must
// not be ended when that console window closes.
func attachConsole() {
	if len(os.Args) < 2 {
		return
	}
	out := usable(windows.STD_OUTPUT_HANDLE)
	errOK := usable(windows.STD_ERROR_HANDLE)
	if out && errOK {
		return
	}
	if r, _, _ := procAttachConsole.Call(attachParentProcess); r == 0 {
		return // started without a console (Explorer, a link): nothing to print to
	}
	con, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0)
	if err != nil {
		return
	}
	if !out {
		os.Stdout = con
	}
	if !errOK {
		os.Stderr = con
	}
	if !usable(windows.STD_INPUT_HANDLE) {
		if in, err := os.Open("CONIN$"); err == nil {
			os.Stdin = in
		}
	}
}

// AttachConsole is not in x/sys/windows.
var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uintptr(0) & 0xffffffff

// usable reports whether the standard handle std leads somewhere.
func usable(std uint32) bool {
	h, err := windows.GetStdHandle(std)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	_, err = windows.GetFileType(h)
	return err == nil
}
