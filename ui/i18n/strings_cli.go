package i18n

// cliStrings: messages of the command-line interface.
var cliStrings = []entry{
	{"cli.done", "Done", "Готово"},
	{"cli.error", "Error: %s", "Ошибка: %s"},
	{"cli.not_running", "GXP Tray is not running", "GXP Tray не запущен"},
	// `gxptray dial --notify`: tel: and callto: links have no terminal to print to.
	{"cli.notify_dialing", "Calling %s", "Звоним: %s"},
	{"cli.notify_dial_failed", "Could not dial", "Не удалось позвонить"},
	{"cli.notify_dial_failed_number", "Could not dial %s", "Не удалось позвонить на %s"},
}
