// Package servicetest runs the real tray service behind a real local API
// for the tests of the packages that talk to it (windows, CLI).
package servicetest

import (
	"context"
	"testing"
	"time"

	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/localapi/apitest"
	"github.com/gxptray/gxptray/ui/service"
	"github.com/gxptray/gxptray/ui/settings"
)

// Start makes the tray service for the settings files of paths and the
// secrets, runs it (polling the phone every 20 ms) and serves its local API
// on paths.Socket until the test ends.
func Start(t testing.TB, paths settings.Paths, secrets settings.SecretStore) *service.Service {
	t.Helper()
	svc, err := service.New(service.Config{Paths: paths, Secrets: secrets, Version: "test",
		Tuning: service.Tuning{PollInterval: 20 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = svc.Run(ctx) }()
	// Registered first, so it runs after the API has stopped.
	t.Cleanup(func() { cancel(); <-done })
	apitest.Serve(t, paths.Socket, svc, localapi.Options{})
	return svc
}
