// Package phonesim simulates a Grandstream desk phone (GXP16xx/GXP21xx
// style) well enough to develop and test against without one: the CTI HTTP
// API under /cgi-bin/, calls that ring, connect, hold and end, keys pressed
// one by one, reboots that make the phone unreachable, a passcode that locks
// after failed logins, and Action URL requests with the real phones' quirks.
// Unit tests run it with a tiny KeyInterval; end-to-end tests and demo mode
// keep the realistic defaults.
//
// # CTI API (what the phone answers)
//
// Every function checks passcode= (api-make_call also takes the GXP form's
// password=). A wrong or missing passcode answers HTTP 401 with
// {"response":"error","body":"unauthorized"} (HTTP 200 and the same body with
// Options.UnauthorizedOK). Five failures in a row lock the account: then every
// request is unauthorized, even with the right passcode, until Unlock, /sim/unlock
// or a reboot. Unknown functions under /cgi-bin/ answer 404.
//
//	curl 'http://127.0.0.1:8080/cgi-bin/api-get_line_status?passcode=admin'
//	{"response":"success","body":[{"line":1,"state":"idle","acct":1,"active":0,"remotename":"","remotenumber":"","conf":0},...]}
//	curl 'http://127.0.0.1:8080/cgi-bin/api-get_phone_status?passcode=admin'
//	{"response":"success","body":"available","misc":"0"}
//	curl 'http://127.0.0.1:8080/cgi-bin/api-send_key?passcode=admin&keys=LINE2:2:0:3:SEND'
//	{"response":"success","body":"complete"}
//	curl 'http://127.0.0.1:8080/cgi-bin/api-phone_operation?passcode=admin&cmd=cancel'
//	{"response":"success","body":true}
//	curl 'http://127.0.0.1:8080/cgi-bin/api-sys_operation?passcode=admin&request=REBOOT'
//	{"response":"success","body":"savereboot"}
//	curl 'http://127.0.0.1:8080/cgi-bin/api-make_call?passcode=admin&phonenumber=203'
//	curl 'http://127.0.0.1:8080/cgi-bin/api-make_call?phonenumber=203&account=0&password=admin'
//	{"response":"success","body":true}
//
// api-get_accounts lists Options.Accounts. Line status reports acct as a
// number, 1-based by default (Options.ZeroBasedAccounts, Options.IdleAccountEmpty
// select the other firmware variants); "active" is 1 on the focused line when
// it is in use. Phone status is "ringing" while any line rings, "busy" while
// any other line is in use, else "available".
//
// api-send_key answers at once and presses the keys in the background,
// Options.KeyInterval apart. Tokens are upper case: 0-9, STAR, POUND ("*" and
// "#", i.e. %2A and %23, are accepted too), SEND, LINE1..LINEn, OFFHOOK,
// ONHOOK, HOLD, MUTE, VUP, VDOWN, SPEAKER, HEADSET, CONF, TRANSFER, OK, UP,
// DOWN, LEFT, RIGHT, LOCK, UNLOCK, MPKn, SOFTn. One unknown token (or more
// than 64 keys) fails the whole request with "failed" and nothing is pressed.
// Keys that arrive while earlier ones are still being pressed are queued
// behind them and counted by Overlaps (a real phone would interleave them).
//
// Key semantics: a digit on an idle phone goes off hook (dialing) on the
// focused line; digits while dialing extend the number, during a call they
// are DTMF; SEND dials (calling); LINEn focuses line n, going off hook if it
// is idle, holding a connected call it leaves and abandoning one that was
// only dialing (a ringing line is focused, not answered); OFFHOOK answers the
// ringing line or goes off hook; ONHOOK rejects a ringing call or ends the
// focused one; HOLD toggles hold; MUTE toggles mute in a call and DND when
// idle; VUP/VDOWN move the volume (0-7); SPEAKER and HEADSET toggle flags.
//
// A call fails (state "failed", back to idle after Options.FailedTimeout or
// on hang-up) when SEND has nothing to dial or the number ends in "000".
// Outgoing calls stay "calling" until RemoteAnswer, RemoteHangup or
// Options.AutoAnswerAfter.
//
// REBOOT and RESET drop every call; the phone is unreachable for
// Options.RebootDowntime and comes back with all lines idle and the account
// unlocked (RESET keeps the passcode: it is a simulator). Behind Listen the
// listener is closed, so connections are refused; with Handler alone, CTI
// requests get their connection closed without an answer (503 when that is
// not possible).
//
// # Control surface
//
// /sim/ needs no passcode and answers JSON; bad parameters are 400 with
// {"error":"..."}, an impossible action (no idle line, wrong state,
// rebooting) 409. It is meant for a loopback address: never expose it.
//
//	curl 'http://127.0.0.1:8080/sim/ring?number=%2B74951234567&name=Анна%20Смирнова'   -> {"line":1}
//	curl 'http://127.0.0.1:8080/sim/answer?line=2'   far end answers an outgoing call
//	curl 'http://127.0.0.1:8080/sim/hangup?line=1'   far end hangs up (a ringing line: missed call)
//	curl 'http://127.0.0.1:8080/sim/state'           lines, status, keys, dialed, audio, request counts, web family and sessions
//	curl 'http://127.0.0.1:8080/sim/makecall?enabled=0'
//	curl -d value=newpass 'http://127.0.0.1:8080/sim/passcode'
//	curl 'http://127.0.0.1:8080/sim/web?family=challenge'   login family: plain, challenge or none
//	curl 'http://127.0.0.1:8080/sim/unlock'
//	curl 'http://127.0.0.1:8080/sim/reboot'
//
// The same controls exist in Go (Ring, RemoteAnswer, RemoteHangup, Lines,
// KeysReceived, Requests, SetMakeCall, SetPasscode, Unlock, Reboot), and
// Subscribe, Wait, WaitState and WaitKeysDone let tests wait for a state
// without polling.
//
// # Action URL
//
// With Options.ActionURLs the phone sends a GET on incoming, outgoing,
// missed, established, terminated, hold, unhold, offhook and onhook, with
// $remote, $display_remote, $local, $display_local, $active_user, $phone_ip,
// $mac, $product, $program_version, $hardware_version, $language,
// $calldirection, $duration and $call-id substituted raw (see actionurl.go
// for the quirks reproduced).
//
// # Web session
//
// The phone's web page API, in the family Options.WebFamily selects
// (SetWebFamily switches it): WebPlain logs in with POST /cgi-bin/dologin
// username=admin&password=PLAIN and wants sid= in later forms; WebChallenge
// first answers POST /cgi-bin/access access=sha256hex(user) with a nonce,
// takes password=sha256hex(password+nonce), wants the session-identity
// cookie, and also has config_get / config_update (PUT, JSON) with the
// runtime key :dnd; WebNone has no web API. Every POST needs Referer and
// Origin (403 otherwise) and a Content-Length (411). Replies: success
// {"sid","role","ver","mac"} with session cookies (and a bare "HttpOnly"
// cookie), "wrongN" (N tries left), "locked" with lockTime, "user is not
// allow" (the user account without Options.UserPassword), an expired session
// as {"status":"session-expired"} (plain) or HTTP 401 (challenge). Failures
// count with the CTI passcode's: five lock the account. One session per
// account: a second login ends the first (Takeovers). A session ends
// Options.SessionIdle (60 s) after its login or last dorefresh, by the
// Options.Now clock, so tests move the clock instead of sleeping.
//
// api.values.get request=P3:phone_model answers the values, api.values.post
// P8310=...&sid=.. answers {"status":"right"}. Like real phones, a value over
// MaxValueLen (256) is dropped silently; SetIgnoreWrites makes every write
// answer success and change nothing; ExpireSessionsAfterWrites ends the
// sessions in the middle of a task (ExpireSessionsEveryWrites again and
// again); SetWebHTML answers the login with an
// HTML page. Writing P8310... reconfigures the Action URLs the phone sends
// (P8316/P8317 for DND, which SetDND, :dnd and MUTE on an idle phone switch).
// WebRequests lists what arrived (Referer, Origin, whether the sid came in the
// form and the cookie; passwords and sids masked).
//
// # Demo
//
// RunDemo rings the phone every so often with varied callers and plays the
// far end, for demo mode and screenshots.
package phonesim
