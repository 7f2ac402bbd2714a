package service

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/gxptray/gxptray/ui/settings"
)

// The tray is the one writer of the settings while it runs: a change sent
// over the local API (as the Settings window and the dial pad send it) is
// saved on top of what the tray saved itself, a pinned certificate above
// all, and applied at once.
func TestSettingsChangeThroughTheTrayKeepsItsPin(t *testing.T) {
	h := newHarness(t, hopts{})
	api := serveLocalAPI(t, h)
	h.online()
	ctx := h.ctx()
	before, _, err := settings.Load(h.paths.ConfigFile)
	if err != nil {
		t.Fatal(err)
	}
	const fp = "3f1c0b9a27d84e65c1f0aa12b34cd56e78f90123456789abcdef0123456789ab"
	// The tray pins the certificate of the settings' phone, as after its
	// first TLS connection.
	h.svc.savePin(before.Phone, fp)

	// A window opened before the pin sends the field the person edited.
	saved, err := api.UpdateSettings(ctx, settings.Diff(before, func() settings.Settings { s := before; s.DialPrefix = "9"; return s }()))
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := settings.Load(h.paths.ConfigFile)
	if err != nil {
		t.Fatal(err)
	}
	if got.PinnedCert != fp || got.DialPrefix != "9" || saved.PinnedCert != fp {
		t.Fatalf("file pin %q prefix %q (reply pin %q): the change lost the tray's pin or the edit", got.PinnedCert, got.DialPrefix, saved.PinnedCert)
	}
	// Applied without a separate reload: the next dial takes the prefix.
	if d, err := api.Preview(ctx, "555 0100"); err != nil || d != "95550100" {
		t.Errorf("preview after the change: %q, %v", d, err)
	}
}

// The windows read the settings from the tray: what it uses, and which
// values of the file it had to replace, in the user's words.
func TestSettingsViewSaysWhatTheFileGotWrong(t *testing.T) {
	h := newHarness(t, hopts{})
	api := serveLocalAPI(t, h)
	h.online()
	s, _, err := settings.Load(h.paths.ConfigFile)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(h.paths.ConfigFile)
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), `"dial_prefix": ""`, `"dial_prefix": "9x"`, 1)
	if bad == string(data) {
		t.Fatalf("no dial_prefix in %s", data)
	}
	if err := os.WriteFile(h.paths.ConfigFile, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := api.Reload(h.ctx()); err != nil {
		t.Fatal(err)
	}
	v, err := api.SettingsView(h.ctx())
	if err != nil {
		t.Fatal(err)
	}
	if v.Settings.Phone != s.Phone || v.Settings.DialPrefix != "" || !slices.Equal(v.Reset, []settings.Field{settings.FieldDialPrefix}) || v.Problem != "" {
		t.Errorf("view %+v", v)
	}
}
