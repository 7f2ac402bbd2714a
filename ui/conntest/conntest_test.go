package conntest

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/ui/i18n"
)

func TestRunSaysWhatThePhoneAnswered(t *testing.T) {
	p := phonesim.New(phonesim.Options{Passcode: "Pa55-word"})
	t.Cleanup(func() { p.Close() })
	srv := httptest.NewServer(p.Handler())
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	ok, err := Run(ctx, Config{Address: srv.URL, Passcode: "Pa55-word", Timeout: 5 * time.Second})
	if err != nil || !ok.OK || len(ok.Lines) == 0 || ok.MakeCall != MakeCallUnknown || ok.BaseURL == "" || ok.Problem != "" {
		t.Fatalf("right passcode: %+v, %v", ok, err)
	}
	if n := len(p.Dialed()); n != 0 {
		t.Errorf("a test placed %d calls", n)
	}

	bad, err := Run(ctx, Config{Address: srv.URL, Passcode: "wrong", Timeout: 5 * time.Second, Catalog: i18n.New("ru")})
	if err != nil || bad.OK || bad.Problem != "Телефон отклонил пароль." || !strings.Contains(bad.Hint, "5 неудачных входов") {
		t.Errorf("wrong passcode: %+v, %v", bad, err)
	}

	addr, err := Run(ctx, Config{Address: "ftp://phone", Passcode: "x"})
	if err != nil || addr.OK || !strings.HasPrefix(addr.Problem, "The phone address is not valid") || !strings.Contains(addr.Hint, "192.168.1.20") {
		t.Errorf("bad address: %+v, %v", addr, err)
	}
}
