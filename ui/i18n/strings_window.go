package i18n

// windowStrings: the windows (dial pad, incoming call, history, the main
// window, confirmations), except the settings window's fields
// (strings_settings.go). The file is not named strings_windows.go: Go would
// build that name on Windows only.
var windowStrings = []entry{
	{"window.call", "Call", "Позвонить"},
	{"window.hangup", "Hang up", "Завершить"},
	{"window.hold", "Hold", "Удержание"},
	{"window.dismiss", "Dismiss", "Скрыть"},
	{"window.test_connection", "Test connection", "Проверить соединение"},

	// Titles: end-to-end tests find windows by them; keep them stable.
	{"window.title.dialpad", "GXP Tray — Dial pad", "GXP Tray — Набор номера"},
	{"window.title.settings", "GXP Tray — Settings", "GXP Tray — Настройки"},
	{"window.title.popup", "Incoming call", "Входящий вызов"},
	{"window.title.history", "GXP Tray — Recent calls", "GXP Tray — Последние вызовы"},
	{"window.title.main", "GXP Tray", "GXP Tray"},
	{"window.title.reboot", "GXP Tray — Reboot the phone", "GXP Tray — Перезагрузка телефона"},
	{"window.title.reset", "GXP Tray — Factory reset", "GXP Tray — Сброс к заводским настройкам"},
	{"window.title.notrunning", "GXP Tray", "GXP Tray"},

	// Common words.
	{"window.accept", "Accept", "Принять"},
	{"window.reject", "Reject", "Отклонить"},
	{"window.resume", "Resume", "Снять с удержания"},
	{"window.cancel", "Cancel", "Отмена"},
	{"window.close", "Close", "Закрыть"},
	{"window.ok", "OK", "OK"},
	{"window.unknown_caller", "Unknown caller", "Неизвестный абонент"},
	{"window.line_status", "Line %d: %s — %s", "Линия %d: %s — %s"},
	{"window.not_running", "GXP Tray is not running. Start it from the applications menu.", "GXP Tray не запущен. Запустите его из меню приложений."},

	// The connection to the phone (ui/problem.Connection). The line states'
	// words are ui/problem's too (strings_problem.go).
	{"window.conn.online", "The phone is connected", "Телефон на связи"},
	{"window.conn.offline", "The phone does not answer", "Телефон не отвечает"},
	{"window.conn.unauthorized", "The phone rejected the password", "Телефон отклонил пароль"},
	{"window.conn.unknown", "Connecting to the phone…", "Подключение к телефону…"},

	// Errors shown in the windows.

	// Dial pad.
	{"window.dialpad.placeholder", "Number", "Номер"},
	{"window.dialpad.preview", "Will dial: %s", "Будет набрано: %s"},
	{"window.dialpad.account", "Account", "Учётная запись"},
	{"window.dialpad.empty", "Type a number first.", "Сначала введите номер."},
	{"window.dialpad.calling", "Calling %s…", "Вызов %s…"},
	{"window.dialpad.dialed", "Dialed %s (%s)", "Набран номер %s (%s)"},
	{"window.dialpad.dialing_busy", "Dialing…", "Идёт набор…"},
	{"window.dialpad.sent_key", "Sent %s", "Отправлено: %s"},
	{"window.method.auto", "automatic", "автоматически"},
	{"window.method.make_call", "Click-To-Dial", "Click-To-Dial"},
	{"window.method.keys", "by key presses", "нажатиями клавиш"},
	{"window.account.default", "Phone default", "По умолчанию телефона"},
	{"window.account.n", "Account %d", "Учётная запись %d"},

	// Incoming call window.
	{"window.popup.line", "Line %d", "Линия %d"},

	// Recent calls.
	{"window.history.call_back", "Call back", "Перезвонить"},
	{"window.history.search", "Search a name or number", "Поиск по имени или номеру"},
	{"window.history.no_match", "No call matches “%s”.", "Нет вызовов по запросу «%s»."},
	{"window.history.clear", "Clear history…", "Очистить историю…"},
	{"window.history.clear_question", "Delete all %d calls from the history? This cannot be undone.", "Удалить из истории все вызовы (%d)? Отменить это нельзя."},
	{"window.history.clear_ok", "Delete all calls", "Удалить все вызовы"},
	{"window.history.cleared", "The call history is cleared.", "История вызовов очищена."},
	// When a call was: "today 14:05"; Go time layouts (reference time Mon Jan 2 15:04:05 2006) for older ones.
	{"window.history.today", "today %s", "сегодня %s"},
	{"window.history.yesterday", "yesterday %s", "вчера %s"},
	{"window.history.date_layout", "Jan 2, 15:04", "02.01, 15:04"},
	{"window.history.date_layout_year", "Jan 2, 2006", "02.01.2006"},
	{"window.history.loading", "Loading…", "Загрузка…"},
	{"window.history.empty", "No calls yet.", "Вызовов пока нет."},
	{"window.history.incoming", "incoming", "входящий"},
	{"window.history.outgoing", "outgoing", "исходящий"},
	{"window.history.answered", "answered", "отвечен"},
	{"window.history.missed", "missed", "пропущен"},
	{"window.history.rejected", "rejected", "отклонён"},
	{"window.history.unanswered", "no answer", "без ответа"},

	// Main window (when there is no tray icon).
	{"window.main.dialpad", "Dial pad…", "Набор номера…"},
	{"window.main.history", "Recent calls…", "Последние вызовы…"},
	{"window.main.history_missed", "Recent calls (%d missed)…", "Последние вызовы (пропущено: %d)…"},
	{"window.main.settings", "Settings…", "Настройки…"},
	{"window.main.reboot", "Reboot…", "Перезагрузить…"},
	{"window.main.reset", "Factory reset…", "Сброс к заводским настройкам…"},
	{"window.main.quit", "Quit GXP Tray", "Выйти из GXP Tray"},
	{"window.main.no_calls", "No calls in progress.", "Активных вызовов нет."},

	// Reboot and factory reset.
	{"window.reboot.question", "Reboot the phone? Calls in progress will be cut.", "Перезагрузить телефон? Текущие разговоры прервутся."},
	{"window.reboot.ok", "Reboot", "Перезагрузить"},
	{"window.reset.question", "Reset the phone to factory settings? All of its configuration (accounts, passwords, settings) will be erased. This cannot be undone.", "Сбросить телефон к заводским настройкам? Вся его конфигурация (учётные записи, пароли, настройки) будет удалена. Отменить это нельзя."},
	{"window.reset.type", "Type %s to confirm:", "Введите %s для подтверждения:"},
	{"window.reset.ok", "Factory reset", "Сбросить"},

	// Settings window: results and messages.
	{"window.settings.save_anyway", "Save anyway", "Всё равно сохранить"},
	{"window.settings.save_anyway_hint", "Check the address and the password. “Save anyway” keeps them: GXP Tray then tries them once and stops if the phone refuses.", "Проверьте адрес и пароль. «Всё равно сохранить» сохранит их: GXP Tray попробует их один раз и остановится, если телефон откажет."},
	{"window.settings.not_saved", "Not saved yet: the phone did not accept the connection.", "Пока не сохранено: телефон не принял подключение."},
	{"window.settings.testing", "Testing the connection…", "Проверка соединения…"},
	{"window.settings.test_ok", "The phone answers: %d lines, %d in use.", "Телефон отвечает: линий %d, занято %d."},
	{"window.settings.test_accounts", "Accounts: %s", "Учётные записи: %s"},
	{"window.settings.account_registered", "registered", "зарегистрирована"},
	{"window.settings.account_unregistered", "not registered", "не зарегистрирована"},
	{"window.settings.make_call_works", "Click-To-Dial works.", "Click-To-Dial работает."},
	{"window.settings.make_call_disabled", "Click-To-Dial is off: numbers are dialed by key presses. Turn on Settings → Call Features → Click-To-Dial Feature on the phone for instant dialing.", "Click-To-Dial выключен: номера набираются нажатиями клавиш. Для мгновенного набора включите на телефоне Settings → Call Features → Click-To-Dial Feature."},
	{"window.settings.make_call_unknown", "Whether Click-To-Dial works is known after the first call.", "Работает ли Click-To-Dial, станет известно после первого звонка."},
	{"window.settings.test_cert", "Certificate SHA-256: %s", "Сертификат SHA-256: %s"},
	{"window.settings.reuse_passcode", "Send the password saved for %s to %s", "Отправить пароль, сохранённый для %s, на %s"},
	{"window.settings.cert_pinned", "This certificate will be remembered when you save.", "Этот сертификат будет запомнен при сохранении."},
	{"window.settings.saved_not_running", "Settings saved. They apply when GXP Tray starts.", "Настройки сохранены. Они вступят в силу при запуске GXP Tray."},
	{"window.settings.save_failed", "Could not save the settings: %s", "Не удалось сохранить настройки: %s"},
	{"window.settings.keyring_failed", "Could not save the password in the keyring: %s", "Не удалось сохранить пароль в хранилище паролей: %s"},
	{"window.settings.autostart_failed", "Could not change start at login: %s", "Не удалось изменить автозапуск: %s"},
	{"window.settings.passcode_first", "Enter the password first.", "Сначала введите пароль."},
	{"window.settings.session_needs_tray", "The password can be kept for this session only while GXP Tray is running. Start GXP Tray and try again.", "Пароль можно сохранить только на сеанс, пока GXP Tray запущен. Запустите GXP Tray и повторите."},
	{"window.settings.hotkey_failed", "The hotkey is not active: %s", "Горячая клавиша не работает: %s"},
	{"window.settings.push_after_save", "After saving, the addresses to enter in the phone's Action URL settings are shown here.", "После сохранения здесь появятся адреса, которые нужно ввести в настройках Action URL телефона."},
	{"window.settings.push_paste", "Enter these in the phone's web interface (%s):", "Введите их в веб-интерфейсе телефона (%s):"},

	// Connection test without the tray process.
}
