//go:build unix

package cli

import (
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/ui/settings"
)

// A fake tray in a runtime directory that is not private (a /tmp/gxptray-UID
// made by someone else) gets nothing: the CLI says why and asks the phone.
func TestCLIRefusesAnImpostorTray(t *testing.T) {
	dir := isolate(t)
	run := filepath.Join(dir, "run")
	os.MkdirAll(run, 0o700)
	os.Chmod(run, 0o777)
	ln, err := net.Listen("unix", filepath.Join(run, "gxptray.sock"))
	if err != nil {
		t.Fatal(err)
	}
	var hits atomic.Int32
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`{"phone":"http://bank","conn":"online","lines":[{"line":1,"state":"ringing","remotename":"Bank security","remotenumber":"900"}]}`))
	})}
	go srv.Serve(ln)
	defer srv.Close()
	_, url := startPhone(t, phonesim.Options{})
	saveTestSettings(t, func(s *settings.Settings) { s.Phone = url })
	r := gx(t, map[string]string{"GXPTRAY_PASSCODE": testPasscode}, "status")
	if hits.Load() != 0 || strings.Contains(r.stdout, "Bank security") {
		t.Fatalf("the impostor was asked (%d requests); output %q", hits.Load(), r.stdout)
	}
	if !strings.Contains(r.stderr, "may not be your GXP Tray") || r.code != ExitOK {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// `gxptray history` with a FIFO at the history path says so and returns.
func TestHistoryCommandWithAFIFO(t *testing.T) {
	dir := isolate(t)
	os.MkdirAll(filepath.Join(dir, "data"), 0o700)
	if err := syscall.Mkfifo(filepath.Join(dir, "data", "history.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan result, 1)
	go func() { done <- gx(t, nil, "history") }()
	select {
	case r := <-done:
		if r.code != ExitFailure || !strings.Contains(r.stderr, "FIFO") {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("gxptray history hangs on a FIFO")
	}
}
