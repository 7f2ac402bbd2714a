package settings

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
)

func TestDiffListsOnlyWhatChanged(t *testing.T) {
	base := Defaults()
	base.Phone = "192.168.1.20"
	edited := base
	edited.DialPrefix = "9"
	edited.Beep = true
	c := Diff(base, edited)
	if !slices.Equal(c.Fields, []Field{FieldDialPrefix, FieldBeep}) {
		t.Fatalf("fields %v", c.Fields)
	}
	// Applied to a file where the pin was made since: the pin stays.
	now := base
	now.PinnedCert = "3f1c0b9a27d84e65c1f0aa12b34cd56e78f90123456789abcdef0123456789ab"
	got, err := c.Apply(now)
	if err != nil || got.PinnedCert != now.PinnedCert || got.DialPrefix != "9" || !got.Beep {
		t.Fatalf("applied %+v, %v", got, err)
	}
	if _, err := (Change{Fields: []Field{"no_such"}}).Apply(now); !errors.Is(err, ErrUnknownField) {
		t.Errorf("unknown field: %v", err)
	}
}

func TestUpdateRefusesInvalidAndKeepsTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cfg", "settings.json")
	s := Defaults()
	s.Phone = "192.168.1.20"
	if err := Save(path, s); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	_, err := Update(path, Only(Settings{DialPrefix: "9x"}, FieldDialPrefix))
	if !errors.Is(err, ErrInvalid) {
		t.Fatalf("invalid prefix: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Errorf("the file changed after a refused update:\n%s", after)
	}
	saved, err := Update(path, Only(Settings{DialPrefix: " 9 "}, FieldDialPrefix))
	if err != nil || saved.DialPrefix != "9" || saved.Phone != "192.168.1.20" {
		t.Fatalf("update = %+v, %v", saved, err)
	}
	if got, _, _ := Load(path); got.DialPrefix != "9" {
		t.Errorf("file prefix %q", got.DialPrefix)
	}
}

// Writers that each change their own field, at the same time, all land:
// none saves a stale copy over another's change.
func TestUpdatesAtOnceLoseNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "settings.json")
	phone := "https://192.168.1.20"
	if err := Save(path, Settings{Phone: phone, TLSMode: TLSPin, DialMethod: DialAuto, PollInterval: Duration(DefaultPollInterval),
		Popup: PopupAuto, ScreenPopOn: ScreenPopOff, Language: LanguageSystem}); err != nil {
		t.Fatal(err)
	}
	const pin = "3f1c0b9a27d84e65c1f0aa12b34cd56e78f90123456789abcdef0123456789ab"
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			switch i {
			case 0:
				err = SavePin(path, phone, pin)
			case 1:
				_, err = Update(path, Only(Settings{DialPrefix: "9"}, FieldDialPrefix))
			case 2:
				_, err = Update(path, Only(Settings{Beep: true}, FieldBeep))
			case 3:
				_, err = Update(path, Only(Settings{Account: 2}, FieldAccount))
			default:
				_, err = Update(path, Only(Settings{Hotkey: fmt.Sprintf("Ctrl+Alt+F%d", i)}, FieldHotkey))
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, _, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.PinnedCert != pin || got.DialPrefix != "9" || !got.Beep || got.Account != 2 || got.Hotkey == "" {
		t.Errorf("after concurrent updates: %+v", got)
	}
}
