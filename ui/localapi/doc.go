// Package localapi is the local API of the resident GXP Tray process: an
// HTTP/1.1 server on a unix socket that the short-lived window processes and
// the command line use, so that every command to the phone goes through the
// one process that owns the phone connection (the phone cannot interleave two
// key sequences), and the Client that talks to it.
//
// The socket lives in a directory of its own (mode 0700) and is itself mode
// 0600. On Linux every connection's peer is checked with SO_PEERCRED and
// refused unless it runs as the same user; elsewhere the file permissions are
// the guard. A file lock beside the socket keeps a second tray process from
// taking over a socket that is being set up.
//
// Endpoints (JSON in and out; request bodies at most 64 KiB, unknown fields
// rejected):
//
//	GET  /v1/ping              {"pid":N,"version":"..."}; does not involve the backend
//	GET  /v1/state             State
//	GET  /v1/events            NDJSON stream of Update, one per line, the first
//	                           carrying the current State; an empty line every
//	                           30 s as a heartbeat; ends when the server stops
//	POST /v1/dial              {"number":"+7 (495) 123-45-67"} -> {"number":"+74951234567","method":"make_call"}
//	POST /v1/operate           {"op":"acceptcall"}  (acceptcall|rejectcall|holdcall|endcall|cancel);
//	                           {"op":"acceptcall","line":2} answers (or rejects) that line's call
//	                           when the backend is a LineOperator
//	POST /v1/keys              {"keys":["LINE1","2","SEND"]}
//	POST /v1/system            {"request":"REBOOT","confirm":"REBOOT"}  (confirm must equal request)
//	GET  /v1/history?n=10      [cti.Call, ...] newest first; n in 1..1000, default 10 (CallHistory)
//	POST /v1/history/seen      {} (body optional)
//	POST /v1/history/clear     {} (body optional; forgets every call)
//	POST /v1/reload            {} (body optional): the settings file changed
//	POST /v1/session-passcode  {"passcode":"..."}: keep it in memory only
//	POST /v1/test              TestRequest -> TestResult
//	POST /v1/preview           {"number":"..."} -> {"number":"..."}
//	POST /v1/show              {"window":"dialpad"}  (dialpad|settings|history|main)
//	POST /v1/quit              {} (body optional)
//	GET  /v1/action-urls       [cti.ActionURLField, ...] when the backend is an ActionURLSource
//	POST /v1/phone/action-urls/plan|install|uninstall {"replace":false} -> ActionURLResult,
//	                           POST /v1/phone/dnd {"on":true} -> DNDResult, when the
//	                           backend is PhoneSettings (the phone's web session)
//	GET  /v1/settings          SettingsView: the settings the tray uses (SettingsOwner)
//	PATCH /v1/settings         settings.Change (only the fields changed) -> settings.Settings as saved
//
// Successful commands without a result answer 204 No Content. Errors answer
// {"error":"message","kind":"...","text":"...","hint":"..."} with one of the
// kinds below, and the error in words for a person when the server was given
// Options.Describe (Error.Text, Error.Hint); the Client
// turns the kind back into the matching sentinel error, so that
// errors.Is(err, cti.ErrUnauthorized) holds on both sides of the socket.
//
//	kind            HTTP  sentinel
//	bad_request     400   ErrBadRequest
//	invalid_number  400   cti.ErrInvalidNumber
//	invalid_key     400   cti.ErrInvalidKey
//	invalid_settings 400  settings.ErrInvalid
//	busy            409   ErrBusy
//	unauthorized    502   cti.ErrUnauthorized (the phone rejected the passcode)
//	phone           502   cti.ErrPhone
//	bad_reply       502   cti.ErrBadReply
//	cert_changed    502   cti.ErrCertChanged
//	unreachable     504   cti.ErrUnreachable
//	not_supported   501   cti.ErrNotSupported
//	internal        500   ErrInternal
//
// Passcodes are never logged, and error messages are scrubbed of anything
// that looks like one before they leave the server.
package localapi
