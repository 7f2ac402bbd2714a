package windows

import (
	"time"

	"fyne.io/fyne/v2/widget"
)

// pollIntervals are the choices of the status check interval: the range
// the settings allow (250ms..10s), in steps a person tells apart.
var pollIntervals = []struct {
	d   time.Duration
	key string
}{
	{250 * time.Millisecond, "settings.poll.250ms"},
	{500 * time.Millisecond, "settings.poll.500ms"},
	{time.Second, "settings.poll.1s"},
	{2 * time.Second, "settings.poll.2s"},
	{5 * time.Second, "settings.poll.5s"},
	{10 * time.Second, "settings.poll.10s"},
}

// pollChoice is the interval Select. A value from the settings file that
// is not one of the choices (edited by hand) is listed as it is, so that
// opening and saving the window does not change it.
type pollChoice struct {
	e      *Env
	sel    *widget.Select
	values []time.Duration
}

func newPollChoice(e *Env) *pollChoice {
	p := &pollChoice{e: e, sel: widget.NewSelect(nil, nil)}
	p.options(0)
	return p
}

func (p *pollChoice) options(extra time.Duration) {
	var labels []string
	p.values = nil
	for _, c := range pollIntervals {
		if extra > 0 && extra < c.d && (len(p.values) == 0 || p.values[len(p.values)-1] < extra) {
			labels, p.values = append(labels, p.e.t("settings.poll.other", extra.String())), append(p.values, extra)
		}
		labels, p.values = append(labels, p.e.t(c.key)), append(p.values, c.d)
	}
	p.sel.SetOptions(labels)
}

// set selects d, adding it as a choice when it is not one.
func (p *pollChoice) set(d time.Duration) {
	for i, v := range p.values {
		if v == d {
			p.sel.SetSelectedIndex(i)
			return
		}
	}
	p.options(d)
	for i, v := range p.values {
		if v == d {
			p.sel.SetSelectedIndex(i)
			return
		}
	}
	p.sel.SetSelectedIndex(2) // one second, the default
}

// value is the selected interval (one second when nothing is selected).
func (p *pollChoice) value() time.Duration {
	if i := p.sel.SelectedIndex(); i >= 0 && i < len(p.values) {
		return p.values[i]
	}
	return time.Second
}
