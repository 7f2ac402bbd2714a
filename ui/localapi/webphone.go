package localapi

import (
	"context"
	"net/http"

	"github.com/gxptray/gxptray/cti"
)

// PhoneSettings is an optional Backend capability: the phone's own settings
// through its web session, done by the tray process (which owns the phone's
// connection and its record of rejected passwords). Without it, these
// endpoints answer not_supported.
//
//	POST /v1/phone/action-urls/plan       {"replace":false} -> ActionURLResult (nothing written)
//	POST /v1/phone/action-urls/install    {"replace":false} -> ActionURLResult (the person confirmed)
//	POST /v1/phone/action-urls/uninstall  {}                -> ActionURLResult
//	POST /v1/phone/dnd                    {"on":true}       -> DNDResult
//
// Outcomes of the phone come back in words (Problem, Hint) with the field
// by field report, so that a window can show what was written and what not.
type PhoneSettings interface {
	PlanActionURLs(ctx context.Context, replace bool) ActionURLResult
	InstallActionURLs(ctx context.Context, replace bool) ActionURLResult
	UninstallActionURLs(ctx context.Context) ActionURLResult
	SetDND(ctx context.Context, on bool) DNDResult
}

// ActionURLResult is a plan, an install or an uninstall, field by field.
type ActionURLResult struct {
	OK    bool          `json:"ok"`
	Slots []SlotOutcome `json:"slots,omitempty"`
	// Problem and Hint say what went wrong, in the user's language; Kind
	// is its error kind (KindUnauthorized, ...), for a command's exit code.
	Problem string `json:"problem,omitempty"`
	Hint    string `json:"hint,omitempty"`
	Kind    string `json:"kind,omitempty"`
}

// SlotOutcome is one Action URL field of the phone.
type SlotOutcome struct {
	Label  string        `json:"label"`  // "Incoming Call"
	PValue string        `json:"pvalue"` // "P8310"
	State  cti.SlotState `json:"state"`
	Words  string        `json:"words"`           // the state in the user's language
	Value  string        `json:"value,omitempty"` // another program's URL, or what the phone kept instead
}

// DNDResult is Do Not Disturb after a change.
type DNDResult struct {
	OK      bool   `json:"ok"`
	On      bool   `json:"on"`
	Problem string `json:"problem,omitempty"`
	Hint    string `json:"hint,omitempty"`
	Kind    string `json:"kind,omitempty"` // as ActionURLResult.Kind
}

// noPhoneSettings is what GXP Tray cannot do when the backend is not a
// PhoneSettings.
const noPhoneSettings = "cannot change the phone's settings"

type replaceBody struct {
	Replace bool `json:"replace"`
}

type dndBody struct {
	On bool `json:"on"`
}

func phoneSettingsRoutes(s *Server) map[string]route {
	post := http.MethodPost
	return map[string]route{
		"/v1/phone/action-urls/plan":      {post, s.handleActionURLTask("plan")},
		"/v1/phone/action-urls/install":   {post, s.handleActionURLTask("install")},
		"/v1/phone/action-urls/uninstall": {post, s.handleActionURLTask("uninstall")},
		"/v1/phone/dnd":                   {post, s.handleDND},
	}
}

func (s *Server) handleActionURLTask(task string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		var b replaceBody
		if !s.decode(w, r, &b, true) {
			return
		}
		ps, ok := capability[PhoneSettings](s, w, r, noPhoneSettings)
		if !ok {
			return
		}
		var res ActionURLResult
		switch task {
		case "plan":
			res = ps.PlanActionURLs(r.Context(), b.Replace)
		case "install":
			s.log.Info("Action URL install confirmed", "replace", b.Replace)
			res = ps.InstallActionURLs(r.Context(), b.Replace)
		default:
			res = ps.UninstallActionURLs(r.Context())
		}
		s.writeJSON(w, http.StatusOK, res)
	}
}

func (s *Server) handleDND(w http.ResponseWriter, r *http.Request) {
	var b dndBody
	if !s.decode(w, r, &b, false) {
		return
	}
	ps, ok := capability[PhoneSettings](s, w, r, noPhoneSettings)
	if !ok {
		return
	}
	s.writeJSON(w, http.StatusOK, ps.SetDND(r.Context(), b.On))
}

// PlanActionURLs reads the phone's Action URL fields and says what an
// install would do; nothing is written.
func (c *Client) PlanActionURLs(ctx context.Context, replace bool) (ActionURLResult, error) {
	return reply[ActionURLResult](ctx, c, http.MethodPost, "/v1/phone/action-urls/plan", replaceBody{Replace: replace})
}

// InstallActionURLs writes the Action URL fields (the person confirmed).
func (c *Client) InstallActionURLs(ctx context.Context, replace bool) (ActionURLResult, error) {
	return reply[ActionURLResult](ctx, c, http.MethodPost, "/v1/phone/action-urls/install", replaceBody{Replace: replace})
}

// UninstallActionURLs empties the fields that hold GXP Tray's URLs.
func (c *Client) UninstallActionURLs(ctx context.Context) (ActionURLResult, error) {
	return reply[ActionURLResult](ctx, c, http.MethodPost, "/v1/phone/action-urls/uninstall", nil)
}

// SetDND switches Do Not Disturb on the phone.
func (c *Client) SetDND(ctx context.Context, on bool) (DNDResult, error) {
	return reply[DNDResult](ctx, c, http.MethodPost, "/v1/phone/dnd", dndBody{On: on})
}
