package localapi

import (
	"context"

	"github.com/gxptray/gxptray/cti/contacts/dirapi"
)

// DirectoryBook is the ContactBook of a dirapi.Directory: the tray
// process's books, or those a command loads for itself when no tray runs.
// A Directory's answers do not fail (a book that cannot answer says so in
// its Status), so the errors are always nil; the interface has them for
// the Client, whose answers come over the socket.
type DirectoryBook struct{ Directory dirapi.Directory }

var _ ContactBook = DirectoryBook{}

// LookupContact finds the contact of number.
func (b DirectoryBook) LookupContact(ctx context.Context, number string) (dirapi.Match, bool, error) {
	m, ok := b.Directory.Lookup(ctx, number)
	return m, ok, nil
}

// SearchContacts lists up to limit numbers of matching contacts.
func (b DirectoryBook) SearchContacts(ctx context.Context, text string, limit int) ([]dirapi.Match, error) {
	return b.Directory.Search(ctx, text, limit), nil
}

// SyncContacts syncs every book now (one attempt each, also after a
// rejected password) and reports how each went.
func (b DirectoryBook) SyncContacts(ctx context.Context) ([]dirapi.Status, error) {
	return b.Directory.SyncNow(ctx), nil
}

// ContactsStatus reports the books without syncing.
func (b DirectoryBook) ContactsStatus(ctx context.Context) ([]dirapi.Status, error) {
	return b.Directory.Status(ctx), nil
}
