package localapi

import (
	"context"
	"net/http"

	"github.com/gxptray/gxptray/ui/settings"
)

// SettingsOwner is an optional Backend capability: the tray process is the
// one reader and writer of the settings file while it runs. A window or the
// command line reads the settings from it, and sends only the fields it
// changed (settings.Change); the tray applies them to the settings it
// holds, validates, saves the file atomically, applies the result and
// publishes the new State. Without it, /v1/settings answers not_supported.
//
//	GET   /v1/settings  -> SettingsView
//	PATCH /v1/settings  settings.Change -> settings.Settings (as saved)
type SettingsOwner interface {
	SettingsView(ctx context.Context) (SettingsView, error)
	UpdateSettings(ctx context.Context, c settings.Change) (settings.Settings, error)
}

// SettingsView is the settings the tray process uses, with what its last
// read of the file found wrong.
type SettingsView struct {
	Settings settings.Settings `json:"settings"`
	// Reset lists the fields whose value in the file was unusable and was
	// replaced with its default.
	Reset []settings.Field `json:"reset,omitempty"`
	// Problem says, in words, why the file as a whole was unusable (set
	// aside as not valid, not readable); "" when it was fine.
	Problem string `json:"problem,omitempty"`
}

// noSettingsOwner is what GXP Tray cannot do when the backend is not a
// SettingsOwner.
const noSettingsOwner = "does not keep the settings"

func (s *Server) handleSettings(w http.ResponseWriter, r *http.Request) {
	so, ok := capability[SettingsOwner](s, w, r, noSettingsOwner)
	if !ok {
		return
	}
	v, err := so.SettingsView(r.Context())
	s.answer(w, r, v, err)
}

func (s *Server) handleUpdateSettings(w http.ResponseWriter, r *http.Request) {
	var c settings.Change
	if !s.decode(w, r, &c, false) {
		return
	}
	if len(c.Fields) == 0 {
		s.reject(w, http.StatusBadRequest, "no field to change")
		return
	}
	if _, err := c.Apply(settings.Defaults()); err != nil {
		s.reject(w, http.StatusBadRequest, err.Error())
		return
	}
	so, ok := capability[SettingsOwner](s, w, r, noSettingsOwner)
	if !ok {
		return
	}
	saved, err := so.UpdateSettings(r.Context(), c)
	s.answer(w, r, saved, err)
}

// UpdateSettings asks the tray process to save the change (only the fields
// it lists) and apply it; it returns the settings as saved, which hold what
// the tray changed meanwhile (a certificate it pinned). A change that does
// not validate comes back matching settings.ErrInvalid.
func (c *Client) UpdateSettings(ctx context.Context, ch settings.Change) (settings.Settings, error) {
	return reply[settings.Settings](ctx, c, http.MethodPatch, "/v1/settings", ch)
}

// SettingsView reads the settings the tray process uses.
func (c *Client) SettingsView(ctx context.Context) (SettingsView, error) {
	return reply[SettingsView](ctx, c, http.MethodGet, "/v1/settings", nil)
}
