package i18n

// webphoneStrings: the phone's own settings through its web session (Action
// URL install, identity, Do Not Disturb).
var webphoneStrings = []entry{
	{"webphone.plan_title", "Action URL fields on the phone at %s:", "Поля Action URL на телефоне %s:"},
	{"webphone.result_title", "What the phone keeps now:", "Что теперь хранит телефон:"},
	{"webphone.foreign_hint", "Fields that hold another program's URL, left alone: %d (--replace overwrites them).", "Полей с адресом другой программы: %d, они не тронуты (--replace перезапишет их)."},
	{"webphone.nothing_to_do", "Nothing to write: every field is already set or belongs to another program.", "Записывать нечего: все поля уже настроены или заняты другой программой."},
	{"webphone.confirm_install", "Write %d fields on the phone? Logging in as %s ends that account's session on the phone's web page.", "Записать поля на телефон (%d)? Вход под учётной записью %s завершит её сеанс на веб-странице телефона."},
	{"webphone.confirm_uninstall", "Remove GXP Tray's Action URLs from the phone? Logging in as %s ends that account's session on the phone's web page.", "Удалить адреса Action URL программы GXP Tray с телефона? Вход под учётной записью %s завершит её сеанс на веб-странице телефона."},
	{"webphone.dnd_on", "Do Not Disturb is on.", "Режим «Не беспокоить» включён."},
	{"webphone.dnd_off", "Do Not Disturb is off.", "Режим «Не беспокоить» выключен."},
	{"webphone.model", "Model %s, firmware %s", "Модель %s, прошивка %s"},
	{"webphone.mac", "MAC %s", "MAC %s"},
	{"webphone.name", "Name: %s", "Имя: %s"},
	{"webphone.account", "Account %d: %s (%s), %s", "Учётная запись %d: %s (%s), %s"},
	{"webphone.registered", "registered", "зарегистрирована"},
	{"webphone.unregistered", "not registered", "не зарегистрирована"},
	{"webphone.warning", "Warning", "Внимание"},
	{"webphone.advisory", "%s firmware %s has a publicly known security flaw (%s) in its web page that anyone on the network can exploit without a password. Update the firmware to %s or later.", "В веб-интерфейсе прошивки %s версии %s есть публично известная уязвимость (%s), которой любой в сети может воспользоваться без пароля. Обновите прошивку до %s или новее."},
	{"webphone.push_arriving", "Instant notifications work: the phone's Action URL requests arrive.", "Мгновенные уведомления работают: запросы Action URL от телефона приходят."},
	{"webphone.push_missing", "A call rang but the phone's Action URL request did not arrive. Check the phone's Action URI allowed IP list and this computer's firewall.", "Был вызов, но запрос Action URL от телефона не пришёл. Проверьте на телефоне список разрешённых IP для Action URI и брандмауэр этого компьютера."},
	{"webphone.slot.will_write", "will be written", "будет записано"},
	{"webphone.slot.will_replace", "will be replaced", "будет заменено"},
	{"webphone.slot.installed", "written", "записано"},
	{"webphone.slot.unchanged", "already set", "уже настроено"},
	{"webphone.slot.replaced", "replaced", "заменено"},
	{"webphone.slot.foreign", "another program's, left alone", "занято другой программой, не тронуто"},
	{"webphone.slot.ignored", "the phone did not keep it", "телефон не сохранил значение"},
	{"webphone.slot.not_written", "not written", "не записано"},
	{"webphone.slot.removed", "removed", "удалено"},
	{"webphone.slot.empty", "empty", "пусто"},
}
