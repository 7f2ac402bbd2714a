//go:build linux && cgo

package clipboard

/*
#cgo CFLAGS: -I${SRCDIR}/../internal/x11safe
#cgo LDFLAGS: -lX11 -lXfixes -ldl
#include <stdlib.h>
#include "x11.h"
*/
import "C"

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
	"unsafe"
)

// watchReadTimeout bounds each read after a change notification.
const watchReadTimeout = time.Second

func read(ctx context.Context) (string, error) {
	display := os.Getenv("DISPLAY")
	if display == "" {
		return readTool(ctx)
	}
	x, err := openX11(display, false)
	if err != nil {
		if os.Getenv("WAYLAND_DISPLAY") != "" {
			return readTool(ctx)
		}
		return "", err
	}
	defer x.close()
	return x.read(ctx)
}

func watch(ctx context.Context, fn func(string)) error {
	display := os.Getenv("DISPLAY")
	if display == "" {
		return poll(ctx, fn, PollInterval)
	}
	x, err := openX11(display, true)
	if err != nil {
		return err
	}
	defer x.close()
	if x.c.fixes_event < 0 {
		x.close()
		return poll(ctx, fn, PollInterval)
	}
	ch := changes{fn: fn}
	deliver := func() error {
		rctx, cancel := context.WithTimeout(ctx, watchReadTimeout)
		defer cancel()
		text, err := x.read(rctx)
		switch {
		case err == nil:
			ch.offer(text)
		case errors.Is(err, ErrTooLarge):
			ch.offer("")
		case errors.Is(err, errDisplayGone), ctx.Err() != nil:
			return err
		}
		return nil
	}
	if err := deliver(); err != nil {
		return ignoreCancel(ctx, err)
	}
	for {
		switch r := x.waitChange(ctx); r {
		case C.GXP_CLIP_CHANGED:
			if err := deliver(); err != nil {
				return ignoreCancel(ctx, err)
			}
		case C.GXP_CLIP_WOKEN:
			return nil
		default:
			return errDisplayGone
		}
	}
}

func ignoreCancel(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}

var errDisplayGone = fmt.Errorf("%w: the X display went away", ErrUnavailable)

// x11 is one connection with a hidden window that receives the selection.
type x11 struct {
	c      *C.gxp_clip
	wakeR  *os.File // readable when the caller's context ends
	wakeW  *os.File
	closed bool
}

func openX11(display string, watch bool) (*x11, error) {
	name := C.CString(display)
	defer C.free(unsafe.Pointer(name))
	w := C.int(0)
	if watch {
		w = 1
	}
	c := C.gxp_clip_open(name, w)
	if c == nil {
		return nil, fmt.Errorf("%w: cannot open X display %q", ErrUnavailable, display)
	}
	r, wr, err := os.Pipe()
	if err != nil {
		C.gxp_clip_close(c)
		return nil, err
	}
	return &x11{c: c, wakeR: r, wakeW: wr}, nil
}

func (x *x11) close() {
	if x.closed {
		return
	}
	x.closed = true
	C.gxp_clip_close(x.c)
	x.wakeR.Close()
	x.wakeW.Close()
}

// wakeOn makes the wake pipe readable when ctx ends. The returned stop
// must run before the pipe is waited on again: it takes back a wake-up
// byte so that a per-read deadline does not end the next wait too.
func (x *x11) wakeOn(ctx context.Context) (stop func()) {
	written := make(chan struct{})
	stopAfter := context.AfterFunc(ctx, func() {
		x.wakeW.Write([]byte{0})
		close(written)
	})
	return func() {
		if !stopAfter() {
			<-written
			var b [1]byte
			x.wakeR.Read(b[:])
		}
	}
}

func (x *x11) read(ctx context.Context) (string, error) {
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(DefaultTimeout)
	}
	ms := time.Until(deadline).Milliseconds()
	if ms <= 0 {
		return "", fmt.Errorf("%w: %w", ErrNoAnswer, context.DeadlineExceeded)
	}
	stop := x.wakeOn(ctx)
	defer stop()
	buf := (*C.char)(C.malloc(MaxBytes))
	defer C.free(unsafe.Pointer(buf))
	var n, isLatin1 C.int
	r := C.gxp_clip_read(x.c, C.int(x.wakeR.Fd()), C.int(ms), buf, MaxBytes, &n, &isLatin1)
	switch r {
	case C.GXP_CLIP_OK:
		b := C.GoBytes(unsafe.Pointer(buf), n)
		if isLatin1 != 0 {
			return latin1(b), nil
		}
		return cleanText(b), nil
	case C.GXP_CLIP_EMPTY:
		return "", nil
	case C.GXP_CLIP_TOO_LARGE:
		return "", ErrTooLarge
	case C.GXP_CLIP_TIMEOUT:
		return "", ErrNoAnswer
	case C.GXP_CLIP_WOKEN:
		// The deadline can wake the wait just before the C side's own
		// timeout fires: either way the owner did not answer in time.
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return "", fmt.Errorf("%w: %w", ErrNoAnswer, ctx.Err())
		}
		return "", ctx.Err()
	default:
		return "", errDisplayGone
	}
}

func (x *x11) waitChange(ctx context.Context) C.int {
	stop := x.wakeOn(ctx)
	defer stop()
	return C.gxp_clip_wait_change(x.c, C.int(x.wakeR.Fd()))
}
