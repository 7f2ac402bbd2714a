package phonesim

import (
	"errors"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
)

func listen(t *testing.T, o Options) (*Phone, *Server) {
	t.Helper()
	o.Passcode = testPass
	p := New(o)
	s, err := Listen("127.0.0.1:0", p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		p.Close()
	})
	return p, s
}

func refused(addr string) bool {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err == nil {
		c.Close()
		return false
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

func TestServerRebootRefusesConnections(t *testing.T) {
	p, s := listen(t, Options{RebootDowntime: time.Hour})
	base := s.URL()
	if !strings.HasPrefix(base, "http://127.0.0.1:") || strings.HasSuffix(base, ":0") {
		t.Fatalf("URL() = %q", base)
	}
	p.Ring("203", "Виталик")
	mustCall(t, base, "api-sys_operation", "request=REBOOT", `{"response":"success","body":"savereboot"}`)

	// The listener closes right after the reply; wait for it.
	addr := strings.TrimPrefix(base, "http://")
	if err := waitFor(t, func() bool { return refused(addr) }); err != nil {
		t.Fatal("connections are not refused during the reboot")
	}
	if !p.Rebooting() {
		t.Fatal("not rebooting")
	}

	p.BootNow()
	if err := p.Wait(testCtx(t), func() bool { return !p.Rebooting() }); err != nil {
		t.Fatal(err)
	}
	// Back on the same address, with every line idle.
	mustCall(t, base, "api-get_phone_status", "", `{"response":"success","body":"available","misc":"0"}`)
	wantState(t, p, 1, cti.StateIdle)

	// And a second reboot works the same way.
	mustCall(t, base, "api-sys_operation", "request=RESET", `{"response":"success","body":"reset"}`)
	if err := waitFor(t, func() bool { return refused(addr) }); err != nil {
		t.Fatal("connections are not refused during the second reboot")
	}
	p.BootNow()
	if err := p.Wait(testCtx(t), func() bool { return !p.Rebooting() }); err != nil {
		t.Fatal(err)
	}
	mustCall(t, base, "api-get_phone_status", "", `{"response":"success","body":"available","misc":"0"}`)
}

func TestServerShortDowntime(t *testing.T) {
	p, s := listen(t, Options{RebootDowntime: time.Millisecond})
	mustCall(t, s.URL(), "api-sys_operation", "request=REBOOT", `{"response":"success","body":"savereboot"}`)
	if err := p.Wait(testCtx(t), func() bool { return !p.Rebooting() }); err != nil {
		t.Fatal(err)
	}
	mustCall(t, s.URL(), "api-get_phone_status", "", `{"response":"success","body":"available","misc":"0"}`)
}

func TestServerCloseDuringReboot(t *testing.T) {
	p, s := listen(t, Options{RebootDowntime: time.Hour})
	p.Reboot()
	addr := strings.TrimPrefix(s.URL(), "http://")
	if err := waitFor(t, func() bool { return refused(addr) }); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	p.BootNow()
	if err := p.Wait(testCtx(t), func() bool { return !p.Rebooting() }); err != nil {
		t.Fatal(err)
	}
	if !refused(addr) {
		t.Fatal("a closed server listens again after the reboot")
	}
}

func TestListenErrors(t *testing.T) {
	p := New(Options{})
	defer p.Close()
	if _, err := Listen("no-port", p); err == nil {
		t.Fatal("Listen without a port succeeded")
	}
	s, err := Listen(":0", p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Fatalf("wildcard URL() = %q", s.URL())
	}
	if _, err := Listen(strings.TrimPrefix(s.URL(), "http://"), p); err == nil {
		t.Fatal("Listen on a busy address succeeded")
	}
}

// waitFor polls cond (for conditions outside the phone, like a socket
// state) until it holds or 10 s pass.
func waitFor(t *testing.T, cond func() bool) error {
	t.Helper()
	ctx := testCtx(t)
	for !cond() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
	return nil
}
