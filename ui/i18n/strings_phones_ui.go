package i18n

// phonesUIStrings: several phones in one tray, as the tray menu and the
// windows show them.
var phonesUIStrings = []entry{
	{"tray.recent.on_phone", "%s, %s", "%s, %s"},
	{"tray.phones_more", "%d more phones: choose them in the dial pad", "Ещё телефонов: %d (выберите их в окне набора номера)"},
	{"window.popup.phone_line", "%s · line %d", "%s · линия %d"},
	{"window.dialpad.phone", "Phone", "Телефон"},
	{"settings.phones.hint", "GXP Tray can watch several phones: each rings into this tray with its name. The phone above is the default one: the hotkey, tel: links and commands without --phone dial on it.", "GXP Tray может следить за несколькими телефонами: каждый звонит в этот трей со своим названием. Телефон выше — основной: на него звонят горячая клавиша, ссылки tel: и команды без --phone."},
	{"settings.phones.default_name", "Name of the phone above", "Название телефона выше"},
	{"settings.phones.none", "No other phones.", "Других телефонов нет."},
	{"settings.phones.name", "Name of the new phone", "Название нового телефона"},
	{"settings.phones.name_example", "Desk 2", "Стол 2"},
	{"settings.phones.address", "Its address", "Его адрес"},
	{"settings.phones.add", "Add phone", "Добавить телефон"},
	{"settings.phones.test", "Test", "Проверить"},
	{"settings.phones.row", "%s — %s", "%s — %s"},
	{"settings.phones.added", "Phone “%s” added.", "Телефон «%s» добавлен."},
	{"settings.phones.removed", "Phone “%s” removed.", "Телефон «%s» удалён."},
	{"settings.phones.need_password", "Enter the phone's admin password: it is kept in the system keyring, for this phone only.", "Введите пароль администратора телефона: он хранится в системном хранилище паролей, только для этого телефона."},
}
