package windows

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2/widget"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
)

// phoneSettingsAPI is what "Set up instant notifications" needs of the tray
// process (*localapi.Client has it): the tray owns the listener and the
// phone's connection, so it logs in to the phone's web page and writes.
type phoneSettingsAPI interface {
	PlanActionURLs(ctx context.Context, replace bool) (localapi.ActionURLResult, error)
	InstallActionURLs(ctx context.Context, replace bool) (localapi.ActionURLResult, error)
}

const (
	pushSetupTimeout  = 2 * time.Minute
	defaultPushListen = "0.0.0.0:8765" // every address of this computer, the port the README uses
)

// pushSetup is the "Set up instant notifications" part of the settings: a
// first click reads the phone's Action URL fields and shows what would be
// written (someone else's URLs are shown and kept unless the box is
// ticked); the second click, "Write to the phone", writes them and shows
// what the phone kept.
type pushSetup struct {
	Button  *widget.Button
	Replace *widget.Check
	Result  *widget.Label

	planned bool // the plan is shown; the button writes
	busy    bool
}

func (w *SettingsWindow) buildPushSetup() {
	t := w.env.t
	p := &w.push
	p.Button = widget.NewButton(t("webphone.setup"), w.setupPush)
	p.Replace = widget.NewCheck(t("webphone.setup_replace"), nil)
	p.Replace.Hide()
	p.Result = newMessage(false)
	p.Result.Selectable = true
}

// resetPushSetup forgets a shown plan (the listener address changed).
func (w *SettingsWindow) resetPushSetup() {
	p := &w.push
	if !p.planned || p.Button == nil {
		return
	}
	p.planned = false
	p.Button.Importance = widget.MediumImportance
	p.Button.SetText(w.env.t("webphone.setup"))
	p.Replace.Hide()
	setMessage(p.Result, "")
}

func (w *SettingsWindow) setupPush() {
	p := &w.push
	if p.busy {
		return
	}
	api, ok := w.env.API.(phoneSettingsAPI)
	switch {
	case strings.TrimSpace(w.PushListen.Text) == "":
		// The usual listener, for the person to save: the phone must reach it.
		w.PushListen.SetText(defaultPushListen)
		w.pushMessage(w.env.t("webphone.setup_listener_filled", defaultPushListen), false)
		return
	case w.env.API == nil || !ok:
		w.pushMessage(w.env.t("webphone.setup_no_tray"), true)
		return
	case !w.haveState || w.state.PushURL == "" || strings.TrimSpace(w.PushListen.Text) != w.loaded.PushListen:
		w.pushMessage(w.env.t("webphone.setup_listener_first"), true)
		return
	}
	write, replace := p.planned, p.Replace.Checked
	var res localapi.ActionURLResult
	p.busy = true
	enable(p.Button, false)
	w.pushMessage(w.env.t("webphone.setup_reading"), false)
	w.env.async(w.ctx, pushSetupTimeout, func(ctx context.Context) error {
		var err error
		if write {
			res, err = api.InstallActionURLs(ctx, replace)
		} else {
			res, err = api.PlanActionURLs(ctx, false)
		}
		return err
	}, func(err error) {
		p.busy = false
		enable(p.Button, true)
		if err != nil {
			w.pushMessage(w.env.errText(err), true)
			return
		}
		if write {
			w.showPushDone(res)
		} else {
			w.showPushPlan(res)
		}
	})
}

func (w *SettingsWindow) pushMessage(text string, danger bool) {
	r := w.push.Result
	r.Importance = widget.MediumImportance
	if danger {
		r.Importance = widget.DangerImportance
	}
	setMessage(r, text)
	r.Refresh()
}

// slotLines is the field by field report.
func slotLines(res localapi.ActionURLResult) []string {
	var lines []string
	for _, s := range res.Slots {
		line := fmt.Sprintf("%s (%s): %s", s.Label, s.PValue, s.Words)
		if s.Value != "" {
			line += ": " + cti.CleanText(s.Value)
		}
		lines = append(lines, line)
	}
	return lines
}

func countSlots(res localapi.ActionURLResult, states ...cti.SlotState) int {
	n := 0
	for _, s := range res.Slots {
		for _, st := range states {
			if s.State == st {
				n++
			}
		}
	}
	return n
}

func (w *SettingsWindow) showPushPlan(res localapi.ActionURLResult) {
	t, p := w.env.t, &w.push
	if !res.OK {
		w.pushMessage(joinLines("✗ "+res.Problem, res.Hint), true)
		return
	}
	lines := slotLines(res)
	todo, foreign := countSlots(res, cti.SlotInstalled), countSlots(res, cti.SlotForeign)
	if foreign > 0 {
		p.Replace.SetChecked(false)
		p.Replace.Show()
	}
	if todo == 0 && foreign == 0 {
		w.pushMessage(joinLines(append(lines, t("webphone.nothing_to_do"))...), false)
		return
	}
	lines = append(lines, t("webphone.setup_question"))
	p.planned = true
	p.Button.Importance = widget.HighImportance
	p.Button.SetText(t("webphone.setup_write"))
	w.pushMessage(joinLines(lines...), false)
}

func (w *SettingsWindow) showPushDone(res localapi.ActionURLResult) {
	t, p := w.env.t, &w.push
	p.planned = false
	p.Button.Importance = widget.MediumImportance
	p.Button.SetText(t("webphone.setup"))
	p.Replace.Hide()
	lines := slotLines(res)
	if !res.OK {
		w.pushMessage(joinLines(append([]string{"✗ " + res.Problem, res.Hint}, lines...)...), true)
		return
	}
	lines = append([]string{"✓ " + t("webphone.setup_done")}, lines...)
	w.pushMessage(joinLines(lines...), false)
	w.push.Result.Importance = widget.SuccessImportance
	w.push.Result.Refresh()
}

func joinLines(lines ...string) string {
	out := lines[:0:0]
	for _, l := range lines {
		if l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// identityLines are what the connection test says about the phone itself.
func (w *SettingsWindow) identityLines(res localapi.TestResult) []string {
	var lines []string
	if id := res.Identity; id != nil {
		lines = append(lines, w.env.t("webphone.test_identity", w.env.t("webphone.tray_identity",
			firstText(id.Model, "?"), firstText(id.Firmware, "?"), firstText(id.MAC, "?"))))
	} else if res.IdentityProblem != "" {
		lines = append(lines, w.env.t("webphone.test_identity_unread", res.IdentityProblem))
	}
	for _, warn := range res.Warnings {
		lines = append(lines, "⚠ "+warn)
	}
	return lines
}

func firstText(v ...string) string {
	for _, s := range v {
		if s = cti.CleanText(s); s != "" {
			return s
		}
	}
	return ""
}
