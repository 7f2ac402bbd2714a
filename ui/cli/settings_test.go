package cli

import (
	"context"
	"testing"

	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/localapi/apitest"
	"github.com/gxptray/gxptray/ui/service"
	"github.com/gxptray/gxptray/ui/settings"
)

// The command line reads the settings from the tray process while it runs
// (their one reader), from the file only without one.
func TestUserSettingsComeFromTheTray(t *testing.T) {
	isolate(t)
	paths := userPaths(t)
	save := func(phone string) {
		s := settings.Defaults()
		s.Phone = phone
		if err := settings.Save(paths.ConfigFile, s); err != nil {
			t.Fatal(err)
		}
	}
	save("192.168.1.20")
	svc, err := service.New(service.Config{Paths: paths, Secrets: &settings.MemoryStore{}})
	if err != nil {
		t.Fatal(err)
	}
	// The file changes behind the tray's back: the tray's settings win.
	save("10.9.9.9")
	if got := userSettings(context.Background()).Phone; got != "10.9.9.9" {
		t.Fatalf("without a tray: phone %q, want the file's", got)
	}
	apitest.Serve(t, paths.Socket, svc, localapi.Options{})
	if got := userSettings(context.Background()).Phone; got != "192.168.1.20" {
		t.Errorf("with the tray running: phone %q, want the tray's", got)
	}
}
