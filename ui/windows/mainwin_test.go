package windows

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gxptray/gxptray/cti"
)

// buttonsIn finds the buttons under o by label.
func buttonsIn(o fyne.CanvasObject) map[string]*widget.Button {
	out := map[string]*widget.Button{}
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Button:
			out[v.Text] = v
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

func TestMainWindowLinesAndActions(t *testing.T) {
	f := newFakeAPI()
	f.state.Phone = "192.168.1.20"
	f.state.UnseenMissed = 2
	f.state.Lines = []cti.Line{
		{Line: 1, State: cti.StateConnected, RemoteName: "Reception", RemoteNumber: "100"},
		{Line: 2, State: cti.StateRinging, RemoteName: "Виталик", RemoteNumber: "203"},
		{Line: 3, State: cti.StateIdle},
	}
	m, q := openWindow(t, f, "en", NewMainWindow)
	q.waitFor(t, "the state", func() bool { return m.haveState })

	if !strings.HasPrefix(m.Status.Text, "192.168.1.20 — The phone is connected") {
		t.Fatalf("status %q", m.Status.Text)
	}
	if m.History.Text != "Recent calls (2 missed)…" {
		t.Fatalf("history button %q", m.History.Text)
	}
	if len(m.Lines.Objects) != 2 {
		t.Fatalf("%d line rows, want 2 (idle lines hidden)", len(m.Lines.Objects))
	}
	ringing := buttonsIn(m.Lines.Objects[1])
	if ringing["Accept"] == nil || ringing["Reject"] == nil {
		t.Fatalf("ringing line buttons %v", ringing)
	}
	test.Tap(ringing["Accept"])
	test.Tap(buttonsIn(m.Lines.Objects[0])["Hang up"])
	test.Tap(m.DialPad)
	test.Tap(m.Settings)
	q.waitFor(t, "the calls", func() bool { return f.count("Operate") == 2 && f.count("Show") == 2 })
	f.mu.Lock()
	ops, shown := append([]cti.Operation(nil), f.ops...), append([]string(nil), f.shown...)
	f.mu.Unlock()
	if !(len(ops) == 2 && ((ops[0] == cti.OpAccept && ops[1] == cti.OpEnd) || (ops[1] == cti.OpAccept && ops[0] == cti.OpEnd))) {
		t.Fatalf("ops %q", ops)
	}
	if !(len(shown) == 2 && strings.Contains(strings.Join(shown, ","), "dialpad") && strings.Contains(strings.Join(shown, ","), "settings")) {
		t.Fatalf("shown %q", shown)
	}

	// Same lines again: the rows are kept (a rebuild would eat clicks).
	before := m.Lines.Objects[0]
	st := f.state
	st.Phone = "phone.lan"
	f.push(st)
	q.waitFor(t, "the update", func() bool { return strings.HasPrefix(m.Status.Text, "phone.lan") })
	if m.Lines.Objects[0] != before {
		t.Fatal("rows rebuilt without a change")
	}
	st.Lines = []cti.Line{{Line: 1, State: cti.StateOnHold, RemoteNumber: "100"}}
	f.push(st)
	q.waitFor(t, "the held call", func() bool { return len(m.Lines.Objects) == 1 })
	if buttonsIn(m.Lines.Objects[0])["Resume"] == nil {
		t.Fatal("held call offers no Resume")
	}

	test.Tap(m.Quit)
	q.waitFor(t, "quit", m.Closed)
	if f.count("Quit") != 1 {
		t.Fatal("Quit not sent to the tray")
	}
}

func TestNotRunningWindow(t *testing.T) {
	m, _ := openWindow(t, nil, "en", NewNotRunningWindow)
	if m.Message.Text != "GXP Tray is not running. Start it from the applications menu." {
		t.Fatalf("message %q", m.Message.Text)
	}
	test.Tap(m.OK)
	if !m.Closed() {
		t.Fatal("OK does not close")
	}
}
