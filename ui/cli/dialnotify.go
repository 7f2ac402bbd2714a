package cli

import (
	"context"
	"errors"
	"flag"

	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/problem"
	"github.com/gxptray/gxptray/ui/settings"
)

// notifyDial tells the outcome of a dial in a desktop notification: a
// tel: link opened from a browser has no terminal, so standard error is
// lost. text is what was to be dialed, number what the phone dialed. A
// notification that cannot be shown is only logged; the exit code stays
// the dial's.
func notifyDial(g *globals, text, number string, err error) {
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	cat := userCatalog(g)
	n := notify.Notification{Icon: "gxptray", Urgency: notify.UrgencyNormal}
	switch {
	case err == nil:
		n.Summary = cat.T("cli.notify_dialing", number)
		n.Urgency = notify.UrgencyLow
	case text == "":
		n.Summary = cat.T("cli.notify_dial_failed")
	default:
		n.Summary = cat.T("cli.notify_dial_failed_number", text)
	}
	if err != nil {
		n.Body = problem.Describe(cat, err).String()
	}
	notifier := openNotifier(g)
	defer notifier.Shutdown()
	if _, serr := notifier.Show(n, nil); serr != nil {
		g.logger.Warn("dial result not shown as a notification", "err", serr)
	}
}

func openNotifier(g *globals) notify.Notifier {
	if g.env.Notifier != nil {
		return g.env.Notifier()
	}
	return notify.New("GXP Tray", g.logger)
}

// userCatalog is the language chosen in Settings, or the locale's when the
// setting follows the system (or cannot be read).
func userCatalog(g *globals) *i18n.Catalog {
	lang := userSettings(context.Background()).Language
	if lang != settings.LanguageSystem && lang != "" {
		return i18n.New(lang)
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if g.env.Getenv(v) != "" {
			return i18n.New(i18n.DetectLanguage(g.env.Getenv))
		}
	}
	return i18n.New(i18n.System) // Windows: the user's display language
}
