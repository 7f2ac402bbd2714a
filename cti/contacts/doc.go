// Package contacts turns the numbers of calls into names from the user's own
// address books (vCard and CSV files, CardDAV, LDAP / Active Directory) and
// names into numbers for the dial pad. It is fyne-free and owned by the tray
// process; windows and the CLI ask it through the local API.
//
// Numbers are compared in one canonical form: what the numbering plan of the
// region (github.com/nyaruka/phonenumbers) makes of them as E.164, or the bare
// digits for what no plan parses (PBX extensions, feature codes). A number
// that is not found as such is tried once more by suffix: a stored number
// that ends the caller's after a dial prefix of up to three digits ("9203"
// finds extension 203), or a caller's number of seven digits or more that
// ends a stored one (a local number without its area code).
//
// Memory: a Book keeps every contact in a few flat slices (one byte arena for
// the names, 16 bytes per number, 8 per contact) instead of a struct with
// strings per contact, so that 100,000 contacts stay within a few MiB; this
// is why the index is hand-written rather than a map of structs.
//
// Duplicates: when several contacts have the same number, the source listed
// first wins; within one source the most recently updated contact (vCard
// REV, CardDAV last-modified, LDAP modifyTimestamp) wins, then the one read
// first.
package contacts
