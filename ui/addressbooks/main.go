// Command addressbooks is GXP Tray's address-book process: the numbering
// plans and the CardDAV, LDAP and vCard readers (package contacts), serving
// the tray process over its standard input and output (dirapi.Serve). The
// tray process starts it from the image embedded in gxptray while address
// books are configured (scripts/build.sh builds it); it ends when the tray
// closes the pipe. A person never runs it.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"github.com/gxptray/gxptray/cti/contacts"
	"github.com/gxptray/gxptray/cti/contacts/dirapi"
)

// memSettle is how long after the last book replaced its garbage is
// handed back to the system: reading a book makes several times its size in
// garbage (100,000 contacts: about 20 MiB above the 7 MiB the book keeps),
// which the Go runtime would keep resident for minutes, all day long.
const memSettle = 2 * time.Second

func main() {
	setName("gxptray-books")
	// Ctrl+C in the terminal of the tray reaches this process too: the tray
	// decides when it ends (by closing the pipe).
	signal.Ignore(syscall.SIGINT)
	var settle settler
	open := func(env dirapi.Env, onChange func()) dirapi.Directory {
		return contacts.NewLocal(env, func() {
			onChange()
			settle.kick()
		})
	}
	if err := dirapi.Serve(context.Background(), os.Stdin, os.Stdout, open); err != nil {
		fmt.Fprintf(os.Stderr, "gxptray address books: %v\n", err)
		os.Exit(1)
	}
}

// settler frees the heap's unused memory memSettle after the last kick.
type settler struct {
	mu sync.Mutex
	t  *time.Timer
}

func (s *settler) kick() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.t == nil {
		s.t = time.AfterFunc(memSettle, debug.FreeOSMemory)
		return
	}
	s.t.Reset(memSettle)
}
