package service

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/settings"
)

// statusGate stands between the app and the simulated phone. Once armed, it
// holds the first line status request made while the armed condition holds
// until released: the test can then change the phone "between two polls".
type statusGate struct {
	mu      sync.Mutex
	next    http.Handler
	armed   func() bool
	held    chan struct{} // closed when a request is held
	release chan struct{} // closing it lets the held request through
}

func newStatusGate() *statusGate {
	return &statusGate{held: make(chan struct{}), release: make(chan struct{})}
}

// gatedHarness is a started harness, online, whose phone is reached
// through a statusGate (o.edit still applies, after the address).
func gatedHarness(t *testing.T, o hopts) (*harness, *statusGate) {
	t.Helper()
	gate := newStatusGate()
	gsrv := httptest.NewServer(gate)
	t.Cleanup(gsrv.Close)
	o.noRun = true
	o.editFirst(func(s *settings.Settings) { s.Phone = gsrv.URL })
	h := newHarness(t, o)
	t.Cleanup(func() {
		select {
		case <-gate.release:
		default:
			close(gate.release)
		}
	})
	gate.setNext(h.phone.Handler())
	h.start()
	h.online()
	return h, gate
}

func (g *statusGate) setNext(h http.Handler) {
	g.mu.Lock()
	g.next = h
	g.mu.Unlock()
}

func (g *statusGate) arm(cond func() bool) {
	g.mu.Lock()
	g.armed = cond
	g.mu.Unlock()
}

func (g *statusGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	next, cond := g.next, g.armed
	hold := cond != nil && strings.HasSuffix(r.URL.Path, "/api-get_line_status") && cond()
	if hold {
		g.armed = nil
	}
	g.mu.Unlock()
	if hold {
		close(g.held)
		select {
		case <-g.release:
		case <-r.Context().Done():
			return
		}
	}
	if next == nil {
		http.Error(w, "no phone yet", http.StatusServiceUnavailable)
		return
	}
	next.ServeHTTP(w, r)
}

// A call answered from the app (notification Accept, the popup or tray
// menu's AnswerLine, a plain acceptcall from the command line) that the
// caller ends before the next poll sees it connected is an answered call, not
// a missed one.
func TestAnsweredCallEndedBeforeNextPollIsAnswered(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer func(h *harness, line int, in notify.Shown)
	}{
		{"notification", func(h *harness, line int, in notify.Shown) {
			if !h.rec.Invoke(in.ID, "accept") {
				h.t.Fatal("the notification took no action")
			}
		}},
		{"AnswerLine", func(h *harness, line int, in notify.Shown) {
			if err := h.svc.AnswerLine(h.ctx(), line); err != nil {
				h.t.Fatalf("AnswerLine: %v", err)
			}
		}},
		{"Operate", func(h *harness, line int, in notify.Shown) {
			if err := h.svc.Operate(h.ctx(), cti.OpAccept); err != nil {
				h.t.Fatalf("Operate: %v", err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { testAnsweredThenCallerHangsUp(t, tc.answer) })
	}
}

func testAnsweredThenCallerHangsUp(t *testing.T, answer func(h *harness, line int, in notify.Shown)) {
	h, gate := gatedHarness(t, hopts{actions: true})

	line, in := h.ringShown("203", "Виталик")
	// A slow poll interval: only the look that follows the answer comes.
	h.svc.monitor().SetInterval(cti.MaxPollInterval)
	gate.arm(func() bool { return h.phone.Line(line).State == cti.StateConnected })

	answer(h, line, in)
	select {
	case <-gate.held:
	case <-h.ctx().Done():
		t.Fatal("the app never looked at the lines after answering")
	}
	h.svc.bg.Wait() // a notification's Accept is done: the phone took the answer
	// The caller hangs up before the app's look at the lines gets its reply.
	h.remoteHangup(line)
	close(gate.release)

	c := h.waitHistory("the answered call", func(c cti.Call) bool { return c.Number == "203" })
	if c.Outcome != cti.Answered || c.Direction != cti.Incoming || c.Name != "Виталик" || c.Line != line {
		t.Errorf("history entry %+v, want an answered incoming call from Виталик on line %d", c, line)
	}

	// The next call on the same line is not answered by that note. Its
	// notification also means the event loop is past the first call's end.
	line2 := h.ring("100", "Reception")
	if line2 != line {
		t.Fatalf("second call rings on line %d, want %d", line2, line)
	}
	h.svc.poke() // as a push would; the slow interval would make this wait 10 s
	h.waitShown("second incoming call notification", func(s notify.Shown) bool {
		return isIncoming(s) && strings.HasSuffix(s.Notification.Body, "100")
	})
	if n := count(h.rec.Shown(), isMissed); n != 0 {
		t.Errorf("%d missed-call notifications for a call answered from the app", n)
	}
	if st := h.svc.State(h.ctx()); st.UnseenMissed != 0 {
		t.Errorf("UnseenMissed %d for a call answered from the app", st.UnseenMissed)
	}
	h.remoteHangup(line2)
	h.svc.poke()
	h.waitShown("missed call notification for the second call", func(s notify.Shown) bool {
		return isMissed(s) && strings.HasPrefix(s.Notification.Body, "Reception\n100\n")
	})
	c2 := h.waitHistory("the second call", func(c cti.Call) bool { return c.Number == "100" })
	if c2.Outcome != cti.Missed {
		t.Errorf("second call %+v, want missed", c2)
	}
}
