package settings

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sync"

	"github.com/gxptray/gxptray/ui/internal/filelock"
)

// Change is an edit of some settings: the fields listed take their value in
// Values; every other field keeps what the file holds when the change is
// applied. A window sends what the person edited, never a whole copy read
// earlier, so it cannot undo what the tray saved since (a pinned
// certificate, above all: blanking it would trust the next certificate).
type Change struct {
	Fields []Field  `json:"fields"`
	Values Settings `json:"values"`
}

// Diff is the change that turns base (the settings as a window read them)
// into edited (what it shows now): only the fields that differ.
func Diff(base, edited Settings) Change {
	c := Change{Values: edited}
	b, e := reflect.ValueOf(base), reflect.ValueOf(edited)
	for i := 0; i < b.NumField(); i++ {
		if !reflect.DeepEqual(b.Field(i).Interface(), e.Field(i).Interface()) {
			c.Fields = append(c.Fields, Field(jsonName(b.Type().Field(i))))
		}
	}
	return c
}

// Only is the change of the given fields to their values in values.
func Only(values Settings, fields ...Field) Change {
	return Change{Fields: fields, Values: values}
}

// ErrUnknownField is wrapped by Apply's error for a field Settings lacks.
var ErrUnknownField = errors.New("settings: unknown field")

// Apply returns s with the change's fields set. A field Settings does not
// have is refused (ErrUnknownField) and s is returned unchanged.
func (c Change) Apply(s Settings) (Settings, error) {
	out := s
	v := reflect.ValueOf(&out).Elem()
	from := reflect.ValueOf(c.Values)
	for _, f := range c.Fields {
		i := slices.IndexFunc(reflect.VisibleFields(v.Type()), func(sf reflect.StructField) bool { return jsonName(sf) == string(f) })
		if i < 0 {
			return s, fmt.Errorf("%w %q", ErrUnknownField, string(f))
		}
		v.Field(i).Set(from.Field(i))
	}
	return out, nil
}

// Has reports whether the change sets field f.
func (c Change) Has(f Field) bool { return slices.Contains(c.Fields, f) }

// updateMu serializes the updates of one process; the file lock, those of
// processes (a command line pinning a certificate while no tray runs).
var updateMu sync.Mutex

// Modify is the one load-modify-save of the settings file: under a lock
// (of this process and of the file), it loads the settings as Load does,
// lets edit change them and saves the result atomically when edit reports
// a change. It returns the settings the file holds afterwards.
//
// The tray process calls it for every change while it runs (the windows
// and the command line ask it over the local API); the windows and the
// command line call it themselves only when no tray runs. A file that
// cannot be read (permissions) is not overwritten; one that is not valid
// JSON has been set aside by Load and is replaced.
func Modify(path string, edit func(*Settings) (changed bool, err error)) (Settings, error) {
	s := Defaults()
	err := locked(path, func() error {
		var err error
		s, _, err = Load(path)
		if ce := (*CorruptError)(nil); err != nil && !errors.As(err, &ce) {
			return err
		}
		changed, err := edit(&s)
		if err != nil || !changed {
			return err
		}
		s = s.Normalized()
		return Save(path, s)
	})
	return s, err
}

// locked runs f holding the lock of the settings file at path (and of the
// files kept next to it), first of this process, then of the file.
func locked(path string, f func() error) error {
	if path == "" {
		return errors.New("settings: no settings file")
	}
	updateMu.Lock()
	defer updateMu.Unlock()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	unlock, err := filelock.Lock(path + ".lock")
	if err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	defer unlock()
	return f()
}

// Update applies c to the settings file (see Modify) and returns what the
// file holds afterwards. Settings that would not validate are refused
// (ErrInvalid) and the file is left as it was.
func Update(path string, c Change) (Settings, error) {
	return Modify(path, func(s *Settings) (bool, error) {
		next, err := c.Apply(*s)
		if err != nil {
			return false, err
		}
		if err := next.Normalized().Validate().Err(); err != nil {
			return false, err
		}
		changed := !reflect.DeepEqual(next, *s)
		*s = next
		return changed, nil
	})
}
