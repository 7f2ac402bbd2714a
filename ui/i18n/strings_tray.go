package i18n

// trayStrings: the tray icon's menu and tooltip.
var trayStrings = []entry{
	{"tray.answer", "Answer", "Ответить"},
	{"tray.reject", "Reject", "Отклонить"},
	{"tray.hold", "Hold", "Удержание"},
	{"tray.resume", "Resume", "Снять с удержания"},
	{"tray.hangup", "Hang up", "Завершить вызов"},
	{"tray.dialpad", "Dial pad…", "Набор номера…"},
	{"tray.settings", "Settings…", "Настройки…"},
	{"tray.quit", "Quit", "Выход"},
	{"tray.recent", "Recent calls", "Последние вызовы"},
	{"tray.phone_controls", "Phone controls", "Управление телефоном"},
	{"tray.reboot", "Reboot…", "Перезагрузить…"},
	{"tray.factory_reset", "Factory reset…", "Сброс к заводским настройкам…"},
	{"tray.call", "Call %s", "Позвонить: %s"},
	{"tray.status.idle", "Idle", "Свободен"},
	{"tray.status.ringing", "Ringing", "Входящий вызов"},
	{"tray.status.in_call", "In call", "Разговор"},
	{"tray.status.on_hold", "On hold", "На удержании"},
	{"tray.status.offline", "Offline", "Нет связи"},
	{"tray.status.auth", "Sign-in problem", "Ошибка входа"},
}
