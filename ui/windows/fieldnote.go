package windows

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// fieldProblem is where the settings window tells what is wrong with a
// field. Either way the message takes a place that is there anyway, so
// the form does not jump when one comes or goes.
type fieldProblem interface {
	setProblem(text string) // "" clears it
	Problem() string
}

// fieldNote is the small text under a field: its hint, or in the hint's
// place (same size, same lines) what is wrong with what was typed.
type fieldNote struct {
	*widget.RichText
	hint, problem string
}

func newFieldNote(hint string) *fieldNote {
	n := &fieldNote{RichText: newSecondary(hint), hint: hint}
	return n
}

func (n *fieldNote) setProblem(text string) {
	if text == n.problem {
		return
	}
	n.problem = text
	if text == "" {
		setSecondary(n.RichText, n.hint)
		return
	}
	n.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: text, Style: problemStyle}}
	n.Refresh()
}

// Problem is the message shown, "" when the hint is.
func (n *fieldNote) Problem() string { return n.problem }

var problemStyle = widget.RichTextStyle{
	Inline:    true,
	ColorName: theme.ColorNameError,
	SizeName:  theme.SizeNameCaptionText,
	TextStyle: fyne.TextStyle{Bold: true},
}

// labelNote is a message beside a field's label, for fields without a hint.
type labelNote struct{ *widget.Label }

func newLabelNote() labelNote { return labelNote{newMessage(true)} }

func (n labelNote) setProblem(text string) { setMessage(n.Label, text) }

func (n labelNote) Problem() string {
	if !n.Visible() {
		return ""
	}
	return n.Text
}
