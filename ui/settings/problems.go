package settings

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/gxptray/gxptray/ui/i18n"
)

// ErrInvalid is wrapped by every validation error and by Save's refusal to
// write invalid settings.
var ErrInvalid = errors.New("invalid setting")

// Translator turns a message key into text; *i18n.Catalog is one.
type Translator interface {
	T(key string, args ...any) string
}

// Invalid is why a value was refused. Key names the message in ui/i18n and
// Args fill its verbs, so the settings window can show it in the user's
// language; Error() is the English text, for logs and the CLI.
type Invalid struct {
	Field Field
	Key   string
	Args  []any
}

func (e *Invalid) Error() string { return i18n.Text(e.Key, e.Args...) }

// Is makes errors.Is(err, ErrInvalid) true.
func (e *Invalid) Is(target error) bool { return target == ErrInvalid }

// Text is the message in the language of t.
func (e *Invalid) Text(t Translator) string { return t.T(e.Key, e.Args...) }

// Message is err in the language of t when it is a validation error, else
// err's own text.
func Message(err error, t Translator) string {
	var pes PhoneErrors
	if errors.As(err, &pes) {
		return pes.Text(t)
	}
	var pe *PhoneError
	if errors.As(err, &pe) {
		return pe.Text(t)
	}
	var inv *Invalid
	if errors.As(err, &inv) {
		return inv.Text(t)
	}
	return err.Error()
}

func invalid(f Field, key string, args ...any) *Invalid {
	return &Invalid{Field: f, Key: key, Args: args}
}

// Problems are the fields that failed validation, with the reason (an
// *Invalid). A nil or empty Problems means all is well.
type Problems map[Field]error

// Fields lists the fields with a problem, sorted.
func (p Problems) Fields() []Field {
	out := make([]Field, 0, len(p))
	for f := range p {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Err is nil without problems, else one error (wrapping ErrInvalid) listing
// them all.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &ProblemsError{Problems: p}
}

// ProblemsError is Problems as an error.
type ProblemsError struct{ Problems Problems }

func (e *ProblemsError) Error() string {
	parts := make([]string, 0, len(e.Problems))
	for _, f := range e.Problems.Fields() {
		parts = append(parts, fmt.Sprintf("%s: %v", f, e.Problems[f]))
	}
	return i18n.Text("settings.error.invalid", strings.Join(parts, "; "))
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ProblemsError) Is(target error) bool { return target == ErrInvalid }
