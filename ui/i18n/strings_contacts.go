package i18n

// contactsStrings: address books (settings, dial pad search, notifications).
var contactsStrings = []entry{
	{"settings.error.contacts.many", "At most %d address books", "Не более %d адресных книг"},
	{"settings.error.contacts_region", "Unknown region “%s”: use a two-letter country code such as RU or US", "Неизвестный регион «%s»: укажите двухбуквенный код страны, например RU или US"},
	{"settings.contacts", "Address books", "Адресные книги"},
	{"settings.contacts.hint", "Files (.vcf, .csv), CardDAV (https://…) or LDAP (ldap://, ldaps://). The first book that knows a number names the caller.", "Файлы (.vcf, .csv), CardDAV (https://…) или LDAP (ldap://, ldaps://). Звонящего называет первая книга, в которой есть номер."},
	{"settings.contacts.add", "Add", "Добавить"},
	{"settings.contacts.remove", "Remove", "Удалить"},
	{"settings.contacts.enabled", "On", "Вкл."},
	{"settings.contacts.url", "File or URL", "Файл или URL"},
	{"settings.contacts.username", "User name or bind DN", "Имя пользователя или bind DN"},
	{"settings.contacts.password", "Password (kept in the keyring)", "Пароль (хранится в хранилище паролей)"},
	{"settings.contacts.base_dn", "LDAP base DN", "Базовый DN LDAP"},
	{"settings.contacts.ca_file", "Server's own certificate or CA (PEM file)", "Свой сертификат или ЦС сервера (файл PEM)"},
	{"settings.contacts_region", "Region for national numbers", "Регион для национальных номеров"},
	{"settings.contacts_region.hint", "A two-letter country code such as RU or US: how numbers without a country code are read when callers are looked up. Empty: from the system's locale.", "Двухбуквенный код страны, например RU или US: как читать номера без кода страны при поиске звонящих. Пусто — по региону системы."},
	{"settings.contacts.none", "No address books yet", "Адресных книг пока нет"},
	{"contacts.source", "from %s", "из «%s»"},
	{"window.dialpad.search", "Search contacts or type a number", "Поиск контактов или номер"},
	{"window.dialpad.no_contacts", "No contact matches", "Контакты не найдены"},
	{"contacts.kind.work", "work", "рабочий"},
	{"contacts.kind.mobile", "mobile", "мобильный"},
	{"contacts.kind.home", "home", "домашний"},
	{"contacts.kind.extension", "extension", "внутренний"},
	{"contacts.kind.fax", "fax", "факс"},
	{"contacts.kind.other", "other", "другой"},
}
