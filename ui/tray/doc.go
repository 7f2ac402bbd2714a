// Package tray is the resident GXP Tray process: the tray icon and its menu,
// the global hotkey, the clipboard watch, and the start-up that wires the
// phone service (ui/service), the local API (ui/localapi) and the
// notifications together.
//
// The process must idle like a small daemon, so it uses fyne.io/systray
// directly and never starts Fyne: windows run in their own short-lived
// `gxptray ui <window>` processes, started on demand. When the desktop has
// no tray host (no StatusNotifierWatcher on the session bus) the process
// runs without an icon and opens the main window instead.
//
// The menu is a pure model (BuildMenu) of what the user should see for a
// State; a binder applies it to a fixed set of tray items created once,
// touching only the items whose label, state or visibility changed: a
// rebuilt menu closes itself on some desktops while the user has it open.
package tray
