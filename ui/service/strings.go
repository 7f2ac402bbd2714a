package service

// Message keys used by the service. The texts below are the fallback when the
// shared catalog (ui/i18n) does not have a key yet: T() returns the key itself
// for an unknown key, and the service then answers from this table so the user
// always reads a sentence, in Russian too.
const (
	msgIncomingCall  = "notify.incoming" // in ui/i18n/strings_notify.go
	msgMissedCall    = "notify.missed"   // in ui/i18n/strings_notify.go
	msgAccept        = "service.accept"
	msgReject        = "service.reject"
	msgCallBack      = "service.call_back"
	msgUnknownCaller = "service.unknown_caller"
	msgDialing       = "service.dialing"
	msgDialingKeys   = "service.dialing_keys"
	msgNoPhone       = "service.no_phone"
	msgNoPasscode    = "service.no_passcode"
	msgKeyring       = "service.keyring_unavailable"
	msgClipboardBad  = "service.clipboard_no_number"
	msgDialFailed    = "service.dial_failed"
	msgAnswerFailed  = "service.answer_failed"
	msgRejectFailed  = "service.reject_failed"
	msgConnOffline   = "service.conn_offline"
	msgConnUnauth    = "service.conn_unauthorized"
	msgProbUnauth    = "service.problem_unauthorized"
	msgHintUnauth    = "service.hint_unauthorized"
	msgProbUnreach   = "service.problem_unreachable"
	msgHintUnreach   = "service.hint_unreachable"
	msgProbBadReply  = "service.problem_bad_reply"
	msgHintBadReply  = "service.hint_bad_reply"
	msgProbCert      = "service.problem_cert_changed"
	msgHintCert      = "service.hint_cert_changed"
	msgProbNotSupp   = "service.problem_not_supported"
	msgHintClickDial = "service.hint_click_to_dial"
	msgProbPhone     = "service.problem_phone_error"
	msgProbAddress   = "service.problem_address"
	msgHintAddress   = "service.hint_address"
	msgProbOther     = "service.problem_other"
	msgPushOff       = "service.push_off"
	msgPushFailed    = "service.push_failed"
)

// entry has the shape of the ui/i18n tables ({key, en, ru}) so these lines can
// be moved there unchanged.
type entry struct{ key, en, ru string }

// serviceStrings are the user-facing texts of the resident process.
var serviceStrings = []entry{
	{msgAccept, "Accept", "Принять"},
	{msgReject, "Reject", "Отклонить"},
	{msgCallBack, "Call back", "Перезвонить"},
	{msgUnknownCaller, "Unknown caller", "Неизвестный абонент"},
	{msgDialing, "Dialing %s…", "Набор %s…"},
	{msgDialingKeys, "Dialing %s (%d/%d keys)", "Набор %s (клавиша %d из %d)"},
	{msgNoPhone, "Set the phone address in Settings", "Укажите адрес телефона в настройках"},
	{msgNoPasscode, "Enter the phone's passcode in Settings", "Введите пароль телефона в настройках"},
	{msgKeyring, "The system keyring is not available (%s). Enter the passcode in Settings and choose \"Keep for this session only\".", "Системное хранилище паролей недоступно (%s). Введите пароль в настройках и выберите «Только на этот сеанс»."},
	{msgClipboardBad, "The clipboard holds no phone number: %s", "В буфере обмена нет номера телефона: %s"},
	{msgDialFailed, "Could not dial: %s", "Не удалось позвонить: %s"},
	{msgAnswerFailed, "Could not answer the call: %s", "Не удалось ответить на звонок: %s"},
	{msgRejectFailed, "Could not reject the call: %s", "Не удалось отклонить звонок: %s"},
	{msgConnOffline, "The phone does not answer: %s", "Телефон не отвечает: %s"},
	{msgConnUnauth, "The phone rejected the passcode. Enter the right one in Settings.", "Телефон отклонил пароль. Введите верный пароль в настройках."},
	{msgProbUnauth, "The phone rejected the passcode.", "Телефон отклонил пароль."},
	{msgHintUnauth, "Use the phone's admin password. After 5 failures the phone locks the account for a while.", "Используйте пароль администратора телефона. После 5 неудачных попыток телефон на время блокирует учётную запись."},
	{msgProbUnreach, "The phone cannot be reached.", "Телефон недоступен."},
	{msgHintUnreach, "Check the address; on GXP21xx/GRP26xx enable Action URI Support (Network → Remote Control) and allow this computer's IP.", "Проверьте адрес; на GXP21xx/GRP26xx включите Action URI Support (Network → Remote Control) и разрешите IP-адрес этого компьютера."},
	{msgProbBadReply, "The reply is not CTI JSON.", "Ответ не похож на CTI JSON."},
	{msgHintBadReply, "This does not look like a Grandstream phone's CTI API. Check the address and the port (the phone's web interface).", "Это не похоже на CTI API телефона Grandstream. Проверьте адрес и порт (веб-интерфейс телефона)."},
	{msgProbCert, "The phone's HTTPS certificate has changed.", "HTTPS-сертификат телефона изменился."},
	{msgHintCert, "Pinned SHA-256 %s, now %s. If the phone was reset or got a new certificate, clear the pinned fingerprint in Settings.", "Запомненный SHA-256 %s, теперь %s. Если телефон сбросили или он получил новый сертификат, удалите запомненный отпечаток в настройках."},
	{msgProbNotSupp, "The phone does not support this function.", "Телефон не поддерживает эту функцию."},
	{msgHintClickDial, "Turn on Settings → Call Features → Click-To-Dial Feature on the phone.", "Включите на телефоне Settings → Call Features → Click-To-Dial Feature."},
	{msgProbPhone, "The phone reported an error: %s", "Телефон сообщил об ошибке: %s"},
	{msgProbAddress, "The phone address is not valid: %s", "Неверный адрес телефона: %s"},
	{msgHintAddress, "Use an address like 192.168.1.20, phone.lan:8080 or https://192.168.1.20.", "Укажите адрес вида 192.168.1.20, phone.lan:8080 или https://192.168.1.20."},
	{msgProbOther, "Connection test failed: %s", "Проверка соединения не удалась: %s"},
	{msgPushOff, "The Action URL listener is off: set a listen address in Settings.", "Приём Action URL выключен: укажите адрес для приёма в настройках."},
	{msgPushFailed, "The Action URL listener could not start: %s", "Не удалось запустить приём Action URL: %s"},
}
