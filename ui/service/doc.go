// Package service is the heart of the resident tray process. It owns the only
// connections to the phones (a cti.Client and a cti.Monitor each, and the
// optional Action URL listener they share), the call history and the call
// notifications, and it implements localapi.Backend so that the windows and
// the command line go through it: every command to a phone is serialized
// here. Each request names its phone (localapi.PhoneFromContext; none means
// the default phone, the first of the settings).
//
// Its state has owners with one job each, each with its own lock and tests:
// one phoneUnit per phone (phoneunit.go: its phoneConn with the live client
// and the monitor polling through it, what its web session read, its answer
// times and password notification), config (the settings in use, the
// catalog, the keyring and hotkey status, the session passcode: what the
// phones share), pushOwner (the one Action URL listener; a push goes to the
// phone whose token it carries and only asks that phone's monitor to look),
// callLog (the history and what was seen of it), dials (the dial in
// progress and the phone it is on, the last number dialed, the extension
// awaiting the answer, the numbers on offer). The ringing calls of each
// phone and their notifications belong to the event loop alone, without a
// lock: the loop takes the monitors' events, and the other goroutines send
// it messages on the same channel (an Accept or Reject chosen on a
// notification, the order to forget a phone's ringing calls when its
// monitor stops). Service.mu guards only whether Run runs.
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
