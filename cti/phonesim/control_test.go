package phonesim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gxptray/gxptray/cti"
)

func post(t *testing.T, u string, form url.Values) (int, string) {
	t.Helper()
	resp, err := http.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func wantSim(t *testing.T, base, path string, status int, body string) {
	t.Helper()
	gotStatus, gotBody := get(t, base+path)
	if gotStatus != status || gotBody != body {
		t.Fatalf("%s = %d %s, want %d %s", path, gotStatus, gotBody, status, body)
	}
}

func TestSimRingAnswerHangup(t *testing.T) {
	p, base := newPhone(t, Options{Lines: 2})
	wantSim(t, base, "/sim/ring?number=%2B74951234567&name=%D0%90%D0%BD%D0%BD%D0%B0%20%D0%A1%D0%BC%D0%B8%D1%80%D0%BD%D0%BE%D0%B2%D0%B0", 200, `{"line":1}`)
	if l := p.Line(1); l.State != cti.StateRinging || l.RemoteName != "Анна Смирнова" || l.RemoteNumber != "+74951234567" {
		t.Fatalf("line 1: %+v", l)
	}
	wantSim(t, base, "/sim/hangup?line=1", 200, `{"line":1,"state":"idle"}`)

	mustCall(t, base, "api-make_call", "phonenumber=203", opOK)
	wantSim(t, base, "/sim/answer?line=1", 200, `{"line":1,"state":"connected"}`)
	// POST works as well as GET.
	if status, body := post(t, base+"/sim/hangup", url.Values{"line": {"1"}}); status != 200 || body != `{"line":1,"state":"idle"}` {
		t.Fatalf("POST /sim/hangup: %d %s", status, body)
	}

	wantSim(t, base, "/sim/ring?number=1", 200, `{"line":1}`)
	wantSim(t, base, "/sim/ring?number=2&name=", 200, `{"line":2}`)
	wantSim(t, base, "/sim/ring?number=3", 409, `{"error":"phonesim: no idle line"}`)
}

func TestSimBadParameters(t *testing.T) {
	_, base := newPhone(t, Options{})
	for _, c := range []struct {
		path   string
		status int
	}{
		{"/sim/ring", 400},
		{"/sim/ring?name=x", 400},
		{"/sim/ring?number=1%0A2", 400},
		{"/sim/answer", 400},
		{"/sim/answer?line=x", 400},
		{"/sim/answer?line=99", 400},
		{"/sim/answer?line=1", 409}, // idle: nothing to answer
		{"/sim/hangup?line=-1", 400},
		{"/sim/hangup?line=1", 409},
		{"/sim/makecall", 400},
		{"/sim/makecall?enabled=2", 400},
		{"/sim/passcode?value=x", 400}, // GET: the passcode must not sit in a URL
		{"/sim/answer?line=%zz", 400},
		{"/sim/nothing", 404},
	} {
		status, body := get(t, base+c.path)
		var e struct{ Error string }
		if status != c.status || json.Unmarshal([]byte(body), &e) != nil || e.Error == "" {
			t.Errorf("%s = %d %s, want %d and a JSON error", c.path, status, body, c.status)
		}
	}
	req, _ := http.NewRequest(http.MethodPut, base+"/sim/state", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("PUT /sim/state: %d", resp.StatusCode)
	}
}

func TestSimSettings(t *testing.T) {
	p, base := newPhone(t, Options{})
	wantSim(t, base, "/sim/makecall?enabled=0", 200, `{"make_call":false}`)
	mustCall(t, base, "api-make_call", "phonenumber=1", `{"response":"error","body":"Invalid Request"}`)
	wantSim(t, base, "/sim/makecall?enabled=1", 200, `{"make_call":true}`)
	mustCall(t, base, "api-make_call", "phonenumber=1", opOK)

	if status, body := post(t, base+"/sim/passcode", url.Values{"value": {"n3w"}}); status != 200 || body != `{"ok":true}` {
		t.Fatalf("POST /sim/passcode: %d %s", status, body)
	}
	for range 5 {
		call(t, base, "api-get_line_status", "") // the old passcode
	}
	if !p.Locked() {
		t.Fatal("not locked")
	}
	wantSim(t, base, "/sim/unlock", 200, `{"ok":true}`)
	if status, _ := get(t, base+"/cgi-bin/api-get_line_status?passcode=n3w"); status != 200 {
		t.Fatalf("new passcode after unlock: %d", status)
	}
}

func TestSimState(t *testing.T) {
	p, base := newPhone(t, Options{Lines: 2})
	p.Ring("203", "Виталик")
	sendKeys(t, p, base, "OFFHOOK:VUP")
	mustCall(t, base, "api-make_call", "phonenumber=204", opOK)
	status, body := get(t, base+"/sim/state")
	if status != 200 {
		t.Fatalf("/sim/state: %d", status)
	}
	var s simState
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		t.Fatal(err)
	}
	if s.PhoneStatus != "busy" || len(s.Lines) != 2 || s.Lines[0].RemoteName != "Виталик" || s.Lines[0].State != "onhold" ||
		s.Lines[1].State != "calling" || s.Selected != 2 || s.Audio.Volume != 5 ||
		strings.Join(s.KeysReceived, ":") != "OFFHOOK:VUP" || strings.Join(s.Dialed, ",") != "204" ||
		s.Requests["api-send_key"] != 1 || s.Requests["api-make_call"] != 1 || !s.MakeCall || s.Rebooting || s.Locked {
		t.Fatalf("/sim/state = %s", body)
	}
	if strings.Contains(body, testPass) {
		t.Fatal("/sim/state shows the passcode")
	}
}

func TestSimReboot(t *testing.T) {
	p, base := newPhone(t, Options{RebootDowntime: 1e12})
	wantSim(t, base, "/sim/reboot", 200, `{"ok":true}`)
	if !p.Rebooting() {
		t.Fatal("not rebooting")
	}
	wantSim(t, base, "/sim/reboot", 409, `{"error":"phonesim: the phone is rebooting"}`)
}
