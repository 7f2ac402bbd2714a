package localapi

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/settings"
)

// fileWriter is a backend that saves settings changes as the tray does.
type fileWriter struct {
	*fakeBackend
	path string
}

func (w fileWriter) SettingsView(ctx context.Context) (SettingsView, error) {
	if err := w.record("SettingsView()"); err != nil {
		return SettingsView{}, err
	}
	s, problems, err := settings.Load(w.path)
	v := SettingsView{Settings: s, Reset: problems.Fields()}
	if err != nil {
		v.Problem = err.Error()
	}
	return v, nil
}

func (w fileWriter) UpdateSettings(ctx context.Context, c settings.Change) (settings.Settings, error) {
	if err := w.record("UpdateSettings(%v)", c.Fields); err != nil {
		return settings.Settings{}, err
	}
	return settings.Update(w.path, c)
}

func TestUpdateSettingsOverTheSocket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	s := settings.Defaults()
	s.Phone, s.PinnedCert = "https://192.168.1.20", "3f1c0b9a27d84e65c1f0aa12b34cd56e78f90123456789abcdef0123456789ab"
	if err := settings.Save(path, s); err != nil {
		t.Fatal(err)
	}
	_, c := serve(t, fileWriter{newFake(), path}, Options{})
	ctx := ctxT(t)

	v, err := c.SettingsView(ctx)
	if err != nil || v.Settings.Phone != s.Phone || v.Settings.PinnedCert != s.PinnedCert || len(v.Reset) != 0 || v.Problem != "" {
		t.Fatalf("SettingsView = %+v, %v", v, err)
	}
	saved, err := c.UpdateSettings(ctx, settings.Only(settings.Settings{DialPrefix: "9"}, settings.FieldDialPrefix))
	if err != nil || saved.DialPrefix != "9" || saved.PinnedCert != s.PinnedCert {
		t.Fatalf("UpdateSettings = %+v, %v", saved, err)
	}
	if got, _, _ := settings.Load(path); got.DialPrefix != "9" || got.PinnedCert != s.PinnedCert {
		t.Errorf("file holds %+v", got)
	}
	// An invalid value comes back as settings.ErrInvalid, in words.
	_, err = c.UpdateSettings(ctx, settings.Only(settings.Settings{DialPrefix: "9x"}, settings.FieldDialPrefix))
	var e *Error
	if !errors.Is(err, settings.ErrInvalid) || !errors.As(err, &e) || e.Kind != KindInvalidSettings || e.Message == "" {
		t.Errorf("invalid prefix: %v", err)
	}
	// No field, or a field settings do not have: refused before the backend.
	for _, ch := range []settings.Change{{}, {Fields: []settings.Field{"passcode"}}} {
		if _, err := c.UpdateSettings(ctx, ch); !errors.Is(err, ErrBadRequest) {
			t.Errorf("change %v: %v, want a bad request", ch.Fields, err)
		}
	}
	// A backend that does not save settings says so.
	_, plain := serve(t, plainBackend{newFake()}, Options{})
	if _, err := plain.UpdateSettings(ctx, settings.Only(settings.Settings{Beep: true}, settings.FieldBeep)); !errors.Is(err, cti.ErrNotSupported) {
		t.Errorf("without SettingsOwner: %v", err)
	}
	if _, err := plain.SettingsView(ctx); !errors.Is(err, cti.ErrNotSupported) {
		t.Errorf("SettingsView without SettingsOwner: %v", err)
	}
}

// The tray's words for an error travel with it: the client shows them and
// takes nothing apart; a secret in them is redacted like the message.
func TestErrorWordsTravelWithTheError(t *testing.T) {
	f := newFake()
	f.setFail("Dial", &cti.NumberError{Text: "abc", Reason: "contains letters"})
	_, c := serve(t, f, Options{Describe: func(err error) (string, string) {
		var ne *cti.NumberError
		if errors.As(err, &ne) {
			return "«" + ne.Text + "» — не номер телефона (" + ne.Reason + ").", "Проверьте номер; passcode=1234"
		}
		return "", ""
	}})
	_, err := c.Dial(ctxT(t), "abc")
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, cti.ErrInvalidNumber) {
		t.Fatalf("Dial: %v", err)
	}
	if e.Text != "«abc» — не номер телефона (contains letters)." || e.Hint != "Проверьте номер; passcode=***" {
		t.Errorf("words %q / %q", e.Text, e.Hint)
	}
}
