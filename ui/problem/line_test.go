package problem

import (
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
)

func TestLineStateWords(t *testing.T) {
	en, ru := i18n.New(i18n.English), i18n.New(i18n.Russian)
	seen := map[string]cti.LineState{} // no two states read the same
	for _, c := range []struct {
		state  cti.LineState
		en, ru string
	}{
		{cti.StateIdle, "Idle", "Свободна"},
		{cti.StateDialing, "Dialing", "Набор номера"},
		{cti.StateCalling, "Calling", "Исходящий вызов"},
		{cti.StateRinging, "Ringing", "Входящий вызов"},
		{cti.StateConnected, "In call", "Разговор"},
		{cti.StateOnHold, "On hold", "На удержании"},
		{cti.StateFailed, "Call failed", "Вызов не удался"},
		// States only the phone knows: its own word, in either language.
		{"transfer", "transfer", "transfer"},
		{"conf\x1b]0;pwned\x07erence", "conf]0;pwnederence", "conf]0;pwnederence"},
		{"", "", ""},
	} {
		if got := LineState(en, c.state); got != c.en {
			t.Errorf("%q in English: %q, want %q", c.state, got, c.en)
		}
		if got := LineState(ru, c.state); got != c.ru {
			t.Errorf("%q in Russian: %q, want %q", c.state, got, c.ru)
		}
		if other, dup := seen[c.ru]; dup && c.state.Known() {
			t.Errorf("%q and %q both read %q", c.state, other, c.ru)
		}
		seen[c.ru] = c.state
	}
	if got := LineState(nil, cti.StateOnHold); got != "On hold" {
		t.Errorf("no catalog: %q, want English", got)
	}
}
