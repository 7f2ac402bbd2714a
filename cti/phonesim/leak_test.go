package phonesim

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"
)

// After Close nothing of the simulator may keep running: key worker, reboot,
// Action URL sender, timers, server, demo.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	rcv := newRawReceiver(t)
	p := New(Options{Passcode: testPass, KeyInterval: time.Hour, RebootDowntime: time.Hour,
		AutoAnswerAfter: time.Hour, FailedTimeout: time.Hour,
		ActionURLs: map[string]string{"incoming": rcv.addr() + "/in"}})
	s, err := Listen("127.0.0.1:0", p)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	demoDone := make(chan struct{})
	go func() {
		RunDemo(ctx, p, time.Hour)
		close(demoDone)
	}()
	// A failure below must not leave this phone's goroutines to the next
	// run of the test (-count): they would be counted as its leak.
	t.Cleanup(func() {
		cancel()
		<-demoDone
		s.Close()
		p.Close()
	})
	p.Ring("1", "")
	mustCall(t, s.URL(), "api-make_call", "phonenumber=2", opOK)
	mustCall(t, s.URL(), "api-send_key", "keys=1:2:3", `{"response":"success","body":"complete"}`)
	rcv.next(t)
	// The reply to send_key comes before the key worker has run. A reboot
	// empties the queue, and a worker that starts after it finds nothing
	// and ends: wait until it has pressed the first key and sleeps (an hour)
	// before the next, so that it is still there when Close is called.
	if err := waitFor(t, func() bool { return p.KeysPending() == 2 }); err != nil {
		t.Fatalf("the key worker did not take the first key: %d pending", p.KeysPending())
	}
	p.Reboot()
	if err := waitFor(t, func() bool { return strings.Contains(allStacks(), "phonesim.(*Phone).pressKeys") }); err != nil {
		t.Fatal("the key worker is not visible in the stacks: this test could not see a leak")
	}

	cancel()
	<-demoDone
	s.Close()
	p.Close()
	if err := waitFor(t, func() bool { return !strings.Contains(allStacks(), "phonesim.(*") }); err != nil {
		t.Fatalf("goroutines left after Close:\n%s", allStacks())
	}
}

func allStacks() string {
	buf := make([]byte, 1<<20)
	return string(buf[:runtime.Stack(buf, true)])
}
