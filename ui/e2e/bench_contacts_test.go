//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gxptray/gxptray/cti/contacts"
	"github.com/gxptray/gxptray/cti/contacts/contactstest"
	"github.com/gxptray/gxptray/cti/phonesim"
)

// benchBookSize is the address book of the memory and ring measurements.
const benchBookSize = 100_000

// contactsRow is the tray with a large address book and a hung server
// against the same tray with none, in one run.
type contactsRow struct {
	rssNone, rssBooks uint64 // resident size, settled, without and with the books
	pssNone, pssBooks uint64
	// The address-book process the tray runs while books are configured
	// (none in builds that keep the books in the tray process).
	rssChild, pssChild uint64
	children           int
	load               time.Duration // start to every contact served
	ring               Latencies     // ring -> notification with the books
}

// writeBenchBook writes n vCards with two numbers each.
func writeBenchBook(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for i := range n {
		name := fmt.Sprintf("Contact %d Smith", i)
		if i%2 == 0 {
			name = fmt.Sprintf("Иван %d Петров", i)
		}
		fmt.Fprintf(w, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:%s\r\nTEL;TYPE=WORK:8 (4%02d) %03d-%02d-%02d\r\nTEL;TYPE=CELL:+7 9%02d %07d\r\nEND:VCARD\r\n",
			name, i%100, i%1000, (i/1000)%100, i%97, i%100, i)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// measureContacts: the settled tray's memory without books, then with a
// 100,000-contact vCard file and a CardDAV server that accepts and never
// answers; rings with those books (the lookups are in memory, the hung
// sync runs meanwhile).
func (bs *bench) measureContacts() error {
	book := filepath.Join(bs.b.TempDir(), "big.vcf")
	if err := writeBenchBook(book, benchBookSize); err != nil {
		return err
	}
	hung := "http://" + contactstest.Hang(bs.b) + "/"
	phone := NewCountingPhone(bs.b, phonesim.Options{Lines: 4})
	row := &contactsRow{}

	settled := func(app *trayApp) (ProcMemory, error) {
		if err := bs.waitApp(app, "online", online); err != nil {
			return ProcMemory{}, err
		}
		select {
		case <-time.After(benchSettle):
		case <-bs.ctx.Done():
			return ProcMemory{}, bs.ctx.Err()
		}
		return ReadProcMemory(app.Pid())
	}

	none, err := bs.startApp("app-no-books", benchSettings(nil), phone, false)
	if err != nil {
		return err
	}
	mem, err := settled(none)
	none.Stop()
	if err != nil {
		return err
	}
	row.rssNone, row.pssNone = mem.RSS, mem.PSS

	set := benchSettings(map[string]any{"contacts_region": "RU",
		"contacts": []contacts.SourceConfig{{Name: "Big", URL: book}, {Name: "Hung", URL: hung}}})
	start := time.Now()
	app, err := bs.startApp("app-books", set, phone, false)
	if err != nil {
		return err
	}
	defer app.Stop()
	c, err := app.api()
	if err != nil {
		return err
	}
	defer c.Close()
	ctx, cancel := bs.within(60 * time.Second)
	err = waitFor(ctx, "100,000 contacts served", func(ctx context.Context) error {
		if _, ok, err := c.LookupContact(ctx, "+7 999 0099999"); err != nil || !ok {
			return fmt.Errorf("the last card not found yet (%v)", err)
		}
		return nil
	})
	cancel()
	if err != nil {
		return err
	}
	row.load = time.Since(start)
	if mem, err = settled(app); err != nil {
		return err
	}
	row.rssBooks, row.pssBooks = mem.RSS, mem.PSS
	kids, n, err := ChildrenMemory(app.Pid())
	if err != nil {
		return err
	}
	row.rssChild, row.pssChild, row.children = kids.RSS, kids.PSS, n
	bs.r.contacts = row
	row.ring, err = bs.rings(app, phone, benchRings, nil)
	return err
}
