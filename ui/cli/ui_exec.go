//go:build gxptray_uiexec && linux

package cli

// The resident tray process is lighter without the windows' code: Fyne's
// package initialisation (translations, markdown, fonts), OpenGL and the
// libraries it needs are not loaded into it. `make build` makes one file that
// holds both: this build, without Fyne, and the full build (the windows)
// embedded in it. `gxptray ui ...` runs the embedded image from memory
// (memfd_create, then execve of /proc/self/fd/N): nothing is written to
// disk, and its pages stay out of the tray process.

import (
	"context"
	_ "embed"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

//go:embed uiimage/gxptray-ui
var uiImage []byte

// runUI replaces this process by the embedded window image, with the same
// arguments and environment.
func runUI(_ context.Context, _ *globals, _ []string) error {
	fd, err := unix.MemfdCreate("gxptray-ui", unix.MFD_CLOEXEC)
	if err != nil {
		return fmt.Errorf("ui: %w", err)
	}
	f := os.NewFile(uintptr(fd), "gxptray-ui")
	if _, err := f.Write(uiImage); err != nil {
		f.Close()
		return fmt.Errorf("ui: %w", err)
	}
	// argv[0] names this file, which the windows write into "start at
	// login" entries (their own executable is the memfd).
	argv := append([]string(nil), os.Args...)
	if exe, err := os.Executable(); err == nil {
		argv[0] = exe
	}
	err = unix.Exec(fmt.Sprintf("/proc/self/fd/%d", fd), argv, os.Environ())
	f.Close()
	return fmt.Errorf("ui: starting the window image: %w", err)
}
