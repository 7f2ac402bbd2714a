package cli

import (
	"fyne.io/fyne/v2"

	"github.com/gxptray/gxptray/assets"
)

// appIcon is the window icon of every `gxptray ui` window.
func appIcon() fyne.Resource {
	return fyne.NewStaticResource("gxptray.png", assets.Icon("icon"))
}
