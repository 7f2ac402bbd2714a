// Package atomicfile replaces a file whole or not at all: the content goes
// to a temporary file in the same folder, which is given its mode, written,
// synced and closed, then renamed over the file, and the folder is synced so
// the rename survives a power cut. On any failure the temporary is removed
// and the old file, if any, is left as it was.
//
// It is shared by the call history and the contact cache (cti) and by the
// ui's files: the settings, the known phones, the phone identity cache and
// the login entry. It lives under cti so both trees can import it; it has
// no other dependency than the standard library.
//
// On Windows os.Rename replaces an existing file (MoveFileEx with
// MOVEFILE_REPLACE_EXISTING), as rename does elsewhere, but not while the
// file is open elsewhere without FILE_SHARE_DELETE: the rename is retried
// for a moment then (rename_windows.go). A folder cannot be synced there,
// and a mode is at most a read-only flag, so neither failing is an error.
package atomicfile
