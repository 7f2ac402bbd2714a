// Package settings is GXP Tray's configuration: the settings file (JSON,
// validated field by field, written atomically with mode 0600), the per-user
// paths, and the secret store (system keyring with a timeout, or memory for
// one session) that keeps the passcode and the Action URL token out of the
// file. It has no GUI dependency: the tray process and the CLI use it too.
package settings
