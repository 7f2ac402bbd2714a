// Package service is the heart of the resident tray process. It owns the only
// connection to the phone (the cti.Client, the cti.Monitor and the optional
// Action URL listener), the call history and the call notifications, and it
// implements localapi.Backend so that the windows and the command line go
// through it: every command to the phone is serialized here.
//
// Its state has owners with one job each, each with its own lock and tests:
// phoneConn (the live client, the monitor polling through it and the
// Action URL listener whose pushes ask that monitor to look), callLog
// (the history and what was seen of it), dials (the dial in progress, the
// last number dialed, the extension awaiting the answer, the numbers on
// offer). The ringing calls and their notifications belong to the event
// loop alone, without a lock: the loop takes the monitor's events, and the
// other goroutines send it messages on the same channel (an Accept or
// Reject chosen on a notification, the order to forget the ringing calls
// when the monitor stops). What is still under Service.mu is the
// configuration (settings, passcode, why there is no client), what the
// phone's web session read (webPhone) and small pieces of the State (hotkey
// status, answer times, the password notification).
//
// It imports neither Fyne nor systray; the tray menu (ui/tray) and the windows
// (ui/windows, in their own processes) are built on top of it.
//
// Answering and rejecting from a notification: api-phone_operation has no line
// parameter, so acceptcall/rejectcall act on the call the phone itself
// considers current. The service reads the line status right before acting:
//   - the call still rings and it is the only ringing line, or the phone
//     already has it selected (active): acceptcall / rejectcall directly. This
//     covers the usual call-waiting case (a call in progress, a second one
//     ringing);
//   - several lines ring and the target is not selected: the line key LINEn
//     is pressed first. On Grandstream phones the line key of a ringing call
//     answers it, on others it only selects it; after the key the status is
//     read again: connected means done, ringing and selected means the
//     operation is sent. A reject that the line key turned into an answer is
//     ended at once (endcall), recorded as rejected.
//
// An action for a call that no longer rings is ignored, and every call gets at
// most one operation from its notification.
//
// The phone's own settings (webphone.go) go through its web session, one
// task at a time, logged in only for the task: the Action URL install (and
// then a check that the phone's requests arrive), Do Not Disturb, and the
// phone's identity, kept for its phone (identitycache.go).
package service
