package notify

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

// fakePush records the XML the notifier sends to the Windows Runtime.
type fakePush struct {
	mu   sync.Mutex
	xml  []string
	fail error
}

func (f *fakePush) push(appID, xml string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if appID != toastAppID {
		return errors.New("wrong app id " + appID)
	}
	if f.fail != nil {
		return f.fail
	}
	f.xml = append(f.xml, xml)
	return nil
}

// The tray process's incoming call, shown as a toast: Accept and Reject in
// what is pushed; a click on Accept reaches the call's callback with
// "accept" (the service turns it into acceptcall), once; after Close
// (answered on the phone) a click does nothing.
func TestToastNotifierShowAndClick(t *testing.T) {
	fp := &fakePush{}
	plain := NewRecorder(false)
	n := newToasts(Options{}.withDefaults(), fp.push, plain)
	if !n.SupportsActions() || n.Name() != "toast" {
		t.Fatalf("SupportsActions %v, Name %q", n.SupportsActions(), n.Name())
	}
	var got []string
	call := Notification{Summary: "Incoming call", Body: "203", Timeout: -1, Category: "call.incoming",
		Actions: []Action{{Key: "accept", Label: "Accept"}, {Key: "reject", Label: "Reject"}}}
	id, err := n.Show(call, func(k string) { got = append(got, k) })
	if err != nil {
		t.Fatal(err)
	}
	if len(fp.xml) != 1 || !strings.Contains(fp.xml[0], `content="Accept" arguments="`+toastArgs(id, "accept")+`"`) ||
		!strings.Contains(fp.xml[0], `content="Reject" arguments="`+toastArgs(id, "reject")+`"`) {
		t.Fatalf("pushed %q", fp.xml)
	}
	n.actions.activate(toastArgs(id, "accept"))
	n.actions.activate(toastArgs(id, "reject")) // a second click
	id2, err := n.Show(call, func(k string) { got = append(got, "second:"+k) })
	if err != nil || id2 == id {
		t.Fatalf("second toast: id %d (first %d), %v", id2, id, err)
	}
	if err := n.Close(id2); err != nil { // answered on the phone
		t.Fatal(err)
	}
	n.actions.activate(toastArgs(id2, "reject"))
	if len(got) != 1 || got[0] != "accept" {
		t.Fatalf("callbacks %q, want only accept", got)
	}
	if len(plain.Shown()) != 0 {
		t.Errorf("plain notifications while toasts work: %+v", plain.Shown())
	}
}

// A push the system refuses: this notification and the later ones are
// plain, and the notifier no longer claims buttons, so the tray process
// opens its call window.
func TestToastNotifierFallsBack(t *testing.T) {
	fp := &fakePush{fail: errors.New("class not registered")}
	plain := NewRecorder(false)
	n := newToasts(Options{}.withDefaults(), fp.push, plain)
	if _, err := n.Show(Notification{Summary: "Missed call", Actions: []Action{{Key: "callback", Label: "Call back"}}}, func(string) {}); err != nil {
		t.Fatalf("fallback Show: %v", err)
	}
	if n.SupportsActions() {
		t.Error("SupportsActions after a failed push")
	}
	if _, err := n.Show(Notification{Summary: "Calling 203"}, nil); err != nil {
		t.Fatal(err)
	}
	shown := plain.Shown()
	if len(shown) != 2 || shown[0].Notification.Summary != "Missed call" || shown[1].Notification.Summary != "Calling 203" {
		t.Fatalf("plain notifications %+v", shown)
	}
	if err := n.Shutdown(); err != nil {
		t.Fatal(err)
	}
	if _, err := n.Show(Notification{Summary: "x"}, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Show after Shutdown: %v", err)
	}
}
