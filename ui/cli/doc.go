// Package cli implements gxptray's command line: the subcommands that talk to
// the phone (through the running tray process when there is one, so that a
// hotkey dial and a command-line dial never interleave their keys, and
// directly otherwise), the event stream, the history, the simulated phone and
// the start of the tray app and its windows.
package cli
