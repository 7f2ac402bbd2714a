// Package assets holds GXP Tray's pictures: the tray icons, one per phone
// state, and the application icon (also used by FyneApp.toml and the
// .desktop file). They are drawn by scripts/genicons; regenerate them with
// `go generate ./assets/`.
package assets

import "embed"

//go:generate go run ../scripts/genicons -out .

//go:embed *.png
var files embed.FS

// Names of the pictures, for Icon.
const (
	AppIcon     = "icon"         // 256×256 application icon
	TrayIdle    = "tray-idle"    // 64×64 tray icons, one per state
	TrayRinging = "tray-ringing" //
	TrayInCall  = "tray-incall"
	TrayOnHold  = "tray-onhold"
	TrayOffline = "tray-offline"
	TraySignIn  = "tray-signin"
)

// Icon returns the PNG data of the picture name (with or without ".png"),
// or nil when there is none.
func Icon(name string) []byte {
	if len(name) < 4 || name[len(name)-4:] != ".png" {
		name += ".png"
	}
	b, err := files.ReadFile(name)
	if err != nil {
		return nil
	}
	return b
}

// Names lists every picture's name (without ".png").
func Names() []string {
	return []string{AppIcon, TrayIdle, TrayRinging, TrayInCall, TrayOnHold, TrayOffline, TraySignIn}
}
