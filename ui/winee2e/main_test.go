//go:build e2e && wine

package winee2e

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// suite is the run's Wine prefix; nil with skipReason when it cannot be made.
var (
	suite      *Wine
	skipReason string
)

func TestMain(m *testing.M) {
	exe := os.Getenv(EnvExe)
	if exe == "" {
		skipReason = fmt.Sprintf("$%s is not set: build it (bash scripts/windows.sh) and run %s=$PWD/gxptray.exe go test -tags 'e2e wine' ./ui/winee2e/", EnvExe, EnvExe)
		os.Exit(m.Run())
	}
	abs, err := filepath.Abs(exe)
	if err == nil {
		_, err = os.Stat(abs)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "winee2e: $%s: %v\n", EnvExe, err)
		os.Exit(1)
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	suite, err = Setup(ctx, abs)
	cancel()
	if err != nil {
		if os.Getenv(envRequire) == "1" {
			fmt.Fprintf(os.Stderr, "winee2e: %v\n", err)
			os.Exit(1)
		}
		skipReason = err.Error()
		os.Exit(m.Run())
	}
	fmt.Printf("winee2e: fresh prefix %s (user %s, display %s) in %.1fs\n", suite.Prefix, suite.User, suite.Display, time.Since(start).Seconds())
	// Interrupted (Ctrl-C, a kill, scripts/wine-test.sh stopping): remove
	// the prefix before going, as a finished run does.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		s := <-sig
		fmt.Fprintf(os.Stderr, "winee2e: %v: removing the prefix\n", s)
		suite.Close()
		os.Exit(1)
	}()
	code := m.Run()
	signal.Stop(sig)
	suite.Close()
	fmt.Printf("winee2e: whole run %.1fs; artifacts in %s\n", time.Since(start).Seconds(), suite.Artifacts)
	os.Exit(code)
}

// needWine returns the run's prefix, or skips t (fails it under
// E2E_REQUIRE=1) when there is none.
func needWine(t *testing.T) *Wine {
	t.Helper()
	if suite == nil {
		if os.Getenv(envRequire) == "1" {
			t.Fatalf("%s ($%s=1)", skipReason, envRequire)
		}
		t.Skip(skipReason)
	}
	return suite
}

// within is a context for one wait of a test.
func within(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
