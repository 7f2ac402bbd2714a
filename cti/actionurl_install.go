package cti

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
)

// Installing the Action URL fields through the web session: only fields
// that are empty or already ours are written (someone else's URL is shown
// and left alone unless the person says replace), every value is read back,
// and the report says what the phone kept.

// SlotState is what happened to one Action URL field.
type SlotState string

// Slot states.
const (
	SlotInstalled  SlotState = "installed"   // written, and the phone kept it
	SlotUnchanged  SlotState = "unchanged"   // it already held this value
	SlotReplaced   SlotState = "replaced"    // someone else's URL, replaced as asked
	SlotForeign    SlotState = "foreign"     // someone else's URL, left alone
	SlotIgnored    SlotState = "ignored"     // the phone answered success but kept another value
	SlotNotWritten SlotState = "not written" // the task stopped before this field (see the error)
	SlotRemoved    SlotState = "removed"     // ours, emptied
	SlotEmpty      SlotState = "empty"       // nothing there, nothing to remove
)

// ActionURLSlot is one field of the phone: what GXP Tray wants in it, what
// was there before, and what the phone holds afterwards.
type ActionURLSlot struct {
	ActionURLField        // URL: the value wanted ("" when uninstalling)
	Before         string // the value before
	After          string // the value read back afterwards
	State          SlotState
}

// ActionURLReport is the outcome of an install or uninstall, field by field.
type ActionURLReport struct {
	Slots []ActionURLSlot
}

// Complete reports whether every field is as wanted: installed, replaced,
// unchanged, removed or empty (foreign fields left alone count as done).
func (r ActionURLReport) Complete() bool {
	for _, s := range r.Slots {
		if s.State == SlotIgnored || s.State == SlotNotWritten {
			return false
		}
	}
	return true
}

// Count is the number of fields in state st.
func (r ActionURLReport) Count(st SlotState) int {
	n := 0
	for _, s := range r.Slots {
		if s.State == st {
			n++
		}
	}
	return n
}

// ErrActionURLNotKept: the phone answered success to a write and kept
// another value; the report says which fields.
var ErrActionURLNotKept = errors.New("the phone did not keep some Action URL values")

// Events of the DND fields: the tray keeps its Do Not Disturb item true when
// DND is switched on the phone itself.
const (
	PushDNDOn  = "dnd_on"
	PushDNDOff = "dnd_off"
)

var dndEvents = []actionURLEvent{
	{PushDNDOn, "P8316", "DND On"},
	{PushDNDOff, "P8317", "DND Off"},
}

// ActionURLDNDFields are the two DND fields (P8316, P8317), for firmware
// that has Do Not Disturb to show; like ActionURLFields, without variables.
func ActionURLDNDFields(baseURL, token string) []ActionURLField {
	return actionURLFields(dndEvents, baseURL, token, "")
}

// ActionURLOwned reports whether value is an Action URL of GXP Tray with
// this token (wherever this computer was at the time).
func ActionURLOwned(value, token string) bool {
	if value == "" || token == "" {
		return false
	}
	return strings.Contains(value, "/"+url.PathEscape(token)+"/")
}

// PlanActionURLs reads the fields and says what InstallActionURLs would do,
// writing nothing: states are installed (to be written), unchanged, foreign
// or replaced (with replace).
func (s *Session) PlanActionURLs(ctx context.Context, fields []ActionURLField, token string, replace bool) (ActionURLReport, error) {
	rep, err := s.readSlots(ctx, fields)
	if err != nil {
		return rep, err
	}
	for i := range rep.Slots {
		sl := &rep.Slots[i]
		switch {
		case sl.Before == sl.URL:
			sl.State = SlotUnchanged
		case sl.Before == "" || ActionURLOwned(sl.Before, token):
			sl.State = SlotInstalled
		case replace:
			sl.State = SlotReplaced
		default:
			sl.State = SlotForeign
		}
	}
	return rep, nil
}

// InstallActionURLs writes fields (ActionURLFields) into the phone's empty
// fields and those already ours (token), others too with replace, then reads
// every one back. A value over MaxValueLen stops it before anything is
// written. A failure midway returns the report so far (fields not reached
// are SlotNotWritten) with the error; fields the phone did not keep are
// SlotIgnored and the error is ErrActionURLNotKept.
func (s *Session) InstallActionURLs(ctx context.Context, fields []ActionURLField, token string, replace bool) (ActionURLReport, error) {
	for _, f := range fields {
		if len(f.URL) > MaxValueLen {
			return ActionURLReport{}, &ValueTooLongError{Key: f.PValue, Len: len(f.URL)}
		}
	}
	rep, err := s.PlanActionURLs(ctx, fields, token, replace)
	if err != nil {
		return rep, err
	}
	return s.applySlots(ctx, rep, func(sl ActionURLSlot) bool {
		return sl.State == SlotInstalled || sl.State == SlotReplaced
	})
}

// UninstallActionURLs empties the fields that hold GXP Tray's URLs (token),
// the DND fields included, and leaves every other field as it is.
func (s *Session) UninstallActionURLs(ctx context.Context, token string) (ActionURLReport, error) {
	var fields []ActionURLField
	for _, e := range append(append(actionURLEvents[:0:0], actionURLEvents...), dndEvents...) {
		fields = append(fields, ActionURLField{Event: e.event, PValue: e.pvalue, Label: e.label})
	}
	rep, err := s.readSlots(ctx, fields)
	if err != nil {
		return rep, err
	}
	for i := range rep.Slots {
		sl := &rep.Slots[i]
		sl.URL = ""
		switch {
		case sl.Before == "":
			sl.State = SlotEmpty
		case ActionURLOwned(sl.Before, token):
			sl.State = SlotRemoved
		default:
			sl.State = SlotForeign
		}
	}
	return s.applySlots(ctx, rep, func(sl ActionURLSlot) bool { return sl.State == SlotRemoved })
}

func (s *Session) readSlots(ctx context.Context, fields []ActionURLField) (ActionURLReport, error) {
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.PValue
	}
	vals, err := s.Values(ctx, keys...)
	if err != nil {
		return ActionURLReport{}, err
	}
	rep := ActionURLReport{Slots: make([]ActionURLSlot, len(fields))}
	for i, f := range fields {
		rep.Slots[i] = ActionURLSlot{ActionURLField: f, Before: vals[f.PValue], After: vals[f.PValue]}
	}
	return rep, nil
}

// applySlots writes the slots write selects, one field per request (a
// session that ends midway is renewed and the write resumes), then reads
// them all back.
func (s *Session) applySlots(ctx context.Context, rep ActionURLReport, write func(ActionURLSlot) bool) (ActionURLReport, error) {
	var written []int
	for i, sl := range rep.Slots {
		if !write(sl) {
			continue
		}
		if err := s.SetValue(ctx, sl.PValue, sl.URL); err != nil {
			for j := i; j < len(rep.Slots); j++ {
				if write(rep.Slots[j]) {
					rep.Slots[j].State = SlotNotWritten
				}
			}
			what := fmt.Sprintf("%d of %d Action URL fields written, %s not", len(written), len(written)+rep.Count(SlotNotWritten), sl.PValue)
			if rerr := s.readBack(ctx, &rep, written); rerr != nil && len(written) > 0 {
				// The session is gone: what the phone kept is unknown.
				what += " (those written could not be read back)"
			}
			return rep, fmt.Errorf("%s: %w", what, err)
		}
		written = append(written, i)
	}
	if len(written) == 0 {
		return rep, nil
	}
	planned := make(map[int]SlotState, len(written))
	for _, w := range written {
		planned[w] = rep.Slots[w].State
	}
	if err := s.readBack(ctx, &rep, written); err != nil {
		return rep, fmt.Errorf("the Action URL fields were written but could not be read back: %w", err)
	}
	if !rep.Complete() && s.Info().Family == WebChallenge {
		s.retryByConfig(ctx, &rep, planned)
	}
	if !rep.Complete() {
		return rep, ErrActionURLNotKept
	}
	return rep, nil
}

// retryByConfig writes the fields the phone did not keep once more through
// config_update, which newer firmware has beside api.values.post, and reads
// them back; what still differs stays SlotIgnored.
func (s *Session) retryByConfig(ctx context.Context, rep *ActionURLReport, planned map[int]SlotState) {
	var again []int
	for _, w := range slices.Sorted(maps.Keys(planned)) {
		st, sl := planned[w], &rep.Slots[w]
		if sl.State != SlotIgnored {
			continue
		}
		if err := s.UpdateConfig(ctx, map[string]string{strings.TrimPrefix(sl.PValue, "P"): sl.URL}); err != nil {
			s.c.log.Debug("config_update of an Action URL field", "pvalue", sl.PValue, "err", err)
			continue
		}
		sl.State = st
		again = append(again, w)
	}
	if err := s.readBack(ctx, rep, again); err != nil {
		for _, w := range again {
			rep.Slots[w].State = SlotIgnored
		}
	}
}

// readBack reads the written slots again and marks those the phone did not keep.
func (s *Session) readBack(ctx context.Context, rep *ActionURLReport, written []int) error {
	if len(written) == 0 {
		return nil
	}
	keys := make([]string, len(written))
	for i, w := range written {
		keys[i] = rep.Slots[w].PValue
	}
	vals, err := s.Values(ctx, keys...)
	if err != nil {
		return err
	}
	for _, w := range written {
		sl := &rep.Slots[w]
		sl.After = vals[sl.PValue]
		if sl.After != sl.URL {
			sl.State = SlotIgnored
		}
	}
	return nil
}
