package cli

import (
	"context"
	"time"

	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// userSettings are the user's settings: the tray process's while it runs
// (it is their one reader and writer then), else the file's with
// settings.Load's fallbacks; the defaults when neither can be read.
func userSettings(ctx context.Context) settings.Settings {
	paths, err := settings.DefaultPaths()
	if err != nil {
		return settings.Defaults()
	}
	if c, err := localapi.Dial(paths.Socket); err == nil {
		defer c.Close()
		rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		if v, err := c.SettingsView(rctx); err == nil {
			return v.Settings
		}
	}
	return savedSettings()
}

// savedSettings are the settings in the user's file, with settings.Load's
// fallbacks; the defaults when it cannot be read.
func savedSettings() settings.Settings {
	if paths, err := settings.DefaultPaths(); err == nil {
		if s, _, err := settings.Load(paths.ConfigFile); err == nil {
			return s
		}
	}
	return settings.Defaults()
}
