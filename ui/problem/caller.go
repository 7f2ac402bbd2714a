package problem

// Caller is a caller as a person reads it: the name and the number joined
// by join (each place has its own layout: two lines in a notification,
// "Name (number)" in the menu, "Name <number>" on a terminal), or the one
// of them the phone gave. A name that is only the number again (phones send
// that when they know no name) is left out. name and number are already
// cleaned (cti.CleanText) and shortened as the place needs; "" when the
// phone gave neither.
func Caller(name, number string, join func(name, number string) string) string {
	switch {
	case name == "" || name == number:
		return number
	case number == "":
		return name
	}
	return join(name, number)
}
