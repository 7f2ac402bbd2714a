package contacts

import "github.com/jeandeaual/go-locale"

// systemRegion asks the OS (Windows and macOS keep the locale outside the
// environment).
func systemRegion() string {
	l, err := locale.GetLocale()
	if err != nil {
		return ""
	}
	return regionOf(l)
}
