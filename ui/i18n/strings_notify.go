package i18n

// notifyStrings: desktop notifications.
var notifyStrings = []entry{
	{"notify.incoming", "Incoming call", "Входящий вызов"},
	{"notify.missed", "Missed call", "Пропущенный вызов"},
	{"notify.from", "From %s", "От: %s"},
}
