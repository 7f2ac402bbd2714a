package i18n

// cliStrings: messages of the command-line interface.
var cliStrings = []entry{
	{"cli.done", "Done", "Готово"},
	{"cli.error", "Error: %s", "Ошибка: %s"},
	{"cli.not_running", "GXP Tray is not running", "GXP Tray не запущен"},
}
