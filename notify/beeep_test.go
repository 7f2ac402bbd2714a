package notify

import (
	"errors"
	"testing"
	"time"
)

func TestBeeepShowsPlainNotifications(t *testing.T) {
	type sent struct {
		title, body string
		icon        any
	}
	got := make(chan sent, 1)
	b := newBeeep(Options{}.withDefaults(), func(title, body string, icon any) error {
		got <- sent{title, body, icon}
		return nil
	})
	id, err := b.Show(Notification{Summary: "Missed call", Body: "Иван\x00", Icon: "/x.png", Actions: []Action{{"a", "A"}}}, func(string) {
		t.Error("beeep called onAction")
	})
	if err != nil || id == 0 {
		t.Fatalf("Show = %d, %v", id, err)
	}
	if s := <-got; s.title != "Missed call" || s.body != "Иван" || s.icon != "/x.png" {
		t.Errorf("sent %+v", s)
	}
	if b.SupportsActions() || b.Name() != "beeep" || b.Close(id) != nil {
		t.Error("SupportsActions/Name/Close")
	}
	b.Shutdown()
	if _, err := b.Show(Notification{}, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Show after Shutdown = %v", err)
	}
}

func TestBeeepNeverBlocksLongerThanTheTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	b := newBeeep(Options{CallTimeout: 10 * time.Millisecond}.withDefaults(), func(string, string, any) error {
		<-release
		return nil
	})
	if _, err := b.Show(Notification{Summary: "a"}, nil); !errors.Is(err, ErrTimeout) {
		t.Errorf("first Show = %v, want ErrTimeout", err)
	}
	// The first one is still stuck: the second must not pile up behind it forever.
	if _, err := b.Show(Notification{Summary: "b"}, nil); !errors.Is(err, ErrTimeout) {
		t.Errorf("second Show = %v, want ErrTimeout", err)
	}
}

func TestBeeepReportsFailure(t *testing.T) {
	boom := errors.New("no notify-send")
	b := newBeeep(Options{}.withDefaults(), func(string, string, any) error { return boom })
	if _, err := b.Show(Notification{Summary: "a"}, nil); !errors.Is(err, boom) {
		t.Errorf("Show = %v", err)
	}
}
