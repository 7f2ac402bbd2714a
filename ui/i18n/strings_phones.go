package i18n

// phonesStrings: several phones in one tray (the list's rules in
// ui/settings, the service's notifications and the command line's --phone).
var phonesStrings = []entry{
	// "Office: Incoming call": what happens on which phone, where there
	// are several.
	{"service.on_phone", "%s: %s", "%s: %s"},
	{"settings.refused_phones", "Phones not in use (invalid entries of the file)", "Неиспользуемые телефоны (неверные записи файла)"},
	{"settings.error.phones.entry", "Phone “%s”: %s", "Телефон «%s»: %s"},
	{"settings.error.phones.entry_unnamed", "Phone no. %d of the list: %s", "Телефон № %d списка: %s"},
	{"settings.error.phones.name", "A phone's name must be 1 to %d printable characters", "Название телефона — от 1 до %d печатаемых символов"},
	{"settings.error.phones.name_taken", "The name is taken by the phone “%s” (names are compared without regard to case)", "Это название уже у телефона «%s» (регистр букв не различается)"},
	{"settings.error.phones.same_address", "“%s” and “%s” have the same address %s: a phone can be in the list only once", "У «%s» и «%s» один и тот же адрес %s: телефон может быть в списке только один раз"},
	{"settings.error.phones.many", "At most %d phones", "Не более %d телефонов"},
	{"settings.error.phones.no_default", "The first phone has no address: the other phones are kept in the settings file, not used", "У первого телефона нет адреса: остальные телефоны сохранены в файле настроек, но не используются"},
}
