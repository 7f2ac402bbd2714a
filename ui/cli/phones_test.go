package cli

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/cti/testkit"
	"github.com/gxptray/gxptray/ui/service"
	"github.com/gxptray/gxptray/ui/service/servicetest"
	"github.com/gxptray/gxptray/ui/settings"
)

const labPasscode = "lab-passcode-2"

// twoPhoneSettings saves settings listing "Office" (office) and "Lab"
// (lab), each with its passcode in the keyring.
func twoPhoneSettings(t *testing.T, office, lab string) {
	t.Helper()
	saveTestSettings(t, func(s *settings.Settings) {
		s.Phone, s.PhoneName = office, "Office"
		s.OtherPhones = []settings.Phone{{Name: "Lab", Address: lab}}
	})
	kr := settings.NewKeyring(time.Second)
	if err := settings.SavePasscode(kr, office, testPasscode); err != nil {
		t.Fatal(err)
	}
	if err := settings.SavePasscodeFor(kr, lab, labPasscode); err != nil {
		t.Fatal(err)
	}
}

func TestPhoneFlagNamesAPhoneWithoutATray(t *testing.T) {
	isolate(t)
	office, officeURL := startPhone(t, phonesim.Options{})
	lab, labURL := startPhone(t, phonesim.Options{Passcode: labPasscode})
	twoPhoneSettings(t, officeURL, labURL)

	if r := gx(t, nil, "--phone", "lab", "dial", "203"); r.code != ExitOK {
		t.Fatalf("dial on the lab: exit %d, %s", r.code, r.stderr)
	}
	// After the command, too.
	if r := gx(t, nil, "dial", "--phone", "Lab", "205"); r.code != ExitOK {
		t.Fatalf("dial --phone Lab: exit %d, %s", r.code, r.stderr)
	}
	if r := gx(t, nil, "dial", "204"); r.code != ExitOK {
		t.Fatalf("dial on the default phone: exit %d, %s", r.code, r.stderr)
	}
	if got := lab.Dialed(); !slices.Equal(got, []string{"203", "205"}) {
		t.Errorf("the lab dialed %v", got)
	}
	if got := office.Dialed(); !slices.Equal(got, []string{"204"}) {
		t.Errorf("the office dialed %v", got)
	}
	r := gx(t, nil, "--phone", "Store", "status")
	if r.code == ExitOK || !strings.Contains(r.stderr, `no phone called "Store"`) || !strings.Contains(r.stderr, `"Office", "Lab"`) {
		t.Errorf("an unknown phone: exit %d, %q", r.code, r.stderr)
	}
	if n := len(office.Requests()) + len(lab.Requests()); n != 3 {
		t.Errorf("the phones got %d requests, want the 3 dials only", n)
	}
	// An address is an address, as always.
	if r := gx(t, map[string]string{"GXPTRAY_PASSWORD": labPasscode}, "--phone", labURL, "status"); r.code != ExitOK || !strings.Contains(r.stdout, "Phone "+labURL) {
		t.Errorf("--phone ADDRESS: exit %d, %s%s", r.code, r.stdout, r.stderr)
	}
}

func TestPasswordOfANamedPhone(t *testing.T) {
	isolate(t)
	_, officeURL := startPhone(t, phonesim.Options{})
	_, labURL := startPhone(t, phonesim.Options{Passcode: "lab-new-pw"})
	twoPhoneSettings(t, officeURL, labURL)
	file := testkit.WriteTemp(t, "pw", "lab-new-pw\n")
	if r := gx(t, nil, "--password-file", file, "password", "--phone", "Lab"); r.code != ExitOK {
		t.Fatalf("password --phone Lab: exit %d, %s", r.code, r.stderr)
	}
	kr := settings.NewKeyring(time.Second)
	if got, err := settings.PasscodeFor(kr, labURL, officeURL); err != nil || got != "lab-new-pw" {
		t.Errorf("the lab's passcode is %q, %v", got, err)
	}
	if got, err := settings.PasscodeFor(kr, officeURL, officeURL); err != nil || got != testPasscode {
		t.Errorf("the office's passcode became %q, %v", got, err)
	}
	if r := gx(t, nil, "--phone", "Lab", "status"); r.code != ExitOK {
		t.Errorf("status of the lab with its new password: exit %d, %s", r.code, r.stderr)
	}
	if r := gx(t, nil, "--phone", "Lab", "password", "--delete"); r.code != ExitOK {
		t.Fatalf("password --delete: %s", r.stderr)
	}
	if _, err := settings.PasscodeFor(kr, labURL, officeURL); err == nil {
		t.Error("the lab's passcode is still there")
	}
	if got, _ := settings.PasscodeFor(kr, officeURL, officeURL); got != testPasscode {
		t.Error("deleting the lab's passcode deleted the office's")
	}
}

// startTwoPhoneTray runs a real service with the local API, as the tray process
// does, over the isolated paths.
func startTwoPhoneTray(t *testing.T) *service.Service {
	t.Helper()
	paths := userPaths(t)
	svc := servicetest.Start(t, paths, settings.NewKeyring(time.Second))
	ctx := context.Background()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := svc.State(ctx)
		if len(st.Phones) == 2 && st.Phones[0].Conn == cti.ConnOnline && st.Phones[1].Conn == cti.ConnOnline {
			return svc
		}
		if time.Now().After(deadline) {
			t.Fatalf("the phones never came online: %+v", st.Phones)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestStatusAndWatchThroughTheTrayCoverEveryPhone(t *testing.T) {
	isolate(t)
	office, officeURL := startPhone(t, phonesim.Options{})
	lab, labURL := startPhone(t, phonesim.Options{Passcode: labPasscode})
	twoPhoneSettings(t, officeURL, labURL)
	startTwoPhoneTray(t)

	r := gx(t, nil, "status")
	if r.code != ExitOK || !strings.Contains(r.stdout, "Phone Office ("+officeURL+"): available") || !strings.Contains(r.stdout, "Phone Lab ("+labURL+"): available") {
		t.Fatalf("status of two phones: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = gx(t, nil, "status", "--json")
	var rep statusReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Phones) != 2 || rep.Phones[1].Name != "Lab" || rep.Phones[1].Via != "tray" {
		t.Fatalf("status --json: %v\n%s", err, r.stdout)
	}
	if r := gx(t, nil, "--phone", "Store", "dial", "1"); r.code == ExitOK || !strings.Contains(r.stderr, `"Office", "Lab"`) {
		t.Errorf("an unknown phone through the tray: exit %d %q", r.code, r.stderr)
	}

	out, stopJSON := startWatch(t, nil, "watch", "--json")
	text, stopText := startWatch(t, nil, "--phone", "Lab", "watch")
	// A watch subscribes a moment after it starts; a ring before that
	// would be in the State, not an event: ring until it is printed.
	ringUntil(t, lab, "204", "Лаборант", out, `"phone":"Lab"`)
	ringUntil(t, office, "203", "", out, `"phone":"Office"`)
	ringUntil(t, lab, "206", "", text, "Lab  incoming  line ")
	stopJSON()
	stopText()
	var seen []string
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var ev struct {
			Phone string `json:"phone"`
			cti.Event
		}
		if err := json.Unmarshal([]byte(l), &ev.Event); err != nil {
			t.Fatalf("watch --json line %q: %v", l, err)
		}
		_ = json.Unmarshal([]byte(l), &struct {
			Phone *string `json:"phone"`
		}{&ev.Phone})
		if ev.Kind == cti.EventIncoming {
			seen = append(seen, ev.Phone+" "+ev.Number)
		}
	}
	if !slices.Contains(seen, "Lab 204") || !slices.Contains(seen, "Office 203") || slices.Contains(seen, "Office 204") || slices.Contains(seen, "Lab 203") {
		t.Errorf("watch --json saw the rings %q", seen)
	}
	if strings.Contains(text.String(), "203") {
		t.Errorf("watch --phone Lab printed the office's call:\n%s", text.String())
	}
}

// ringUntil rings p (hanging up and ringing again while nothing shows)
// until out holds want.
func ringUntil(t *testing.T, p *phonesim.Phone, number, name string, out *testkit.Buffer, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in:\n%s", want, out.String())
		}
		line, err := p.Ring(number, name)
		if err != nil {
			t.Fatal(err)
		}
		for wait := time.Now().Add(time.Second); time.Now().Before(wait) && !strings.Contains(out.String(), want); {
			time.Sleep(10 * time.Millisecond)
		}
		if err := p.RemoteHangup(line); err != nil {
			t.Fatal(err)
		}
	}
}

func TestHistoryNamesThePhonesOfTheCalls(t *testing.T) {
	isolate(t)
	_, h := userHistory(t)
	for _, c := range []cti.Call{{Number: "203", Phone: "Office"}, {Number: "204", Phone: "Lab"}} {
		c.Direction, c.Outcome, c.Start = cti.Incoming, cti.Missed, time.Now()
		if err := h.Append(c); err != nil {
			t.Fatal(err)
		}
	}
	r := gx(t, nil, "history")
	for _, want := range []string{"Lab  incoming  204", "Office  incoming  203"} {
		if !strings.Contains(strings.Join(strings.Fields(r.stdout), "  "), want) {
			t.Errorf("history lacks %q:\n%s", want, r.stdout)
		}
	}
	r = gx(t, nil, "history", "--json")
	var calls []cti.Call
	if err := json.Unmarshal([]byte(r.stdout), &calls); err != nil || len(calls) != 2 || calls[0].Phone != "Lab" {
		t.Errorf("history --json: %v %+v", err, calls)
	}
}
