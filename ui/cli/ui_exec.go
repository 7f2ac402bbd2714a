//go:build gxptray_uiexec && linux

package cli

// The resident tray process is lighter without the windows' code: Fyne's
// package initialisation (translations, markdown, fonts), OpenGL and the
// libraries it needs are not loaded into it. `make build` makes one file that
// holds both: this build, without Fyne, and the full build (the windows)
// embedded in it. `gxptray ui ...` runs the embedded image from memory
// (memfd_create, then execve of /proc/self/fd/N): nothing is written to
// disk, and its pages stay out of the tray process.
//
// The address books (numbering plans, CardDAV, LDAP, vCard) are kept out of
// it the same way: a third image, ui/addressbooks, is embedded, and runs as
// a child process (dirapi.Client) only while books are configured.

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/gxptray/gxptray/cti/contacts/dirapi"
)

//go:embed uiimage/gxptray-ui
var uiImage []byte

//go:embed uiimage/gxptray-addressbooks
var booksImage []byte

// memImage is a memory file (memfd) holding image, closed on exec.
func memImage(name string, image []byte) (*os.File, error) {
	fd, err := unix.MemfdCreate(name, unix.MFD_CLOEXEC)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), name)
	if _, err := f.Write(image); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// releasePages unmaps the pages of b, part of this program's file that the
// copy into a memfd mapped, so that the image does not stay resident in
// the tray process (about 12 MB). They stay in the page cache, and the
// mapping reads them again when touched: b is never written.
func releasePages(b []byte) {
	page := uintptr(os.Getpagesize())
	start := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	first := (start + page - 1) &^ (page - 1)
	last := (start + uintptr(len(b))) &^ (page - 1)
	if last <= first {
		return
	}
	_ = unix.Madvise(b[first-start:last-start], unix.MADV_DONTNEED)
}

// openDirectory opens the address books in a child process that runs the
// embedded address-book image.
func openDirectory(env dirapi.Env, onChange func()) dirapi.Directory {
	return dirapi.NewClient(env, onChange, startBooks)
}

// startBooks is the command of the address-book process: the image, as
// the child's file 3 (its copy in memory is freed when the child ends).
func startBooks() (*exec.Cmd, error) {
	f, err := memImage("gxptray-addressbooks", booksImage)
	releasePages(booksImage)
	if err != nil {
		return nil, fmt.Errorf("address books: %w", err)
	}
	cmd := exec.Command("/proc/self/fd/3")
	cmd.Args[0] = "gxptray-addressbooks"
	cmd.ExtraFiles = []*os.File{f}
	return cmd, nil
}

// runUI replaces this process by the embedded window image, with the same
// arguments and environment.
func runUI(_ context.Context, _ *globals, _ []string) error {
	f, err := memImage("gxptray-ui", uiImage)
	if err != nil {
		return fmt.Errorf("ui: %w", err)
	}
	// argv[0] names this file, which the windows write into "start at
	// login" entries (their own executable is the memfd).
	argv := append([]string(nil), os.Args...)
	if exe, err := os.Executable(); err == nil {
		argv[0] = exe
	}
	err = unix.Exec(fmt.Sprintf("/proc/self/fd/%d", f.Fd()), argv, os.Environ())
	f.Close()
	return fmt.Errorf("ui: starting the window image: %w", err)
}
