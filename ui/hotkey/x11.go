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
	_, info, _ := lookupKey(string(c.Key))
	keycode := C.gxp_hotkey_keycode(d, C.ulong(info.keysym))
	if keycode == 0 {
		C.gxp_hotkey_close(d)
		return nil, fmt.Errorf("key %s is not on this keyboard layout", c.Key)
	}
	masks := C.gxp_hotkey_modmasks(d)
	var want C.uint
	for _, m := range []struct {
		mod  Modifier
		mask C.uint
	}{{ModCtrl, C.ControlMask}, {ModShift, C.ShiftMask}, {ModAlt, masks.alt}, {ModSuper, masks.super}} {
		if c.Mods&m.mod != 0 {
			want |= m.mask
		}
	}
	// Grab with every combination of CapsLock and NumLock too, or the
	// hotkey would silently stop working while one of them is on.
	locks := []C.uint{0, C.LockMask}
	if masks.numlock != 0 && masks.numlock&want == 0 {
		locks = append(locks, masks.numlock, masks.numlock|C.LockMask)
	}
	mods := (*C.uint)(C.malloc(C.size_t(len(locks)) * C.size_t(unsafe.Sizeof(C.uint(0)))))
	modSlice := unsafe.Slice(mods, len(locks))
	for i, l := range locks {
		modSlice[i] = want | l
	}
	n := C.int(len(locks))
	if code := C.gxp_hotkey_grab(d, keycode, mods, n); code != 0 {
		C.free(unsafe.Pointer(mods))
		C.gxp_hotkey_close(d)
		if code == C.BadAccess {
			return nil, ErrTaken
		}
		return nil, fmt.Errorf("X11 grab failed with error code %d", code)
	}
	wakeR, wakeW, err := os.Pipe()
	if err != nil {
		C.gxp_hotkey_ungrab(d, keycode, mods, n)
		C.free(unsafe.Pointer(mods))
		C.gxp_hotkey_close(d)
		return nil, err
	}
	relevant := C.ControlMask | C.ShiftMask | masks.alt | masks.super
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer wakeR.Close()
		defer C.free(unsafe.Pointer(mods))
		wakeFD := C.int(wakeR.Fd())
		var keys repeatFilter
		for {
			switch C.gxp_hotkey_wait(d, wakeFD) {
			case 2: // Unregister
				C.gxp_hotkey_ungrab(d, keycode, mods, n)
				C.gxp_hotkey_close(d)
				return
			case -1: // the X server went away (session ended)
				C.gxp_hotkey_close(d)
				return
			}
			for {
				var state C.uint
				var t C.ulong
				kind := C.gxp_hotkey_next(d, keycode, &state, &t)
				if kind == 0 {
					break
				}
				if kind == 2 {
					keys.release()
					continue
				}
				// X timestamps are 32-bit milliseconds in an unsigned long.
				if keys.press(uint32(t)) && state&relevant == want {
					fn()
				}
			}
		}
	}()
	return func() error {
		wakeW.Write([]byte{0})
		<-done
		return wakeW.Close()
	}, nil
}
