package cti

import (
	"net"
	"strings"
	"testing"
)

func TestActionURLFields(t *testing.T) {
	fields := ActionURLFields("192.168.1.10:8765/", testToken)
	want := []struct{ event, pvalue string }{
		{"incoming", "P8310"}, {"outgoing", "P8311"}, {"missed", "P8312"}, {"established", "P8313"},
		{"terminated", "P8314"}, {"hold", "P8324"}, {"unhold", "P8325"},
	}
	if len(fields) != len(want) {
		t.Fatalf("%d fields, want %d", len(fields), len(want))
	}
	for i, f := range fields {
		if f.Event != want[i].event || f.PValue != want[i].pvalue || f.Label == "" {
			t.Errorf("field %d = %+v, want %s %s", i, f, want[i].event, want[i].pvalue)
		}
		u := "http://192.168.1.10:8765/" + testToken + "/" + f.Event + "?remote=$remote"
		if f.URL != u {
			t.Errorf("URL %q\nwant %q", f.URL, u)
		}
		if len(f.URL) > 200 {
			t.Errorf("URL %d chars long: keep it short for the phone's field", len(f.URL))
		}
	}
	if got := ActionURLFields("https://pc.lan:9000", testToken)[0].URL; !strings.HasPrefix(got, "https://pc.lan:9000/") {
		t.Errorf("scheme not kept: %s", got)
	}
	if !strings.Contains(ActionURLSettingsPage, "Action URL") {
		t.Errorf("settings page %q", ActionURLSettingsPage)
	}
}

// TestActionURLRoundTrip fills the pasted URLs in the way a phone does
// (values raw, unfilled variables literal) and sends them to a listener.
func TestActionURLRoundTrip(t *testing.T) {
	s := startPush(t, PushConfig{})
	for _, f := range ActionURLFields("http://"+s.addr, testToken) {
		u := strings.NewReplacer("$remote", "+74951234567", "$display_remote", "Анна Смирнова").Replace(f.URL)
		target := u[strings.Index(u[len("http://"):], "/")+len("http://"):]
		code, _ := s.send("GET " + target + " HTTP/1.1\r\nHost: " + s.addr + "\r\n\r\n")
		if code != 200 {
			t.Fatalf("%s: status %d", f.Event, code)
		}
		e := s.event()
		if e.Event != f.Event || e.Remote != "+74951234567" {
			t.Errorf("%s: got %+v", f.Event, e)
		}
	}
}

func TestPushBaseURL(t *testing.T) {
	tcp := func(s string) net.Addr {
		a, err := net.ResolveTCPAddr("tcp", s)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	if got := PushBaseURL(tcp("192.168.1.10:8765"), ""); got != "http://192.168.1.10:8765" {
		t.Errorf("bound address: %q", got)
	}
	if got := PushBaseURL(tcp("0.0.0.0:8765"), "http://127.0.0.1:8080"); got != "http://127.0.0.1:8765" {
		t.Errorf("all interfaces, phone on loopback: %q", got)
	}
	if got := PushBaseURL(tcp("[::]:8765"), "127.0.0.1"); got != "http://127.0.0.1:8765" {
		t.Errorf("all interfaces (v6), phone on loopback: %q", got)
	}
	if got := PushBaseURL(tcp("0.0.0.0:8765"), ""); got != "" {
		t.Errorf("no phone to route to: %q, want empty", got)
	}
	if got := PushBaseURL(nil, "x"); got != "" {
		t.Errorf("nil address: %q", got)
	}
}
