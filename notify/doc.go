// Package notify shows desktop notifications (incoming call with Accept /
// Reject buttons, missed call) and reports which button the user pressed.
//
// On Linux it talks to the freedesktop notification server
// (org.freedesktop.Notifications) on the session bus, which is what gives
// action buttons and a notification id that can later be closed or replaced.
// Without a bus or a server, and on other systems, it falls back to beeep:
// plain notifications, no buttons. On Linux it keeps looking for the server
// now and then and moves to it as soon as it appears.
//
// Tests use Recorder, a Notifier that only remembers what it was asked to
// show; notify/notifytest has a fake notification server on a private bus.
//
// The package has no GUI toolkit dependency.
package notify
