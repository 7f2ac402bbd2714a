package settings

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"github.com/gxptray/gxptray/cti/atomicfile"
	"github.com/gxptray/gxptray/ui/i18n"
)

// maxFileSize bounds what Load reads: a settings file is a few hundred bytes.
const maxFileSize = 1 << 20

// ErrCorrupt is wrapped by Load's error when the file is not a JSON object.
var ErrCorrupt = errors.New("the settings file is not valid")

// CorruptError says that the settings file could not be read as settings and
// where it was set aside, so that nothing the user wrote is lost.
type CorruptError struct {
	Path   string // the settings file
	KeptAs string // where the bad file was moved; "" if moving it failed
	Err    error  // why it is unusable
	Move   error  // why it could not be moved, if it could not
}

func (e *CorruptError) Error() string {
	if e.KeptAs == "" {
		return fmt.Sprintf("settings file %s is unusable (%v) and could not be set aside (%v); default settings are in use", e.Path, e.Err, e.Move)
	}
	return i18n.Text("settings.load.corrupt", e.KeptAs) + " (" + e.Err.Error() + ")"
}

// Text is the message in the language of t (for the settings window).
func (e *CorruptError) Text(t Translator) string {
	if e.KeptAs == "" {
		return e.Error()
	}
	return t.T("settings.load.corrupt", e.KeptAs)
}

func (e *CorruptError) Unwrap() []error { return []error{ErrCorrupt, e.Err} }

// Load reads the settings file and never gives up on the whole file for one
// bad value:
//   - a missing file gives Defaults() and no error;
//   - a value of the wrong type or that fails validation is replaced with its
//     default and reported in Problems; the other fields are kept;
//   - a file that is not a JSON object gives Defaults() and a *CorruptError;
//     the file is moved aside as <path>.bad-<time> so the next Save cannot
//     overwrite it;
//   - a file that cannot be read (permissions) gives Defaults() and the error,
//     and is left in place.
//
// Fields missing from the file (older versions) take their defaults silently.
func Load(path string) (Settings, Problems, error) {
	def := Defaults()
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return def, nil, nil
	}
	if err != nil {
		return def, nil, fmt.Errorf("settings: %w", err)
	}
	if !fi.Mode().IsRegular() {
		// Not ours to move, and opening a FIFO would block.
		return def, nil, fmt.Errorf("settings: %s is not a regular file", path)
	}
	data, err := readLimited(path)
	if err != nil {
		return def, nil, fmt.Errorf("settings: %w", err)
	}
	raw, perr := parseObject(data)
	if perr != nil {
		return def, nil, setAside(path, perr)
	}
	s, problems := decodeFields(raw)
	s = s.Normalized()
	for f, err := range s.Validate() {
		if problems == nil {
			problems = Problems{}
		}
		problems[f] = err
		resetField(&s, f, def)
	}
	// The other phones, once the default phone is settled: each is kept or
	// refused on its own, and a refused one stays in the file.
	for _, pe := range s.loadPhones(raw[string(FieldOtherPhones)]) {
		if problems == nil {
			problems = Problems{}
		}
		if pe.Index == 0 && pe.Err.Field == FieldPhoneName {
			problems[FieldPhoneName] = pe
			continue
		}
		prev, _ := problems[FieldOtherPhones].(PhoneErrors)
		problems[FieldOtherPhones] = append(prev, pe)
	}
	if s.ScreenPopURL == "" && s.ScreenPopOn != ScreenPopOff {
		// A page to open but no (valid) address left: stop opening it.
		s.ScreenPopOn = ScreenPopOff
	}
	if p := s.Validate(); len(p) > 0 {
		// Only reachable if a default itself were invalid.
		return def, p, nil
	}
	return s, problems, nil
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxFileSize+1))
}

func parseObject(data []byte) (map[string]json.RawMessage, error) {
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("larger than %d bytes", maxFileSize)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	if raw == nil {
		return nil, errors.New("not a JSON object")
	}
	return raw, nil
}

// decodeFields fills Settings field by field, so that one value of the wrong
// type costs that field only.
func decodeFields(raw map[string]json.RawMessage) (Settings, Problems) {
	s := Defaults()
	var problems Problems
	v := reflect.ValueOf(&s).Elem()
	for i := 0; i < v.NumField(); i++ {
		name := jsonName(v.Type().Field(i))
		if name == string(FieldOtherPhones) || name == string(FieldRefusedPhones) {
			continue // entry by entry, by loadPhones
		}
		msg, ok := raw[name]
		if !ok || bytes.Equal(bytes.TrimSpace(msg), []byte("null")) {
			continue
		}
		p := reflect.New(v.Field(i).Type())
		if err := json.Unmarshal(msg, p.Interface()); err != nil {
			if problems == nil {
				problems = Problems{}
			}
			problems[Field(name)] = invalid(Field(name), "settings.error.type")
			continue
		}
		v.Field(i).Set(p.Elem())
	}
	return s, problems
}

// resetField sets the field named f to its value in def.
func resetField(s *Settings, f Field, def Settings) {
	v := reflect.ValueOf(s).Elem()
	d := reflect.ValueOf(def)
	for i := 0; i < v.NumField(); i++ {
		if jsonName(v.Type().Field(i)) == string(f) {
			v.Field(i).Set(d.Field(i))
			return
		}
	}
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}

// setAside moves an unusable settings file to <path>.bad-<time>.
func setAside(path string, cause error) error {
	e := &CorruptError{Path: path, Err: cause}
	stamp := time.Now().Format("20060102-150405")
	for n := 0; n < 100; n++ {
		dst := path + ".bad-" + stamp
		if n > 0 {
			dst = fmt.Sprintf("%s-%d", dst, n)
		}
		if _, err := os.Lstat(dst); err == nil {
			continue
		}
		if err := os.Rename(path, dst); err != nil {
			e.Move = err
			return e
		}
		e.KeptAs = dst
		return e
	}
	e.Move = errors.New("too many set-aside files")
	return e
}

// Save writes s to path atomically (a temporary file in the same directory,
// synced, then renamed over path), with mode 0600 in a directory created with
// mode 0700. Invalid settings are refused with an error wrapping ErrInvalid
// (a *ProblemsError) and the file is left untouched. When path is a
// symbolic link, the file it points to is replaced.
func Save(path string, s Settings) error {
	s = s.Normalized()
	if err := s.Validate().Err(); err != nil {
		return err
	}
	shape, err := toFile(s)
	if err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	data, err := json.MarshalIndent(shape, "", "  ")
	if err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	data = append(data, '\n')
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	return writeFileAtomic(path, data, 0o600)
}

// writeFileAtomic replaces path with data, mode perm (cti/atomicfile).
func writeFileAtomic(path string, data []byte, perm fs.FileMode) error {
	if err := atomicfile.WriteFile(path, data, perm); err != nil {
		return fmt.Errorf("settings: %w", err)
	}
	return nil
}
