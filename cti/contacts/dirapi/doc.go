// Package dirapi is what the rest of GXP Tray says to the address books
// (package contacts) and hears back: the books as the settings keep them
// (SourceConfig), the names found (Match), how each book is doing (Status),
// the errors, and the Directory that answers lookups.
//
// It is small on purpose. The resident tray process links this package and
// not package contacts, whose numbering plans (github.com/nyaruka/phonenumbers
// with the protobuf runtime: about 4 MB of code and 2.5 MiB of heap decoded at
// start-up) and CardDAV, LDAP and vCard clients would stay in its memory all
// day, also for the users who have no address book. With books configured,
// the tray runs them in a child process (Client) that speaks with it over a
// pipe (Serve); builds without that child use package contacts in process
// (contacts.NewLocal), through the same Directory interface.
package dirapi
