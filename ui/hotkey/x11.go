//go:build linux && cgo

package hotkey

/*
#cgo CFLAGS: -I${SRCDIR}/../internal/x11safe
#cgo LDFLAGS: -lX11
#include <stdlib.h>
#include "x11.h"
*/
import "C"

import (
	"fmt"
	"os"
	"unsafe"
)

func register(c Combo, fn func()) (func() error, error) {
	d, err := openDisplay()
	if err != nil {
		return nil, err
	}
	_, info, _ := lookupKey(string(c.Key))
	g := &grab{d: d, keycode: C.gxp_hotkey_keycode(d, C.ulong(info.keysym))}
	if g.keycode == 0 {
		C.gxp_hotkey_close(d)
		return nil, fmt.Errorf("key %s is not on this keyboard layout", c.Key)
	}
	masks := C.gxp_hotkey_modmasks(d)
	g.want = wantedMask(c.Mods, masks)
	g.relevant = C.ControlMask | C.ShiftMask | masks.alt | masks.super
	g.setLocks(masks.numlock)
	if code := C.gxp_hotkey_grab(d, g.keycode, g.mods, g.n); code != 0 {
		g.release(false)
		if code == C.BadAccess {
			return nil, ErrTaken
		}
		return nil, fmt.Errorf("X11 grab failed with error code %d", code)
	}
	wakeR, wakeW, err := os.Pipe()
	if err != nil {
		g.release(true)
		return nil, err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer wakeR.Close()
		g.loop(C.int(wakeR.Fd()), fn)
	}()
	return func() error {
		wakeW.Write([]byte{0})
		<-done
		return wakeW.Close()
	}, nil
}

// openDisplay connects to the X server named by DISPLAY, or says why there
// is none to connect to.
func openDisplay() (*C.gxp_hk, error) {
	display := os.Getenv("DISPLAY")
	if display == "" {
		if os.Getenv("WAYLAND_DISPLAY") != "" {
			return nil, fmt.Errorf("%w; this is a Wayland session without X11 (DISPLAY is not set): assign the shortcut in the desktop's keyboard settings instead", ErrNoX11)
		}
		return nil, fmt.Errorf("%w: no display (DISPLAY is not set)", ErrNoX11)
	}
	name := C.CString(display)
	defer C.free(unsafe.Pointer(name))
	d := C.gxp_hotkey_open(name)
	if d == nil {
		return nil, fmt.Errorf("%w: cannot open display %q", ErrNoX11, display)
	}
	return d, nil
}

// wantedMask is the X modifier mask of the combination's modifiers.
func wantedMask(mods Modifier, masks C.gxp_modmasks) C.uint {
	var want C.uint
	for _, m := range []struct {
		mod  Modifier
		mask C.uint
	}{{ModCtrl, C.ControlMask}, {ModShift, C.ShiftMask}, {ModAlt, masks.alt}, {ModSuper, masks.super}} {
		if mods&m.mod != 0 {
			want |= m.mask
		}
	}
	return want
}

// grab is one key combination grabbed on the root window.
type grab struct {
	d              *C.gxp_hk
	keycode        C.int
	want, relevant C.uint
	mods           *C.uint // C array of the masks grabbed, n long
	n              C.int
}

// setLocks fills the masks to grab: the wanted one with every combination
// of CapsLock and NumLock too, or the hotkey would silently stop working
// while one of them is on.
func (g *grab) setLocks(numlock C.uint) {
	locks := []C.uint{0, C.LockMask}
	if numlock != 0 && numlock&g.want == 0 {
		locks = append(locks, numlock, numlock|C.LockMask)
	}
	g.mods = (*C.uint)(C.malloc(C.size_t(len(locks)) * C.size_t(unsafe.Sizeof(C.uint(0)))))
	for i, l := range locks {
		unsafe.Slice(g.mods, len(locks))[i] = g.want | l
	}
	g.n = C.int(len(locks))
}

// release ungrabs the key (when it was grabbed) and closes the display.
func (g *grab) release(grabbed bool) {
	if grabbed {
		C.gxp_hotkey_ungrab(g.d, g.keycode, g.mods, g.n)
	}
	C.free(unsafe.Pointer(g.mods))
	C.gxp_hotkey_close(g.d)
}

// loop waits for key events until wakeFD is written to (Unregister) or the
// X server goes away, calling fn for each press of the combination.
func (g *grab) loop(wakeFD C.int, fn func()) {
	var keys repeatFilter
	for {
		switch C.gxp_hotkey_wait(g.d, wakeFD) {
		case 2: // Unregister
			g.release(true)
			return
		case -1: // the X server went away (session ended)
			C.free(unsafe.Pointer(g.mods))
			C.gxp_hotkey_close(g.d)
			return
		}
		g.drain(&keys, fn)
	}
}

// drain handles the events that are waiting.
func (g *grab) drain(keys *repeatFilter, fn func()) {
	for {
		var state C.uint
		var t C.ulong
		switch C.gxp_hotkey_next(g.d, g.keycode, &state, &t) {
		case 0:
			return
		case 2:
			keys.release()
			continue
		}
		// X timestamps are 32-bit milliseconds in an unsigned long.
		if keys.press(uint32(t)) && state&g.relevant == g.want {
			fn()
		}
	}
}
