package phonesim

import (
	"bufio"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/testkit"
)

// rawReceiver accepts connections and records each request head verbatim,
// the way a tolerant receiver must read it (net/http would reject raw spaces).
type rawReceiver struct {
	ln   net.Listener
	reqs chan string // request line + headers, CRLF kept
}

func newRawReceiver(t *testing.T) *rawReceiver {
	t.Helper()
	ln := testkit.Listen(t)
	r := &rawReceiver{ln: ln, reqs: make(chan string, 100)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.SetDeadline(time.Now().Add(5 * time.Second))
			br := bufio.NewReader(c)
			var head strings.Builder
			for {
				line, err := br.ReadString('\n')
				head.WriteString(line)
				if err != nil || line == "\r\n" {
					break
				}
			}
			c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
			c.Close()
			r.reqs <- head.String()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
	})
	return r
}

func (r *rawReceiver) addr() string { return r.ln.Addr().String() }

// next returns the request line of the next request.
func (r *rawReceiver) next(t *testing.T) (string, string) {
	t.Helper()
	select {
	case head := <-r.reqs:
		line, _, _ := strings.Cut(head, "\r\n")
		return line, head
	case <-time.After(5 * time.Second):
		t.Fatal("no Action URL request arrived")
		return "", ""
	}
}

func TestActionURLRawQuirks(t *testing.T) {
	rcv := newRawReceiver(t)
	p, base := newPhone(t, Options{ActionURLs: map[string]string{
		// No scheme, as users type it in the phone's web UI.
		"incoming": rcv.addr() + "/gxp?event=incoming&remote=$remote&name=$display_remote&local=$local&mac=$mac&dir=$calldirection",
		"missed":   "http://" + rcv.addr() + "/gxp?event=missed&remote=$remote&name=$display_remote",
	}})
	if _, err := p.Ring("+74951234567", "Анна Смирнова"); err != nil {
		t.Fatal(err)
	}
	line, head := rcv.next(t)
	want := "GET /gxp?event=incoming&remote=+74951234567&name=Анна Смирнова&local=1001&mac=000B82A1B2C3&dir=incoming HTTP/1.1"
	if line != want {
		t.Fatalf("request line\n got %q\nwant %q", line, want)
	}
	if !strings.Contains(head, "\r\nHost: "+rcv.addr()+"\r\n") || !strings.HasSuffix(head, "\r\n\r\n") {
		t.Fatalf("request head %q", head)
	}

	p.RemoteHangup(1)
	if line, _ := rcv.next(t); line != "GET /gxp?event=missed&remote=+74951234567&name=Анна Смирнова HTTP/1.1" {
		t.Fatalf("missed: %q", line)
	}

	// Nothing to substitute: the variable goes out literally.
	p.Ring("", "")
	if line, _ := rcv.next(t); !strings.HasPrefix(line, "GET /gxp?event=incoming&remote=$remote&name=$display_remote&local=1001") {
		t.Fatalf("empty variables: %q", line)
	}
	op(t, base, "rejectcall", opOK)

	// Over 256 bytes: dropped.
	p.Ring("555", strings.Repeat("x", 257))
	if line, _ := rcv.next(t); !strings.HasPrefix(line, "GET /gxp?event=incoming&remote=555&name=&local=") {
		t.Fatalf("long value: %q", line)
	}
}

func TestActionURLEventSequence(t *testing.T) {
	rcv := newRawReceiver(t)
	urls := map[string]string{}
	for ev := range ActionEvents() {
		urls[ev] = "http://" + rcv.addr() + "/" + ev + "?n=$remote"
	}
	urls["bogus"] = rcv.addr() + "/bogus" // ignored
	p, base := newPhone(t, Options{ActionURLs: urls})

	p.Ring("203", "Виталик")
	op(t, base, "acceptcall", opOK)
	op(t, base, "holdcall", opOK)
	op(t, base, "holdcall", opOK)
	op(t, base, "endcall", opOK)
	mustCall(t, base, "api-make_call", "phonenumber=204", opOK)
	p.RemoteHangup(1)

	want := []string{"incoming?n=203", "offhook?n=203", "established?n=203", "hold?n=203", "onhook?n=203",
		"offhook?n=203", "unhold?n=203", "terminated?n=203", "onhook?n=$remote",
		"offhook?n=204", "outgoing?n=204", "terminated?n=204", "onhook?n=$remote"}
	for i, w := range want {
		line, _ := rcv.next(t)
		if line != "GET /"+w+" HTTP/1.1" {
			t.Fatalf("request %d = %q, want GET /%s", i, line, w)
		}
	}
}

func TestActionURLReceiverDown(t *testing.T) {
	addr := testkit.FreeAddr(t) // nobody listens: the phone does not care
	p, base := newPhone(t, Options{ActionURLs: map[string]string{"incoming": addr + "/x?$remote"}})
	p.Ring("1", "")
	op(t, base, "acceptcall", opOK)
	wantState(t, p, 1, "connected")
}

func TestParseActionURL(t *testing.T) {
	for in, want := range map[string]actionTemplate{
		"127.0.0.1:8080/path?x=$remote":    {addr: "127.0.0.1:8080", host: "127.0.0.1:8080", target: "/path?x=$remote"},
		"HTTP://example.com?x=1":           {addr: "example.com:80", host: "example.com", target: "/?x=1"},
		" 192.168.5.250/p ":                {addr: "192.168.5.250:80", host: "192.168.5.250", target: "/p"},
		"[::1]:9/a":                        {addr: "[::1]:9", host: "[::1]:9", target: "/a"},
		"host/r?u=http://other/$remote":    {addr: "host:80", host: "host", target: "/r?u=http://other/$remote"},
		"localhost":                        {addr: "localhost:80", host: "localhost", target: "/"},
		"http://127.0.0.1:1/?a=$phone_ip&": {addr: "127.0.0.1:1", host: "127.0.0.1:1", target: "/?a=$phone_ip&"},
	} {
		got, err := parseActionURL(in)
		if err != nil || got != want {
			t.Errorf("parseActionURL(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"https://x/y", "ftp://x", "", "/path", "http://", "us er@host/x", "$remote/x"} {
		if _, err := parseActionURL(in); err == nil {
			t.Errorf("parseActionURL(%q) accepted", in)
		}
	}
}

func TestExpandAction(t *testing.T) {
	vars := map[string]string{"remote": "+1 555", "display_remote": "A\r\nB", "local": "", "active_user": "u"}
	got := expandAction("/a?r=$remote&d=$display_remote&l=$local&u=$active_user&x=$unknown&$$remote", vars)
	want := "/a?r=+1 555&d=A  B&l=$local&u=u&x=$unknown&$+1 555"
	if got != want {
		t.Fatalf("expandAction = %q, want %q", got, want)
	}
}
