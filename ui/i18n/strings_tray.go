package i18n

// trayStrings: the tray icon's menu and tooltip, and the messages of the
// resident tray process itself.
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
	// The phone's status; while a call is going on it is the line's word
	// (problem.line.*). Idle is the phone's own: "телефон" is masculine.
	{"tray.status.idle", "Idle", "Свободен"},
	{"tray.status.offline", "Offline", "Нет связи"},
	{"tray.status.auth", "Sign-in problem", "Ошибка входа"},
	{"tray.status.not_configured", "Not set up", "Не настроен"},
	{"tray.status.connecting", "Connecting…", "Подключение…"},

	// The status line: "<phone address> — <status>".
	{"tray.status_line", "%s — %s", "%s — %s"},
	{"tray.demo_phone", "Demo phone", "Демо-телефон"},
	{"tray.no_phone", "Phone not set up", "Телефон не настроен"},
	{"tray.setup_hint", "Open Settings to add your phone", "Откройте настройки и укажите телефон"},

	// One line per busy phone line: "Line 1: Anna (+7495…) — Ringing".
	{"tray.line", "Line %d: %s — %s", "Линия %d: %s — %s"},
	{"tray.line_bare", "Line %d — %s", "Линия %d — %s"},
	{"tray.caller", "%s (%s)", "%s (%s)"},
	{"tray.unknown_caller", "Unknown caller", "Неизвестный абонент"},

	{"tray.call_clipboard", "Call clipboard number", "Позвонить по номеру из буфера"},
	// The submenu of the numbers of a copied text that held several.
	{"tray.choice", "Which number?", "Какой номер?"},
	{"tray.choice_none", "Which number? (nothing to choose)", "Какой номер? (выбирать не из чего)"},
	{"tray.recent_unseen", "Recent calls (%d missed)", "Последние вызовы (пропущенных: %d)"},
	{"tray.recent_none", "No calls yet", "Вызовов пока нет"},
	{"tray.recent_all", "Show all…", "Показать все…"},
	// Recent calls: who, then when.
	{"tray.recent.incoming", "↙ %s — %s", "↙ %s — %s"},
	{"tray.recent.outgoing", "↗ %s — %s", "↗ %s — %s"},
	{"tray.recent.missed", "✗ %s — %s (missed)", "✗ %s — %s (пропущенный)"},
	{"tray.recent.rejected", "↙ %s — %s (rejected)", "↙ %s — %s (отклонённый)"},
	{"tray.recent.unanswered", "↗ %s — %s (no answer)", "↗ %s — %s (без ответа)"},
	// Go time layouts (reference time Mon Jan 2 15:04:05 2006), not fmt texts.
	{"tray.time_layout_today", "15:04", "15:04"},
	{"tray.time_layout", "Jan 2, 15:04", "02.01, 15:04"},

	{"tray.mute", "Mute", "Выключить микрофон"},
	{"tray.speaker", "Speaker", "Громкая связь"},
	{"tray.volume_up", "Volume up", "Громче"},
	{"tray.volume_down", "Volume down", "Тише"},
	{"tray.phone", "Phone", "Телефон"},
	// The menu's second line when no call is going on.
	{"tray.hotkey_hint", "%s calls the copied number", "%s — позвонить по скопированному номеру"},
	{"tray.no_calls", "No calls", "Вызовов нет"},
	// A call and how many more are going on: "Line 2: Anna — Ringing (+1 more)".
	{"tray.more_calls", "%s (+%d more)", "%s (ещё %d)"},
	{"tray.hotkey_problem", "Hotkey %s unavailable: %s", "Сочетание клавиш %s недоступно: %s"},

	// Tooltip of the tray icon.
	{"tray.tooltip", "GXP Tray — %s", "GXP Tray — %s"},
	{"tray.tooltip_caller", "%s: %s", "%s: %s"},
	{"tray.tooltip_missed", "%d missed", "пропущенных: %d"},

	// Messages of the tray process (notifications).
	{"tray.no_tray", "No system tray on this desktop: showing the GXP Tray window instead", "На этом рабочем столе нет области уведомлений: вместо значка открыто окно GXP Tray"},
	{"tray.error.operate", "The phone did not do it: %s", "Телефон не выполнил команду: %s"},
	{"tray.error.dial", "Could not dial: %s", "Не удалось позвонить: %s"},
	{"tray.error.keys", "Could not press the keys on the phone: %s", "Не удалось нажать клавиши на телефоне: %s"},
	{"tray.error.window", "Could not open the window: %s", "Не удалось открыть окно: %s"},
	{"tray.error.clipboard", "Could not read the clipboard: %s", "Не удалось прочитать буфер обмена: %s"},
}
