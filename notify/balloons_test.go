package notify

import (
	"errors"
	"reflect"
	"testing"
	"time"
)

// fakeIcon records what a notification-area icon was asked to do.
type fakeIcon struct{ calls []string }

func (f *fakeIcon) Balloon(title, body string) error {
	f.calls = append(f.calls, "balloon "+title+": "+body)
	return nil
}
func (f *fakeIcon) Hide() error   { f.calls = append(f.calls, "hide"); return nil }
func (f *fakeIcon) Remove() error { f.calls = append(f.calls, "remove"); return nil }

// newTestBalloons returns balloons on a fake icon whose hide timers are
// run by the test: fire(i) runs the i-th one set.
func newTestBalloons(t *testing.T) (b *balloons, icons *[]*fakeIcon, fire func(int)) {
	icons = new([]*fakeIcon)
	var timers []func()
	b = newBalloons(func() (balloonIcon, error) {
		f := &fakeIcon{}
		*icons = append(*icons, f)
		return f, nil
	})
	b.after = func(d time.Duration, f func()) func() bool {
		if d != balloonLinger {
			t.Errorf("the icon is hidden after %v", d)
		}
		timers = append(timers, f)
		return func() bool { return true }
	}
	return b, icons, func(i int) { timers[i]() }
}

// Notifications on the fallback are balloons of one icon, not an icon
// each; the icon leaves the tray when they are over and at Shutdown.
func TestPlainNotificationsShareOneTrayIcon(t *testing.T) {
	b, icons, fire := newTestBalloons(t)
	n := newBeeep(Options{}.withDefaults(), b.notify)
	n.stop = b.close
	for _, who := range []string{"Анна", "Boris", "Carl"} {
		if _, err := n.Show(Notification{Summary: "Incoming call", Body: who}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if len(*icons) != 1 {
		t.Fatalf("%d tray icons for 3 notifications", len(*icons))
	}
	icon := (*icons)[0]
	fire(0) // the hide of the first balloon, already replaced by the third
	fire(2) // the last one's
	if _, err := n.Show(Notification{Summary: "Missed call", Body: "Анна"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := n.Shutdown(); err != nil {
		t.Fatal(err)
	}
	want := []string{"balloon Incoming call: Анна", "balloon Incoming call: Boris", "balloon Incoming call: Carl",
		"hide", "balloon Missed call: Анна", "remove"}
	if len(*icons) != 1 || !reflect.DeepEqual(icon.calls, want) {
		t.Fatalf("%d icons; the icon was asked: %q, want %q", len(*icons), icon.calls, want)
	}
	if _, err := n.Show(Notification{Summary: "late"}, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Show after Shutdown = %v", err)
	}
	fire(3) // a hide that comes after the removal touches nothing
	if len(icon.calls) != len(want) {
		t.Errorf("after Shutdown the icon was asked %q", icon.calls[len(want):])
	}
}

func TestPlainNotificationsReportAnIconThatCannotBeMade(t *testing.T) {
	boom := errors.New("shell notify create failed")
	b := newBalloons(func() (balloonIcon, error) { return nil, boom })
	if err := b.notify("a", "b", nil); !errors.Is(err, boom) {
		t.Errorf("notify = %v", err)
	}
	if err := b.close(); err != nil {
		t.Errorf("close with no icon = %v", err)
	}
}
