package cli

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
)

// Call commands with no call say so in plain words; --verbose adds what
// the phone answered.
func TestOperationsWithNoCallSayWhy(t *testing.T) {
	isolate(t)
	_, url := startPhone(t, phonesim.Options{})
	for cmd, want := range map[string]string{
		"answer": "gxptray: No call is ringing.\n",
		"reject": "gxptray: No call is ringing.\n",
		"hold":   "gxptray: No call to hold or resume.\n",
		"end":    "gxptray: No call to hang up.\n",
	} {
		r := gx(t, phoneEnv(url), cmd)
		if r.code != ExitFailure || r.stderr != want {
			t.Errorf("%s with no call: exit %d, %q; want %q", cmd, r.code, r.stderr, want)
		}
	}
	r := gx(t, phoneEnv(url), "--verbose", "answer")
	if !strings.Contains(r.stderr, "\ngxptray: No call is ringing.\n  (no call is ringing (api-phone_operation: ") {
		t.Errorf("--verbose answer: %q, want the words and the detail", r.stderr)
	}
}

// A web server that is not a phone, and the wrong one of http/https.
func TestConnectionProblemsInWords(t *testing.T) {
	isolate(t)
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<html><body>router login</body></html>")
	}))
	defer web.Close()
	r := gx(t, map[string]string{"GXPTRAY_PHONE": web.URL, "GXPTRAY_PASSCODE": testPasscode}, "status")
	if !strings.HasPrefix(r.stderr, "gxptray: This address answers, but not as a Grandstream phone.\n") || strings.Contains(r.stderr, "api-") {
		t.Errorf("not a phone: %q", r.stderr)
	}
	_, url := startPhone(t, phonesim.Options{})
	host := strings.TrimPrefix(url, "http://")
	r = gx(t, map[string]string{"GXPTRAY_PHONE": "https://" + host, "GXPTRAY_PASSCODE": testPasscode}, "status")
	if want := "gxptray: The phone answers over http, not https.\n  Write the address as http://" + host + ".\n"; r.stderr != want {
		t.Errorf("https to an http phone: %q, want %q", r.stderr, want)
	}
}

// `gxptray dial` with a copied signature dials the number in it and, once
// the far end answers, presses the extension.
func TestDialTextWithExtension(t *testing.T) {
	isolate(t)
	answerPoll = 20 * time.Millisecond
	t.Cleanup(func() { answerPoll = cti.DefaultPollInterval })
	p, url := startPhone(t, phonesim.Options{AutoAnswerAfter: 100 * time.Millisecond})
	r := gx(t, phoneEnv(url), "dial", "Phone: +1 (555) 010-0199, ext 12")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if got := p.Dialed(); !slices.Equal(got, []string{"+15550100199"}) {
		t.Errorf("dialed %v", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.Wait(ctx, func() bool { return p.DTMF() == "12" }); err != nil {
		t.Errorf("DTMF %q, want the extension", p.DTMF())
	}
	want := "Dialing +15550100199 (instant dialing)\nWill press 12 once the call is answered\nPressed 12\n"
	if r.stdout != want {
		t.Errorf("stdout %q, want %q", r.stdout, want)
	}

	r = gx(t, phoneEnv(url), "dial", "тел. 8 (495) 765-43-21 или +7 495 765-43-22")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "2 phone numbers: 8 (495) 765-43-21, +7 495 765-43-22") {
		t.Errorf("two numbers: exit %d, %q", r.code, r.stderr)
	}
	if len(p.Dialed()) != 1 {
		t.Errorf("two numbers dialed something: %v", p.Dialed())
	}
}

func TestHistoryHidesZeroDurations(t *testing.T) {
	isolate(t)
	paths, h := userHistory(t)
	start := time.Now().Add(-time.Hour)
	h.Append(cti.Call{Direction: cti.Incoming, Number: "203", Name: "Виталик", Line: 1, Start: start, Outcome: cti.Missed})
	h.Append(cti.Call{Direction: cti.Outgoing, Number: "100", Line: 1, Start: start, Duration: 125 * time.Second, Outcome: cti.Answered})
	r := gx(t, nil, "history")
	if r.code != ExitOK || strings.Contains(r.stdout, "0s") || !strings.Contains(r.stdout, "missed\n") || !strings.Contains(r.stdout, "answered 2m5s") {
		t.Errorf("history:\n%s", r.stdout)
	}
	os.Remove(paths.HistoryFile)
}

// Help writes flags as the README does, with two dashes; subcommands have
// their own help; the popup window's --line is documented.
func TestHelpShowsDoubleDashFlags(t *testing.T) {
	r := gx(t, nil, "--help")
	for _, want := range []string{"  --phone NAME", "  --password-file FILE", "  --verbose, -v", "popup --line N"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("--help lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "\n  -phone") || strings.Contains(r.stdout, "\n  -v ") {
		t.Errorf("--help shows single-dash flags:\n%s", r.stdout)
	}
	r = gx(t, nil, "dial", "--help")
	if r.code != ExitOK || !strings.HasPrefix(r.stdout, "Usage: gxptray dial ") || !strings.Contains(r.stdout, "  --notify ") {
		t.Errorf("dial --help: %d %q", r.code, r.stdout)
	}
	r = gx(t, nil, "status", "--help")
	if !strings.Contains(r.stdout, "  --all ") || !strings.Contains(r.stdout, "  --json ") {
		t.Errorf("status --help: %q", r.stdout)
	}
}
