// Package hotkey registers a system-wide keyboard shortcut (such as
// Ctrl+Shift+D) and calls a function when it is pressed.
//
// On Linux it grabs the key on the X11 root window through Xlib (cgo). It
// works in X11 sessions and, for X11 applications only, under XWayland;
// a pure Wayland session has no global grab for ordinary programs, and
// Register says so. On Windows it uses RegisterHotKey. Elsewhere, or
// without cgo, Register returns ErrUnsupported.
//
// Nothing happens at package initialisation: importing the package is safe
// in headless programs and tests; only Register talks to the display.
package hotkey
