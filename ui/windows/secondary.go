package windows

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// newSecondary is small explanatory text under a field. It uses the theme's
// placeholder colour, which themes keep legible on their background, rather
// than a label's LowImportance, which is the disabled colour and nearly
// vanishes in the dark theme.
func newSecondary(text string) *widget.RichText {
	r := widget.NewRichText(&widget.TextSegment{Text: text, Style: secondaryStyle})
	r.Wrapping = fyne.TextWrapWord
	return r
}

var secondaryStyle = widget.RichTextStyle{
	Inline:    true,
	ColorName: theme.ColorNamePlaceHolder,
	SizeName:  theme.SizeNameCaptionText,
}

// setSecondary replaces the text of a newSecondary.
func setSecondary(r *widget.RichText, text string) {
	r.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: text, Style: secondaryStyle}}
	r.Refresh()
}
