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
	"syscall"

	"github.com/gxptray/gxptray/cti/contacts"
	"github.com/gxptray/gxptray/cti/contacts/dirapi"
)

func main() {
	setName("gxptray-books")
	// Ctrl+C in the terminal of the tray reaches this process too: the tray
	// decides when it ends (by closing the pipe).
	signal.Ignore(syscall.SIGINT)
	var settle dirapi.MemorySettler
	open := func(env dirapi.Env, onChange func()) dirapi.Directory {
		return contacts.NewLocal(env, func() {
			onChange()
			settle.Loaded()
		})
	}
	if err := dirapi.Serve(context.Background(), os.Stdin, os.Stdout, open); err != nil {
		fmt.Fprintf(os.Stderr, "gxptray address books: %v\n", err)
		os.Exit(1)
	}
}
