package windows

import (
	"log/slog"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/gxptray/gxptray/ui/i18n"
)

// registerTranslations loads the catalog into Fyne's translation engine, so
// lang.L/lang.X know GXP Tray's texts and Fyne's own words (dialog buttons,
// the entry's context menu) follow the chosen language.
//
// Fyne 2.8 has no call to choose a language: it follows the locale
// environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG). When the user chose a
// language in Settings, LANGUAGE is set for this short-lived window process
// before the translations are registered (registering re-reads the
// environment). Labels of GXP Tray's own widgets do not depend on this: they
// come from the Catalog directly.
func registerTranslations(language string, forced bool, log *slog.Logger) {
	if forced {
		if err := os.Setenv("LANGUAGE", language); err != nil {
			log.Warn("choosing the language of Fyne's own texts", "err", err)
		}
	}
	for _, l := range i18n.Languages() {
		if err := lang.AddTranslationsForLocale(i18n.JSON(l), fyne.Locale(l)); err != nil {
			log.Warn("loading translations", "lang", l, "err", err)
		}
	}
}
