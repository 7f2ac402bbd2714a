package service

// Message keys used by the service; the texts are in ui/i18n
// (strings_service.go, strings_notify.go).
const (
	msgIncomingCall    = "notify.incoming" // in ui/i18n/strings_notify.go
	msgMissedCall      = "notify.missed"   // in ui/i18n/strings_notify.go
	msgAccept          = "service.accept"
	msgReject          = "service.reject"
	msgCallBack        = "service.call_back"
	msgUnknownCaller   = "service.unknown_caller"
	msgDialing         = "service.dialing"
	msgDialingKeys     = "service.dialing_keys"
	msgNoPhone         = "service.no_phone"
	msgNoPasscode      = "service.no_passcode"
	msgKeyring         = "service.keyring_unavailable"
	msgClipboardBad    = "service.clipboard_no_number"
	msgDialFailed      = "service.dial_failed"
	msgAnswerFailed    = "service.answer_failed"
	msgRejectFailed    = "service.reject_failed"
	msgConnOffline     = "service.conn_offline"
	msgConnUnreachable = "service.conn_unreachable"
	msgConnBadReply    = "service.conn_bad_reply"
	msgConnCertChanged = "service.conn_cert_changed"
	msgConnUnauth      = "service.conn_unauthorized"
	msgProbUnauth      = "service.problem_unauthorized"
	msgHintUnauth      = "service.hint_unauthorized"
	msgProbUnreach     = "service.problem_unreachable"
	msgHintUnreach     = "service.hint_unreachable"
	msgProbBadReply    = "service.problem_bad_reply"
	msgHintBadReply    = "service.hint_bad_reply"
	msgProbCert        = "service.problem_cert_changed"
	msgHintCert        = "service.hint_cert_changed"
	msgProbNotSupp     = "service.problem_not_supported"
	msgHintClickDial   = "service.hint_click_to_dial"
	msgProbPhone       = "service.problem_phone_error"
	msgProbAddress     = "service.problem_address"
	msgHintAddress     = "service.hint_address"
	msgProbOther       = "service.problem_other"
	msgPushOff         = "service.push_off"
	msgPushFailed      = "service.push_failed"
)
