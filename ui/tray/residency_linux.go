package tray

import (
	"bufio"
	"bytes"
	"context"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// The resident process keeps, all day, every page of its program that the
// kernel once mapped: start-up code (settings, the keyring, D-Bus set-up,
// the first requests) and, since the page cache holds a program in large
// folios that are mapped whole, much code that never ran. Measured on the
// headless desktop of `make bench`: 10.7 MB of code and read-only data
// resident, of which about 5 MB are back 15 s after it was handed back,
// the tray polling meanwhile. trimAfter hands it back once, after start-up:
// the pages that are still needed fault in again from the page cache or
// the disk; nothing else changes.
//
// The kernel pages out a program's file pages only for a process that owns
// the file or may write it (a per-user install, `make install`); for a
// program installed by root the call does nothing, and costs nothing.

// trimDelay is how long after start the pages are handed back: the first
// state is in, the tray icon is up.
const trimDelay = 10 * time.Second

// trimAfter hands back the program's resident code and read-only data
// after trimDelay, unless ctx ends first.
func trimAfter(ctx context.Context, log *slog.Logger) {
	t := time.NewTimer(trimDelay)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return
	case <-t.C:
	}
	before := residentKiB()
	n, err := pageOutProgram()
	if err != nil {
		log.Debug("program pages not handed back", "err", err)
		return
	}
	log.Debug("program pages handed back", "mappings", n, "rss_kib_before", before, "rss_kib_after", residentKiB())
}

// pageOutProgram advises MADV_PAGEOUT on the read-only mappings of this
// process's own program file (code, read-only data), and says how many
// there were.
func pageOutProgram() (int, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, err
	}
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, m := range programMappings(maps, exe) {
		if _, _, errno := unix.Syscall(unix.SYS_MADVISE, m.start, m.end-m.start, unix.MADV_PAGEOUT); errno != 0 {
			return n, errno
		}
		n++
	}
	return n, nil
}

// mapping is an address range of /proc/self/maps.
type mapping struct{ start, end uintptr }

// programMappings are the mappings of maps (the text of /proc/PID/maps)
// that map the file exe and are not writable.
func programMappings(maps []byte, exe string) []mapping {
	var out []mapping
	sc := bufio.NewScanner(bytes.NewReader(maps))
	for sc.Scan() {
		// start-end perms offset dev inode path
		f := strings.Fields(sc.Text())
		if len(f) < 6 || strings.Join(f[5:], " ") != exe || len(f[1]) < 2 || f[1][1] == 'w' {
			continue
		}
		lo, hi, ok := strings.Cut(f[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		out = append(out, mapping{uintptr(start), uintptr(end)})
	}
	return out
}

// residentKiB is this process's resident size (statm), for the log.
func residentKiB() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return -1
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return -1
	}
	return pages * int64(os.Getpagesize()) / 1024
}
