package notify

import (
	"encoding/xml"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakePush stands for the Windows Runtime: it records the XML pushed and
// what happens to each toast afterwards ("hide 3", "release 3", by the
// notification id in the toast's launch arguments).
type fakePush struct {
	mu     sync.Mutex
	xml    []string
	events []string
	fail   error
	hide   func() error // what Hide does besides recording; nil: succeed
}

func (f *fakePush) push(appID, s string) (shownToast, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if appID != toastAppID {
		return nil, errors.New("wrong app id " + appID)
	}
	if f.fail != nil {
		return nil, f.fail
	}
	var doc toastDoc
	if err := xml.Unmarshal([]byte(s), &doc); err != nil {
		return nil, err
	}
	id, _, ok := parseToastArgs(doc.Launch)
	if !ok {
		return nil, fmt.Errorf("launch arguments %q", doc.Launch)
	}
	f.xml = append(f.xml, s)
	return &fakeToast{f: f, id: id}, nil
}

func (f *fakePush) record(e string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = append(f.events, e)
}

func (f *fakePush) seen() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.events)
}

type fakeToast struct {
	f  *fakePush
	id ID
}

func (t *fakeToast) Hide() error {
	t.f.record(fmt.Sprint("hide ", t.id))
	if t.f.hide != nil {
		return t.f.hide()
	}
	return nil
}

func (t *fakeToast) Release() { t.f.record(fmt.Sprint("release ", t.id)) }

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
	n.activate(toastArgs(id, "accept"))
	n.activate(toastArgs(id, "reject")) // a second click
	id2, err := n.Show(call, func(k string) { got = append(got, "second:"+k) })
	if err != nil || id2 == id {
		t.Fatalf("second toast: id %d (first %d), %v", id2, id, err)
	}
	if err := n.Close(id2); err != nil { // answered on the phone
		t.Fatal(err)
	}
	n.activate(toastArgs(id2, "reject"))
	if len(got) != 1 || got[0] != "accept" {
		t.Fatalf("callbacks %q, want only accept", got)
	}
	// The clicked toast was taken off the screen by Windows: released, not
	// hidden; the one answered on the phone is hidden.
	want := []string{fmt.Sprint("release ", id), fmt.Sprint("hide ", id2)}
	if ev := fp.seen(); !slices.Equal(ev, want) {
		t.Errorf("toasts: %q, want %q", ev, want)
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

// Close takes exactly its own toast off the screen, once; unknown ids, a
// second Close and a Close after the click touch no toast; past
// maxShownToasts the oldest are released (left on screen), and Shutdown
// releases the rest. No toast is released twice.
func TestToastNotifierCloseHides(t *testing.T) {
	fp := &fakePush{}
	n := newToasts(Options{}.withDefaults(), fp.push, NewRecorder(false))
	call := Notification{Summary: "Incoming call", Timeout: -1, Actions: []Action{{Key: "accept", Label: "Accept"}}}
	var ids []ID
	for range maxShownToasts + 3 {
		id, err := n.Show(call, func(string) {})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	last, clicked := ids[len(ids)-1], ids[len(ids)-2]
	n.activate(toastArgs(clicked, "accept"))
	for _, id := range []ID{last, last, clicked, ids[0], last + 100} {
		if err := n.Close(id); err != nil {
			t.Fatalf("Close(%d): %v", id, err)
		}
	}
	want := []string{"release 1", "release 2", "release 3", fmt.Sprint("release ", clicked), fmt.Sprint("hide ", last)}
	if ev := fp.seen(); !slices.Equal(ev, want) {
		t.Fatalf("toasts: %q, want %q", ev, want)
	}
	if err := n.Shutdown(); err != nil {
		t.Fatal(err)
	}
	released := map[string]int{}
	for _, e := range fp.seen() {
		released[strings.TrimPrefix(strings.TrimPrefix(e, "release "), "hide ")]++
	}
	for _, id := range ids {
		if c := released[fmt.Sprint(id)]; c != 1 {
			t.Errorf("toast %d released %d times", id, c)
		}
	}
}

// A Hide that fails or hangs: Close reports it (the tray process logs it)
// and does not block for longer than the call timeout.
func TestToastNotifierCloseHideFails(t *testing.T) {
	stuck := make(chan struct{})
	defer close(stuck)
	refused := errors.New("element not found")
	fp := &fakePush{hide: func() error { return refused }}
	o := Options{CallTimeout: 50 * time.Millisecond}.withDefaults()
	n := newToasts(o, fp.push, NewRecorder(false))
	id, _ := n.Show(Notification{Summary: "Incoming call"}, nil)
	if err := n.Close(id); !errors.Is(err, refused) {
		t.Errorf("Close with a failing Hide: %v", err)
	}
	fp.hide = func() error { <-stuck; return nil }
	id, _ = n.Show(Notification{Summary: "Incoming call"}, nil)
	if err := n.Close(id); !errors.Is(err, ErrTimeout) {
		t.Errorf("Close with a hung Hide: %v", err)
	}
}
