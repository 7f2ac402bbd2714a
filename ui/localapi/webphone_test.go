package localapi

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/gxptray/gxptray/cti"
)

// phoneSettingsFake adds PhoneSettings to the fake backend.
type phoneSettingsFake struct{ *fakeBackend }

func (f phoneSettingsFake) PlanActionURLs(_ context.Context, replace bool) ActionURLResult {
	_ = f.record("PlanActionURLs(%v)", replace)
	return ActionURLResult{OK: true, Slots: []SlotOutcome{{Label: "Missed Call", PValue: "P8312", State: cti.SlotForeign, Words: "another program's", Value: "http://crm/x"}}}
}

func (f phoneSettingsFake) InstallActionURLs(_ context.Context, replace bool) ActionURLResult {
	_ = f.record("InstallActionURLs(%v)", replace)
	return ActionURLResult{Problem: "The phone ended its web session.", Slots: []SlotOutcome{{PValue: "P8310", State: cti.SlotNotWritten}}}
}

func (f phoneSettingsFake) UninstallActionURLs(context.Context) ActionURLResult {
	_ = f.record("UninstallActionURLs()")
	return ActionURLResult{OK: true}
}

func (f phoneSettingsFake) SetDND(_ context.Context, on bool) DNDResult {
	_ = f.record("SetDND(%v)", on)
	return DNDResult{OK: true, On: on}
}

func TestPhoneSettingsRoundTrip(t *testing.T) {
	f := newFake()
	_, c := serve(t, phoneSettingsFake{f}, Options{})
	ctx := ctxT(t)
	plan, err := c.PlanActionURLs(ctx, true)
	if err != nil || !plan.OK || len(plan.Slots) != 1 || plan.Slots[0].State != cti.SlotForeign || plan.Slots[0].Value != "http://crm/x" {
		t.Fatalf("plan %+v, %v", plan, err)
	}
	res, err := c.InstallActionURLs(ctx, false)
	if err != nil || res.OK || res.Problem == "" || res.Slots[0].State != cti.SlotNotWritten {
		t.Fatalf("install %+v, %v", res, err)
	}
	if _, err := c.UninstallActionURLs(ctx); err != nil {
		t.Fatal(err)
	}
	d, err := c.SetDND(ctx, true)
	if err != nil || !d.On {
		t.Fatalf("dnd %+v, %v", d, err)
	}
	want := "[PlanActionURLs(true) InstallActionURLs(false) UninstallActionURLs() SetDND(true)]"
	if got := fmt.Sprint(f.Calls()); got != want {
		t.Fatalf("calls %s, want %s", got, want)
	}
}

func TestPhoneSettingsMissing(t *testing.T) {
	_, c := serve(t, plainBackend{newFake()}, Options{})
	if _, err := c.InstallActionURLs(ctxT(t), false); !errors.Is(err, cti.ErrNotSupported) {
		t.Fatalf("without PhoneSettings: %v", err)
	}
	if _, err := c.SetDND(ctxT(t), true); !errors.Is(err, cti.ErrNotSupported) {
		t.Fatalf("without PhoneSettings: %v", err)
	}
}
