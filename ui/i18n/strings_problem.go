package i18n

// problemStrings: what went wrong and what to do about it, in words a person
// reads (ui/problem picks them by the kind of error).
var problemStrings = []entry{
	{"problem.unauthorized", "The phone rejected the password.", "Телефон отклонил пароль."},
	{"problem.unauthorized_hint", "Use the phone's admin web password. Phones lock the account after 5 failed logins, so check it before trying again.", "Используйте пароль администратора веб-интерфейса телефона. После 5 неудачных входов телефон блокирует учётную запись, поэтому проверьте пароль, прежде чем пробовать снова."},
	{"problem.unreachable", "The phone does not answer.", "Телефон не отвечает."},
	{"problem.unreachable_hint", "Check the address and that the phone is on. On GXP21xx/GRP26xx, switch on Network → Remote Control → Action URI Support and allow this computer's IP address.", "Проверьте адрес и что телефон включён. На GXP21xx/GRP26xx включите Network → Remote Control → Action URI Support и разрешите IP-адрес этого компьютера."},
	{"problem.timeout", "The phone took too long to answer.", "Телефон слишком долго не отвечал."},
	{"problem.not_a_phone", "This address answers, but not as a Grandstream phone.", "По этому адресу отвечает не телефон Grandstream."},
	{"problem.not_a_phone_hint", "Check the address and the port: they are those of the phone's web page.", "Проверьте адрес и порт: это адрес веб-страницы телефона."},
	{"problem.wrong_scheme", "The phone answers over %s, not %s.", "Телефон отвечает по %s, а не по %s."},
	{"problem.wrong_scheme_hint", "Write the address as %s.", "Укажите адрес так: %s."},
	{"problem.cert_changed", "The phone's HTTPS certificate has changed.", "HTTPS-сертификат телефона изменился."},
	{"problem.cert_changed_hint", "Pinned SHA-256 %s, now %s. If the phone was reset or got a new certificate, clear the pinned fingerprint in Settings.", "Запомненный SHA-256 %s, теперь %s. Если телефон сбросили или он получил новый сертификат, удалите запомненный отпечаток в настройках."},
	{"problem.cert_not_trusted", "The phone's HTTPS certificate is not trusted.", "HTTPS-сертификат телефона не заслуживает доверия."},
	{"problem.cert_not_trusted_hint", "Phones use self-signed certificates: choose to pin the phone's certificate in Settings.", "Телефоны используют самоподписанные сертификаты: выберите в настройках запоминание сертификата телефона."},
	{"problem.not_supported", "The phone does not offer this function.", "Телефон не поддерживает эту функцию."},
	{"problem.not_supported_hint", "For instant dialing, switch on Settings → Call Features → Click-To-Dial Feature on the phone, or set the dial method to keys.", "Для мгновенного набора включите на телефоне Settings → Call Features → Click-To-Dial Feature или выберите способ набора «Нажатия клавиш»."},
	{"problem.no_call_ringing", "No call is ringing.", "Нет входящего вызова."},
	{"problem.no_call_hold", "No call to hold or resume.", "Нет вызова, который можно удержать или вернуть."},
	{"problem.no_call_end", "No call to hang up.", "Нет вызова, который можно завершить."},
	{"problem.no_number", "No phone number in “%s”.", "В «%s» нет номера телефона."},
	{"problem.empty_number", "Nothing to dial: the text is empty.", "Нечего набирать: текст пуст."},
	{"problem.bad_number", "“%s” is not a phone number (%s).", "«%s» — не номер телефона (%s)."},
	{"problem.several_numbers", "The text holds %d phone numbers: %s.", "Номеров в тексте: %d (%s)."},
	{"problem.several_numbers_hint", "Copy just the one to call.", "Скопируйте только тот, на который нужно позвонить."},
	{"problem.busy", "Another dial is still in progress.", "Ещё идёт предыдущий набор номера."},
	{"problem.not_running", "GXP Tray is not running.", "GXP Tray не запущен."},
	{"problem.phone_error", "The phone reported an error: %s.", "Телефон сообщил об ошибке: %s."},
}
