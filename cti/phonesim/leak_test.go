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
	p.Ring("1", "")
	mustCall(t, s.URL(), "api-make_call", "phonenumber=2", opOK)
	mustCall(t, s.URL(), "api-send_key", "keys=1:2:3", `{"response":"success","body":"complete"}`)
	rcv.next(t)
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
