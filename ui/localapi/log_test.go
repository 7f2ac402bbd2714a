package localapi

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/testkit"
)

func TestPasscodeNeverLogged(t *testing.T) {
	const secret = "s3cr3t-Pa55"
	var logs testkit.Buffer
	f := newFake()
	s, c := serve(t, f, Options{Logger: debugLogger(&logs)})
	ctx := ctxT(t)

	// Passcodes travel in these requests...
	if err := c.SetSessionPasscode(ctx, secret); err != nil {
		t.Fatal(err)
	}
	if _, err := c.TestConnection(ctx, TestRequest{Phone: "10.0.0.9", Passcode: secret}); err != nil {
		t.Fatal(err)
	}
	// ... and fail in every way the server logs.
	f.setFail("SetSessionPasscode", fmt.Errorf("keeping %s: %w", secret, errors.New("locked")))
	c.SetSessionPasscode(ctx, secret)
	f.setFail("TestConnection", fmt.Errorf("api-get_line_status: %w: Get \"http://10.0.0.9/cgi-bin/api-get_line_status?passcode=%s\": refused", cti.ErrUnreachable, secret))
	c.TestConnection(ctx, TestRequest{Phone: "10.0.0.9", Passcode: secret})
	f.setFail("Dial", fmt.Errorf("Get \"http://10.0.0.9/cgi-bin/api-make_call?password=%s\": EOF", secret))
	c.Dial(ctx, "203")
	hc := rawClient(s.Path())
	for _, body := range []string{
		`{"passcode":"` + secret + `","extra":1}`, // unknown field
		`{"passcode":"` + secret + `"`,            // truncated
		`{"passcode":"` + secret + "\t" + `"}`,    // control character
		`{"passcode":` + secret + `}`,             // not a string
	} {
		resp, err := hc.Post("http://x/v1/session-passcode", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("body %q: HTTP %d", body, resp.StatusCode)
		}
	}

	out := logs.String()
	if !strings.Contains(out, "/v1/session-passcode") {
		t.Fatalf("the capture saw no requests; is the logger wired?\n%s", out)
	}
	if strings.Contains(out, secret) {
		t.Errorf("the passcode appears in the log:\n%s", out)
	}
}
