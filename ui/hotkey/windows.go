//go:build windows

package hotkey

import (
	"errors"
	"fmt"
	"runtime"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32               = windows.NewLazySystemDLL("user32.dll")
	procRegisterHotKey   = user32.NewProc("RegisterHotKey")
	procUnregisterHotKey = user32.NewProc("UnregisterHotKey")
	procGetMessageW      = user32.NewProc("GetMessageW")
	procPeekMessageW     = user32.NewProc("PeekMessageW")
	procPostThreadMsgW   = user32.NewProc("PostThreadMessageW")
)

const (
	modAlt      = 0x0001
	modControl  = 0x0002
	modShift    = 0x0004
	modWin      = 0x0008
	modNoRepeat = 0x4000

	wmQuit     = 0x0012
	wmHotkey   = 0x0312
	wmUser     = 0x0400
	pmNoRemove = 0x0000

	errorHotkeyAlreadyRegistered = windows.Errno(1409)
)

type msg struct {
	hwnd     uintptr
	message  uint32
	wParam   uintptr
	lParam   uintptr
	time     uint32
	pt       struct{ x, y int32 }
	lPrivate uint32
}

// register runs a message loop on its own locked OS thread: WM_HOTKEY is
// posted to the thread that called RegisterHotKey.
func register(c Combo, fn func()) (func() error, error) {
	_, info, _ := lookupKey(string(c.Key))
	mods := uintptr(modNoRepeat)
	for _, m := range []struct {
		mod  Modifier
		flag uintptr
	}{{ModCtrl, modControl}, {ModShift, modShift}, {ModAlt, modAlt}, {ModSuper, modWin}} {
		if c.Mods&m.mod != 0 {
			mods |= m.flag
		}
	}
	type started struct {
		thread uint32
		err    error
	}
	ready := make(chan started, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		var m msg
		// Creates the thread's message queue so that PostThreadMessage works.
		procPeekMessageW.Call(uintptr(unsafe.Pointer(&m)), 0, wmUser, wmUser, pmNoRemove)
		const id = 1
		if r, _, err := procRegisterHotKey.Call(0, id, mods, uintptr(info.vk)); r == 0 {
			if errors.Is(err, errorHotkeyAlreadyRegistered) {
				err = ErrTaken
			}
			ready <- started{err: fmt.Errorf("RegisterHotKey: %w", err)}
			return
		}
		ready <- started{thread: windows.GetCurrentThreadId()}
		for {
			r, _, _ := procGetMessageW.Call(uintptr(unsafe.Pointer(&m)), 0, 0, 0)
			if int32(r) <= 0 { // WM_QUIT or error
				break
			}
			if m.message == wmHotkey && m.wParam == id {
				fn()
			}
		}
		procUnregisterHotKey.Call(0, id)
	}()
	s := <-ready
	if s.err != nil {
		<-done
		return nil, s.err
	}
	return func() error {
		if r, _, err := procPostThreadMsgW.Call(uintptr(s.thread), wmQuit, 0, 0); r == 0 {
			return fmt.Errorf("stop hotkey thread: %w", err)
		}
		<-done
		return nil
	}, nil
}
