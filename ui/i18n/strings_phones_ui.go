package i18n

// phonesUIStrings: several phones in one tray, as the tray menu and the
// windows show them.
var phonesUIStrings = []entry{
	{"tray.phones_more", "%d more phones: see the main window", "Ещё телефонов: %d (см. главное окно)"},
	{"window.popup.phone_line", "%s · line %d", "%s · линия %d"},
	{"window.dialpad.phone", "Phone", "Телефон"},
}
