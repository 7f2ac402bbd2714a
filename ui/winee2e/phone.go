//go:build e2e && wine

package winee2e

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
)

// PhonePasscode is the simulated phone's admin password.
const PhonePasscode = "wine-admin-secret"

// Phone is a simulated Grandstream phone on a loopback port, run in the test
// process so checks can look at what it received.
type Phone struct {
	*phonesim.Phone
	url string
}

// NewPhone starts a simulated phone with a short key interval; it stops when
// the test ends.
func NewPhone(t testing.TB) *Phone {
	t.Helper()
	p := phonesim.New(phonesim.Options{
		Passcode:      PhonePasscode,
		Lines:         4,
		KeyInterval:   20 * time.Millisecond,
		FailedTimeout: time.Second,
	})
	srv, err := phonesim.Listen("127.0.0.1:0", p)
	if err != nil {
		t.Fatalf("simulated phone: %v", err)
	}
	t.Cleanup(func() {
		srv.Close()
		p.Close()
	})
	return &Phone{Phone: p, url: srv.URL()}
}

// URL is the phone's address for GXP Tray.
func (p *Phone) URL() string { return p.url }

// WaitLine waits until line n is in state st.
func (p *Phone) WaitLine(ctx context.Context, n int, st cti.LineState) error {
	if err := p.WaitState(ctx, n, st); err != nil {
		return fmt.Errorf("phone line %d: want %s, it is %s: %w", n, st, p.Line(n).State, err)
	}
	return nil
}

// WaitDialed waits until the phone dialed number (api-make_call or keys).
func (p *Phone) WaitDialed(ctx context.Context, number string) error {
	err := p.Wait(ctx, func() bool { return slices.Contains(p.Dialed(), number) })
	if err != nil {
		return fmt.Errorf("the phone did not dial %q (dialed %q, keys %q, requests %v): %w",
			number, p.Dialed(), p.KeysReceived(), p.RequestCounts(), err)
	}
	return nil
}
