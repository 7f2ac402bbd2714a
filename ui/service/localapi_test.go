package service

import (
	"errors"
	"slices"
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/localapi/apitest"
)

// serveLocalAPI puts the service behind a real local API server on a
// temporary socket.
func serveLocalAPI(t *testing.T, h *harness) *localapi.Client {
	t.Helper()
	return apitest.Client(t, h.svc, localapi.Options{Logger: h.svc.log, Version: "test"})
}

func TestThroughLocalAPI(t *testing.T) {
	h := newHarness(t, hopts{actions: true})
	api := serveLocalAPI(t, h)
	h.online()
	ctx := h.ctx()

	st, err := api.State(ctx)
	if err != nil || st.Conn != cti.ConnOnline || st.Version != "test" {
		t.Fatalf("State over the socket: %+v, %v", st, err)
	}
	d, err := api.Dial(ctx, "tel:203")
	if err != nil || d.Number != "203" {
		t.Fatalf("Dial over the socket: %+v, %v", d, err)
	}
	if got := h.phone.Dialed(); !slices.Equal(got, []string{"203"}) {
		t.Errorf("phone dialed %v", got)
	}
	if _, err := api.Dial(ctx, "call me"); !errors.Is(err, cti.ErrInvalidNumber) {
		t.Errorf("Dial(call me) over the socket = %v, want ErrInvalidNumber", err)
	}

	// Operate: answer a ringing call.
	h.waitState("dial done", func(s localapi.State) bool { return !s.DialBusy })
	if err := api.Operate(ctx, cti.OpEnd); err != nil {
		t.Fatalf("end the outgoing call: %v", err)
	}
	h.waitLine(1, cti.StateIdle)
	line, _ := h.ringShown("100", "Reception")
	if err := api.Operate(ctx, cti.OpAccept); err != nil {
		t.Fatalf("Operate(accept) over the socket: %v", err)
	}
	h.waitLine(line, cti.StateConnected)

	// A rejected passcode keeps its class across the socket.
	h.secrets.Set(secretPasscode, "not-the-passcode")
	if err := api.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	h.waitState("unauthorized", func(s localapi.State) bool { return s.Conn == cti.ConnUnauthorized })
	err = api.Operate(ctx, cti.OpHold)
	if !errors.Is(err, cti.ErrUnauthorized) {
		t.Errorf("Operate with a rejected passcode over the socket = %v, want ErrUnauthorized", err)
	}
	if _, err := api.Dial(ctx, "203"); !errors.Is(err, cti.ErrUnauthorized) {
		t.Errorf("Dial with a rejected passcode over the socket = %v, want ErrUnauthorized", err)
	}
}
