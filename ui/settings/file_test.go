package settings

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/ui/i18n"
)

func allFields() []Field {
	var out []Field
	t := reflect.TypeOf(Settings{})
	for i := 0; i < t.NumField(); i++ {
		out = append(out, Field(jsonName(t.Field(i))))
	}
	return out
}

func sample() Settings {
	s := Defaults()
	s.Phone = "https://192.168.1.20:8443"
	s.TLSMode = TLSPin
	s.PinnedCert = strings.Repeat("5f", 32)
	s.Account = 2
	s.DialMethod = DialKeys
	s.DialPrefix = "9"
	s.PlusReplacement = "8"
	s.PollInterval = Duration(1500 * time.Millisecond)
	s.PushListen = "0.0.0.0:8765"
	s.Notifications = false
	s.Popup = PopupOn
	s.Beep = true
	s.ScreenPopURL = "https://crm.example/?q={number}&n={name}"
	s.ScreenPopOn = ScreenPopAnswer
	s.Hotkey = "Ctrl+Alt+P"
	s.Autostart = true
	s.Language = "ru"
	return s
}

func TestSaveLoadRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "conf", "settings.json")
	want := sample()
	if err := Save(path, want); err != nil {
		t.Fatal(err)
	}
	got, problems, err := Load(path)
	if err != nil || len(problems) != 0 {
		t.Fatalf("Load: %v, problems %v", err, problems.Err())
	}
	if !got.Equal(want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	// The file is readable JSON with the documented names and duration text.
	data, _ := os.ReadFile(path)
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if m["poll_interval"] != "1.5s" || m["phone"] != "https://192.168.1.20:8443" || m["screen_pop_on"] != "answer" {
		t.Errorf("file content: %s", data)
	}
	// Every field but refused_phones, which Save writes into other_phones.
	if len(m) != len(allFields())-1 || m["refused_phones"] != nil {
		t.Errorf("file has %d keys, want %d", len(m), len(allFields())-1)
	}
	// No temporary file is left behind.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only settings.json", len(entries))
	}
}

func TestSaveModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix file modes")
	}
	dir := filepath.Join(t.TempDir(), "new")
	path := filepath.Join(dir, "settings.json")
	if err := Save(path, sample()); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", fi.Mode().Perm())
	}
	di, _ := os.Stat(dir)
	if di.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v, want 0700", di.Mode().Perm())
	}
	// Overwriting a file someone made world-readable makes it private again.
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Save(path, Defaults()); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("after overwrite, mode %v", fi.Mode().Perm())
	}
}

func TestSaveRefusesInvalid(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	if err := Save(path, sample()); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	bad := sample()
	bad.DialPrefix = "9; rm -rf"
	bad.PollInterval = 0
	err := Save(path, bad)
	var pe *ProblemsError
	if !errors.Is(err, ErrInvalid) || !errors.As(err, &pe) || len(pe.Problems) != 2 {
		t.Fatalf("Save(invalid) = %v", err)
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(before) {
		t.Error("Save of invalid settings changed the file")
	}
}

func TestSaveNormalizes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	s := sample()
	s.Phone = "  192.168.1.20  "
	s.PinnedCert = strings.TrimSuffix(strings.Repeat("AB:", 32), ":")
	if err := Save(path, s); err != nil {
		t.Fatal(err)
	}
	got, _, _ := Load(path)
	if got.Phone != "192.168.1.20" || got.PinnedCert != strings.Repeat("ab", 32) {
		t.Errorf("saved %q %q", got.Phone, got.PinnedCert)
	}
}

func TestSaveThroughSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	dir := t.TempDir()
	real := filepath.Join(dir, "dotfiles", "gxptray.json")
	if err := os.MkdirAll(filepath.Dir(real), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "settings.json")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if err := Save(link, sample()); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the symlink was replaced: %v %v", fi.Mode(), err)
	}
	if got, _, _ := Load(real); !got.Equal(sample()) {
		t.Errorf("the link's target was not written: %+v", got)
	}
}

func TestLoadMissingFile(t *testing.T) {
	s, p, err := Load(filepath.Join(t.TempDir(), "none", "settings.json"))
	if err != nil || p != nil || !s.Equal(Defaults()) {
		t.Errorf("Load(missing) = %+v, %v, %v", s, p, err)
	}
}

func TestLoadBadFieldsFallBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	write(t, path, `{
		"phone": "192.168.1.20",
		"tls_mode": "none",
		"account": "two",
		"dial_method": "keys",
		"dial_prefix": "9",
		"plus_replacement": "+",
		"poll_interval": "1ms",
		"push_listen": 8765,
		"notifications": "yes",
		"popup": "off",
		"beep": true,
		"screen_pop_url": "",
		"screen_pop_on": "ring",
		"hotkey": "Ctrl+Alt+Q",
		"language": "ru",
		"future_setting": {"x": 1},
		"autostart": null
	}`)
	s, p, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	// Good fields are kept.
	if s.Phone != "192.168.1.20" || s.DialMethod != DialKeys || s.DialPrefix != "9" || s.Popup != PopupOff ||
		!s.Beep || s.Hotkey != "Ctrl+Alt+Q" || s.Language != "ru" {
		t.Errorf("good fields lost: %+v", s)
	}
	// Bad ones take their defaults, and each is reported.
	d := Defaults()
	if s.TLSMode != d.TLSMode || s.Account != d.Account || s.PlusReplacement != "" || s.PollInterval != d.PollInterval ||
		s.PushListen != "" || s.Notifications != d.Notifications || s.ScreenPopOn != ScreenPopOff || s.Autostart != d.Autostart {
		t.Errorf("bad fields not reset: %+v", s)
	}
	wantInvalid(t, "tls_mode", p[FieldTLSMode], "settings.error.choice")
	wantInvalid(t, "account", p[FieldAccount], "settings.error.type")
	wantInvalid(t, "plus", p[FieldPlusReplacement], "settings.error.plus_replacement")
	wantInvalid(t, "poll", p[FieldPollInterval], "settings.error.poll_interval.range")
	wantInvalid(t, "push", p[FieldPushListen], "settings.error.type")
	wantInvalid(t, "notifications", p[FieldNotifications], "settings.error.type")
	wantInvalid(t, "screen pop", p[FieldScreenPopURL], "settings.error.screen_pop_url.missing")
	if len(p) != 7 {
		t.Errorf("problems %v, want 7", p.Fields())
	}
	if vp := s.Validate(); len(vp) != 0 {
		t.Errorf("Load returned invalid settings: %v", vp.Err())
	}
	// The file itself is left alone until the user saves.
	if _, err := os.Stat(path); err != nil {
		t.Error(err)
	}
}

func TestLoadBadScreenPopURLKeepsTheRest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	write(t, path, `{"phone": "192.168.1.20", "screen_pop_url": "javascript:alert(1)", "screen_pop_on": "ring", "beep": true}`)
	s, p, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if s.Phone != "192.168.1.20" || !s.Beep || s.ScreenPopURL != "" || s.ScreenPopOn != ScreenPopOff {
		t.Errorf("Load = %+v", s)
	}
	wantInvalid(t, "screen pop", p[FieldScreenPopURL], "settings.error.screen_pop_url.scheme")
	if len(p) != 1 {
		t.Errorf("problems %v", p.Fields())
	}
}

func TestLoadDurationForms(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	for in, want := range map[string]time.Duration{`"750ms"`: 750 * time.Millisecond, `2`: 2 * time.Second, `0.5`: 500 * time.Millisecond} {
		write(t, path, `{"poll_interval": `+in+`}`)
		s, p, err := Load(path)
		if err != nil || len(p) != 0 || s.PollInterval.Duration() != want {
			t.Errorf("poll_interval %s: %v, %v, %v", in, s.PollInterval, p.Err(), err)
		}
	}
	for _, in := range []string{`"soon"`, `true`, `1e300`, `[1]`} {
		write(t, path, `{"poll_interval": `+in+`}`)
		s, p, err := Load(path)
		if err != nil || p[FieldPollInterval] == nil || s.PollInterval != Defaults().PollInterval {
			t.Errorf("poll_interval %s: %v, %v, %v", in, s.PollInterval, p, err)
		}
	}
}

func TestLoadCorruptFileIsKeptAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.json")
	for _, content := range []string{`{"phone": "192.168.1.20",`, ``, `null`, `["a"]`, `"text"`, "\xff\xfe{"} {
		write(t, path, content)
		s, p, err := Load(path)
		var ce *CorruptError
		if !errors.Is(err, ErrCorrupt) || !errors.As(err, &ce) || !s.Equal(Defaults()) || p != nil {
			t.Fatalf("Load(%q) = %+v, %v, %v", content, s, p, err)
		}
		kept, rerr := os.ReadFile(ce.KeptAs)
		if rerr != nil || string(kept) != content {
			t.Errorf("the bad file was not kept as %s: %q, %v", ce.KeptAs, kept, rerr)
		}
		if !strings.HasPrefix(filepath.Base(ce.KeptAs), "settings.json.bad-") {
			t.Errorf("kept as %s", ce.KeptAs)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the bad file is still in place, the next Save would overwrite it")
		}
		if !strings.Contains(err.Error(), ce.KeptAs) || !strings.Contains(ce.Text(i18n.New("ru")), "сохранён как") {
			t.Errorf("messages do not say where the file went: %q / %q", err, ce.Text(i18n.New("ru")))
		}
	}
	// Several in the same second all survive.
	matches, _ := filepath.Glob(filepath.Join(dir, "settings.json.bad-*"))
	if len(matches) != 6 {
		t.Errorf("%d files kept aside, want 6: %v", len(matches), matches)
	}
}

func TestLoadHugeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	write(t, path, `{"phone": "`+strings.Repeat("a", maxFileSize)+`"}`)
	_, _, err := Load(path)
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("Load(huge) = %v", err)
	}
}

func TestLoadNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "settings.json")
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	s, _, err := Load(path)
	if err == nil || errors.Is(err, ErrCorrupt) || !s.Equal(Defaults()) {
		t.Errorf("Load(directory) = %v", err)
	}
	if fi, err := os.Stat(path); err != nil || !fi.IsDir() {
		t.Error("the directory was moved")
	}
}

func TestSettingsHoldNoSecret(t *testing.T) {
	for _, f := range allFields() {
		for _, word := range []string{"pass", "secret", "token", "password", "pin_code"} {
			if strings.Contains(string(f), word) {
				t.Errorf("settings field %s looks like a secret: secrets belong in the SecretStore", f)
			}
		}
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
