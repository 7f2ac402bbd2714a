package localapi

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/settings"
)

// SettingsWriter is an optional Backend capability: the tray process is
// the one writer of the settings file while it runs. A window or the
// command line sends only the fields it changed (settings.Change); the tray
// applies them to the settings it holds, validates, saves the file
// atomically, applies the result and publishes the new State. Without it,
// PATCH /v1/settings answers not_supported.
//
//	PATCH /v1/settings  settings.Change -> settings.Settings (as saved)
type SettingsWriter interface {
	UpdateSettings(ctx context.Context, c settings.Change) (settings.Settings, error)
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
	sw, ok := s.backend.(SettingsWriter)
	if !ok {
		s.fail(w, r, fmt.Errorf("%w: GXP Tray does not save settings", cti.ErrNotSupported))
		return
	}
	saved, err := sw.UpdateSettings(r.Context(), c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, http.StatusOK, saved)
}

// UpdateSettings asks the tray process to save the change (only the fields
// it lists) and apply it; it returns the settings as saved, which hold what
// the tray changed meanwhile (a certificate it pinned). A change that does
// not validate comes back matching settings.ErrInvalid.
func (c *Client) UpdateSettings(ctx context.Context, ch settings.Change) (settings.Settings, error) {
	var saved settings.Settings
	err := c.do(ctx, http.MethodPatch, "/v1/settings", ch, &saved)
	return saved, err
}
