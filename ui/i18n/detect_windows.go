//go:build windows

package i18n

import (
	"os"

	"golang.org/x/sys/windows"
)

// systemLanguage honours locale variables when set (MSYS, Cygwin, tests),
// else the first preferred UI language of the Windows user ("ru-RU").
func systemLanguage() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if os.Getenv(v) != "" {
			return DetectLanguage(os.Getenv)
		}
	}
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil || len(langs) == 0 {
		return English
	}
	return normalize(langs[0])
}
