package i18n

// cliStrings: messages of the command-line interface.
var cliStrings = []entry{
	{"cli.done", "Done", "Готово"},
	{"cli.error", "Error: %s", "Ошибка: %s"},
	{"cli.not_running", "GXP Tray is not running", "GXP Tray не запущен"},
	// `gxptray dial --notify`: tel: and callto: links have no terminal to print to.
	{"cli.notify_dialing", "Dialing %s", "Набор номера %s"},
	{"cli.notify_dial_failed", "Could not dial", "Не удалось позвонить"},
	{"cli.notify_dial_failed_number", "Could not dial %s", "Не удалось позвонить на %s"},
	// What to do about an error, after its message.
	{"cli.hint_unauthorized", "Use the phone's admin web password (GXPTRAY_PASSWORD or Settings). Phones lock the account after 5 failed logins, so check it before trying again.", "Используйте пароль администратора веб-интерфейса телефона (GXPTRAY_PASSWORD или настройки). После 5 неудачных входов телефон блокирует учётную запись, поэтому проверьте пароль, прежде чем пробовать снова."},
	{"cli.hint_unreachable", "Check the address and that the phone is on. On GXP21xx/GRP26xx, switch on Network -> Remote Control -> Action URI Support and allow this computer's IP address.", "Проверьте адрес и что телефон включён. На GXP21xx/GRP26xx включите Network -> Remote Control -> Action URI Support и разрешите IP-адрес этого компьютера."},
	{"cli.hint_bad_reply", "That address answers, but not like a Grandstream phone's CTI API. Check the address and port.", "По этому адресу отвечает не CTI API телефона Grandstream. Проверьте адрес и порт."},
	{"cli.hint_cert_changed", "If the phone was reset or got a new certificate, clear the pinned fingerprint in Settings (or remove pinned_cert from the settings file).", "Если телефон сбросили или он получил новый сертификат, удалите запомненный отпечаток в настройках (или pinned_cert из файла настроек)."},
	{"cli.hint_not_supported", "For click-to-dial, switch on Settings -> Call Features -> Click-To-Dial Feature on the phone, or set the dial method to keys.", "Для набора номера включите на телефоне Settings -> Call Features -> Click-To-Dial Feature или выберите способ набора «Нажатия клавиш»."},
}
