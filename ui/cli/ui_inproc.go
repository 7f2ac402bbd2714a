//go:build !gxptray_uiexec || !linux

package cli

// The windows and the address books in this process: the build that
// `make build` embeds as the window image (ui_exec.go), and every build
// made without the gxptray_uiexec tag (go build, go test, Windows).

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gxptray/gxptray/assets"
	"github.com/gxptray/gxptray/cti/contacts"
	"github.com/gxptray/gxptray/cti/contacts/dirapi"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
	"github.com/gxptray/gxptray/ui/tray"
	"github.com/gxptray/gxptray/ui/windows"
)

// runUI shows one window in this short-lived process; it talks to the tray
// process through the local API and returns when the window closes.
func runUI(_ context.Context, g *globals, args []string) error {
	if len(args) == 0 {
		return usagef(fmt.Sprintf("ui: which window? one of %v", windows.Names()))
	}
	paths, err := settings.DefaultPaths()
	if err != nil {
		return err
	}
	var api windows.API
	if c, err := localapi.Dial(paths.Socket); err == nil {
		api = c
	} else if errors.Is(err, localapi.ErrNotTrusted) {
		fmt.Fprintf(g.env.Stderr, "gxptray: warning: %v\n", err)
	}
	var secrets settings.SecretStore = settings.NewKeyring(3 * time.Second)
	if g.env.Getenv(tray.EnvDemo) == "1" {
		secrets = &settings.MemoryStore{} // a window of the demo: not the real phone's keyring
	}
	winArgs := args[1:]
	if g.phoneName != "" {
		// The window's phone (gxptray --phone NAME ui WINDOW): the windows
		// read it among their arguments, as the popup of a phone's call.
		winArgs = append(winArgs, "--phone", g.phoneName)
	}
	err = windows.Run(args[0], winArgs, api, windows.Options{
		Exe:     embeddedIn(),
		Paths:   paths,
		Secrets: secrets,
		Logger:  g.logger,
		Version: g.env.Version,
		Icon:    appIcon(),
	})
	if errors.Is(err, windows.ErrUnknownWindow) {
		return usagef(err.Error())
	}
	return err
}

// embeddedIn is the file that holds this image when it runs as the window
// image of gxptray (ui_exec.go passes that file as argv[0]), else "" (this
// program itself).
func embeddedIn() string {
	if self, err := os.Executable(); err == nil && strings.HasPrefix(self, "/memfd:") && filepath.IsAbs(os.Args[0]) {
		return os.Args[0]
	}
	return ""
}

// appIcon is the window icon of every `gxptray ui` window.
func appIcon() fyne.Resource {
	return fyne.NewStaticResource("gxptray.png", assets.Icon("icon"))
}

// openDirectory opens the address books in this process.
func openDirectory(env dirapi.Env, onChange func()) dirapi.Directory {
	return contacts.NewLocal(env, onChange)
}
