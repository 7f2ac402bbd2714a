package notify_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/notify"
)

var _ notify.Notifier = (*notify.Recorder)(nil)

func TestRecorderRecordsAndInvokesOnce(t *testing.T) {
	r := notify.NewRecorder(true)
	if _, ok := r.Last(); ok {
		t.Fatal("Last on an empty recorder")
	}
	var keys []string
	n := notify.Notification{Summary: "Incoming call", Body: "101", Actions: []notify.Action{{"accept", "Accept"}}}
	id, err := r.Show(n, func(k string) { keys = append(keys, k) })
	if err != nil || id == 0 {
		t.Fatalf("Show = %d, %v", id, err)
	}
	last, ok := r.Last()
	if !ok || last.ID != id || last.Notification.Summary != "Incoming call" || last.Closed {
		t.Fatalf("Last = %+v", last)
	}
	if !r.Invoke(id, "accept") || r.Invoke(id, "accept") {
		t.Error("Invoke should report one call, then none")
	}
	if strings.Join(keys, ",") != "accept" {
		t.Errorf("onAction calls = %v", keys)
	}
	if !r.SupportsActions() || r.Name() != "recorder" {
		t.Error("SupportsActions/Name")
	}
}

func TestRecorderCloseReplaceAndNoButtons(t *testing.T) {
	r := notify.NewRecorder(true)
	called := 0
	on := func(string) { called++ }
	withButtons := notify.Notification{Summary: "Incoming", Actions: []notify.Action{{"accept", "Accept"}}}

	a, _ := r.Show(withButtons, on)
	if err := r.Close(a); err != nil {
		t.Fatal(err)
	}
	if r.Invoke(a, "accept") || called != 0 {
		t.Error("action delivered after Close")
	}
	if err := r.Close(a); err != nil {
		t.Error("second Close:", err)
	}

	b, _ := r.Show(withButtons, on)
	r.Dismiss(b)
	if r.Invoke(b, "accept") {
		t.Error("action delivered after the user dismissed it")
	}

	c, _ := r.Show(withButtons, on)
	missed := notify.Notification{Summary: "Missed call", Replaces: c}
	c2, _ := r.Show(missed, on)
	if c2 != c {
		t.Errorf("replacing id %d gave %d", c, c2)
	}
	shown := r.Shown()
	if len(shown) != 4 || !shown[2].Closed || shown[3].Closed || shown[3].Notification.Summary != "Missed call" {
		t.Errorf("Shown = %+v", shown)
	}
	if r.Invoke(c, "accept") || called != 0 {
		t.Error("a notification without buttons called onAction")
	}

	quiet := notify.NewRecorder(false)
	d, _ := quiet.Show(withButtons, on)
	if quiet.Invoke(d, "accept") || quiet.SupportsActions() {
		t.Error("a recorder without actions called onAction")
	}
}

func TestRecorderFailAndShutdown(t *testing.T) {
	r := notify.NewRecorder(true)
	boom := errors.New("boom")
	r.FailWith(boom)
	if _, err := r.Show(notify.Notification{}, nil); !errors.Is(err, boom) {
		t.Errorf("Show = %v", err)
	}
	r.FailWith(nil)
	if _, err := r.Show(notify.Notification{}, nil); err != nil {
		t.Error(err)
	}
	r.Shutdown()
	if _, err := r.Show(notify.Notification{}, nil); !errors.Is(err, notify.ErrClosed) {
		t.Errorf("Show after Shutdown = %v", err)
	}
}

func TestRecorderWaitFor(t *testing.T) {
	r := notify.NewRecorder(true)
	go func() {
		r.Show(notify.Notification{Summary: "first"}, nil)
		r.Show(notify.Notification{Summary: "Missed call"}, nil)
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := r.WaitFor(ctx, func(s []notify.Shown) bool {
		return len(s) > 0 && s[len(s)-1].Notification.Summary == "Missed call"
	})
	if err != nil {
		t.Fatal(err)
	}

	done, cancel2 := context.WithCancel(context.Background())
	cancel2()
	err = r.WaitFor(done, func([]notify.Shown) bool { return false })
	var we *notify.WaitError
	if !errors.As(err, &we) || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), `"Missed call"`) {
		t.Errorf("WaitFor on a cancelled context = %v", err)
	}
}

// A click on something that was not offered (desktops send "default" when the
// body is clicked) must not use up the one call that Accept needs.
func TestUnofferedActionDoesNotSwallowAccept(t *testing.T) {
	r := notify.NewRecorder(true)
	var got []string
	id, err := r.Show(notify.Notification{Summary: "Incoming call", Actions: []notify.Action{{"accept", "Accept"}, {"reject", "Reject"}}},
		func(key string) { got = append(got, key) })
	if err != nil {
		t.Fatal(err)
	}
	if r.Invoke(id, "default") {
		t.Error("an unoffered key reached onAction")
	}
	if !r.Invoke(id, "accept") || r.Invoke(id, "accept") {
		t.Error("accept should fire exactly once")
	}
	if len(got) != 1 || got[0] != "accept" {
		t.Fatalf("onAction calls = %q, want [accept]", got)
	}
}
