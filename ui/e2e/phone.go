//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
)

// PhonePasscode is the simulated phone's admin password.
const PhonePasscode = "e2e-admin-secret"

// Phone is a simulated Grandstream phone served on a loopback port, run in
// the test process so checks can look at what it received. It can be taken
// off the network and brought back on the same address.
type Phone struct {
	*phonesim.Phone

	mu   sync.Mutex
	srv  *phonesim.Server
	addr string
	url  string
}

// NewPhone starts a simulated phone with a short key interval; it stops
// when the test ends.
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
	ph := &Phone{Phone: p, srv: srv, addr: srv.Addr(), url: srv.URL()}
	t.Cleanup(func() {
		ph.Kill()
		p.Close()
	})
	return ph
}

// URL is the phone's address for GXP Tray's settings.
func (p *Phone) URL() string { return p.url }

// Kill takes the phone off the network: connections are refused.
func (p *Phone) Kill() {
	p.mu.Lock()
	srv := p.srv
	p.srv = nil
	p.mu.Unlock()
	if srv != nil {
		srv.Close()
	}
}

// Revive serves the phone again on the same address.
func (p *Phone) Revive(ctx context.Context) error {
	return waitFor(ctx, "the simulated phone listening again on "+p.addr, func(context.Context) error {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.srv != nil {
			return nil
		}
		srv, err := phonesim.Listen(p.addr, p.Phone)
		if err != nil {
			return err
		}
		p.srv = srv
		return nil
	})
}

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

// CTI sends a CTI request to the phone the way another program on the
// network would (the phone's own buttons, as far as the app can tell) and
// returns the reply's body.
func (p *Phone) CTI(ctx context.Context, function string, params url.Values) (string, error) {
	if params == nil {
		params = url.Values{}
	}
	params.Set("passcode", PhonePasscode)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.url+"/cgi-bin/"+function+"?"+params.Encode(), nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		// net/http errors carry the URL, passcode included.
		return "", fmt.Errorf("%s: %s", function, strings.ReplaceAll(err.Error(), PhonePasscode, "***"))
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", err
	}
	var r struct {
		Response string `json:"response"`
	}
	if err := json.Unmarshal(b, &r); err != nil || r.Response != "success" {
		return string(b), fmt.Errorf("%s: the phone answered %d %s", function, resp.StatusCode, b)
	}
	return string(b), nil
}

// TotalRequests counts every CTI request the phone received.
func (p *Phone) TotalRequests() int {
	n := 0
	for _, c := range p.RequestCounts() {
		n += c
	}
	return n
}
