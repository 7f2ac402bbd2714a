package cti

// Dialable is a number ready for the phone: digits, '*', '#', a leading '+'
// and ',' pauses, after the dial prefix and the + replacement. Only
// NumberRules.Normalize and FindNumbers make one, so Dial and MakeCall take
// it without checking it again. The zero value is no number (Dial refuses
// it).
type Dialable struct{ s string }

// String is the number as the phone dials it, e.g. "+15550100,12".
func (d Dialable) String() string { return d.s }

// IsZero reports whether d is no number.
func (d Dialable) IsZero() bool { return d.s == "" }
