package webphone

import (
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
)

// TestSlotWords: every field state in words, before (a plan) and after the
// task; a state this app does not know is shown as it is.
func TestSlotWords(t *testing.T) {
	en := i18n.New(i18n.English)
	done := map[cti.SlotState]string{
		cti.SlotInstalled: "written", cti.SlotReplaced: "replaced", cti.SlotUnchanged: "already set",
		cti.SlotForeign: "another program's, left alone", cti.SlotIgnored: "the phone did not keep it",
		cti.SlotNotWritten: "not written", cti.SlotRemoved: "removed", cti.SlotEmpty: "empty", "odd": "odd",
	}
	// Only what the task will write reads otherwise in a plan.
	planned := map[cti.SlotState]string{cti.SlotInstalled: "will be written", cti.SlotReplaced: "will be replaced"}
	for st, want := range done {
		if got := SlotWords(en, st, false); got != want {
			t.Errorf("%q done: %q, want %q", st, got, want)
		}
		if p, ok := planned[st]; ok {
			want = p
		}
		if got := SlotWords(en, st, true); got != want {
			t.Errorf("%q planned: %q, want %q", st, got, want)
		}
	}
	if got := SlotWords(i18n.New(i18n.Russian), cti.SlotInstalled, true); got != "будет записано" {
		t.Errorf("Russian plan: %q", got)
	}
}
