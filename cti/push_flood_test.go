package cti

import (
	"context"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A flood of requests without the token from loopback, plus connections
// that send nothing, while the phone's genuine pushes arrive from the same
// address: every genuine push is answered (at the default rate limits).
func TestPushFloodKeepsAShareForTheToken(t *testing.T) {
	s := startPush(t, PushConfig{RatePerSecond: DefaultPushRate, ReadTimeout: DefaultPushReadTimeout})
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var flood atomic.Int64
	for range 4 { // as fast as the machine goes: far above 30/s
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				c, err := net.Dial("tcp", s.addr)
				if err != nil {
					continue
				}
				_ = c.SetDeadline(time.Now().Add(2 * time.Second))
				io.WriteString(c, "GET /no-token-at-all-here/incoming?remote=666 HTTP/1.1\r\n\r\n")
				io.Copy(io.Discard, c)
				c.Close()
				flood.Add(1)
			}
		}()
	}
	var slow []net.Conn // idle connections, reopened as the listener cuts them
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			if c, err := net.Dial("tcp", s.addr); err == nil {
				io.WriteString(c, "GET /")
				slow = append(slow, c)
			}
			if len(slow) >= 300 {
				slow[0].Close()
				slow = slow[1:]
			}
		}
		for _, c := range slow {
			c.Close()
		}
	}()
	time.Sleep(200 * time.Millisecond) // let the flood build up before the phone sends
	// The phone: its own address on the loopback network.
	phone := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}
	const genuine = 20
	answered := 0
	for range genuine {
		if code := pushFrom(t, phone, s.addr, "GET /"+testToken+"/incoming?remote=203 HTTP/1.1\r\n\r\n"); code == 200 {
			answered++
			s.event()
		} else {
			t.Logf("a genuine push got %d", code)
		}
		time.Sleep(50 * time.Millisecond) // pushes come one per call event
	}
	stop()
	wg.Wait()
	t.Logf("genuine pushes answered during a flood of %d token-less requests and 300 idle connections: %d of %d (%.0f%%)",
		flood.Load(), answered, genuine, 100*float64(answered)/genuine)
	if flood.Load() < 100 {
		t.Fatalf("the flood sent only %d requests", flood.Load())
	}
	if answered != genuine {
		t.Fatalf("%d of %d genuine pushes answered during the flood", answered, genuine)
	}
}

// pushFrom sends one request from the dialer's address and returns the
// status (0: closed without a reply).
func pushFrom(t *testing.T, d net.Dialer, addr, raw string) int {
	t.Helper()
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, raw); err != nil {
		return 0
	}
	code, _ := readStatus(t, c)
	return code
}
