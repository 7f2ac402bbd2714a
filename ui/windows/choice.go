package windows

import "fyne.io/fyne/v2/widget"

// choice is a Select over fixed values shown with translated labels.
type choice struct {
	sel    *widget.Select
	values []string
	labels []string
}

func newChoice(e *Env, values, labelKeys []string) *choice {
	c := &choice{values: values}
	for _, k := range labelKeys {
		c.labels = append(c.labels, e.t(k))
	}
	c.sel = widget.NewSelect(c.labels, nil)
	return c
}

// value is the selected value, or "" when nothing is selected.
func (c *choice) value() string {
	for i, l := range c.labels {
		if l == c.sel.Selected {
			return c.values[i]
		}
	}
	return ""
}

// set selects v; an unknown v selects the first value (the settings
// validator has already replaced unknown values with defaults).
func (c *choice) set(v string) {
	for i, x := range c.values {
		if x == v {
			c.sel.SetSelected(c.labels[i])
			return
		}
	}
	if len(c.labels) > 0 {
		c.sel.SetSelected(c.labels[0])
	}
}
