//go:build windows

package clipboard

import (
	"context"
	"fmt"
	"runtime"
	"time"
	"unicode/utf16"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32               = windows.NewLazySystemDLL("user32.dll")
	kernel32             = windows.NewLazySystemDLL("kernel32.dll")
	procOpenClipboard    = user32.NewProc("OpenClipboard")
	procCloseClipboard   = user32.NewProc("CloseClipboard")
	procGetClipboardData = user32.NewProc("GetClipboardData")
	procIsFormatAvail    = user32.NewProc("IsClipboardFormatAvailable")
	procGlobalLock       = kernel32.NewProc("GlobalLock")
	procGlobalUnlock     = kernel32.NewProc("GlobalUnlock")
	procGlobalSize       = kernel32.NewProc("GlobalSize")
)

const cfUnicodeText = 13

func read(ctx context.Context) (string, error) {
	// The clipboard belongs to the thread that opened it.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// Another program may hold it open for a moment: retry until the deadline.
	for {
		if r, _, _ := procOpenClipboard.Call(0); r != 0 {
			break
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("%w: %w", ErrNoAnswer, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	defer procCloseClipboard.Call()
	if r, _, _ := procIsFormatAvail.Call(cfUnicodeText); r == 0 {
		return "", nil
	}
	h, _, _ := procGetClipboardData.Call(cfUnicodeText)
	if h == 0 {
		return "", nil
	}
	p, _, _ := procGlobalLock.Call(h)
	if p == 0 {
		return "", nil
	}
	defer procGlobalUnlock.Call(h)
	size, _, _ := procGlobalSize.Call(h)
	units := min(int(size/2), MaxBytes+1)
	// The handle's memory stays valid while locked and is copied at once;
	// the double conversion turns the address GlobalLock returned into a
	// pointer without vet's uintptr warning (it is not Go memory).
	src := unsafe.Slice((*uint16)(*(*unsafe.Pointer)(unsafe.Pointer(&p))), units)
	n := 0
	for n < len(src) && src[n] != 0 {
		n++
	}
	if n > MaxBytes {
		return "", ErrTooLarge
	}
	text := string(utf16.Decode(src[:n]))
	if len(text) > MaxBytes {
		return "", ErrTooLarge
	}
	return text, nil
}

func watch(ctx context.Context, fn func(string)) error { return poll(ctx, fn, PollInterval) }
