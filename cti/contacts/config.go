package contacts

import (
	"log/slog"
	"time"

	"github.com/gxptray/gxptray/cti/contacts/dirapi"
)

// filePoll is how often a file's size and time are looked at: a stat is
// cheap, and it works on every file system (inotify misses network shares).
const filePoll = 2 * time.Second

// NewSource builds the source of c.
func NewSource(c SourceConfig, env Env) (Source, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if env.Timeout <= 0 {
		env.Timeout = 20 * time.Second
	}
	if env.Logger == nil {
		env.Logger = slog.New(slog.DiscardHandler)
	}
	interval := DefaultSyncInterval
	if c.SyncMinutes > 0 {
		interval = time.Duration(c.SyncMinutes) * time.Minute
	}
	switch c.KindOf() {
	case KindFile:
		return &FileSource{cfg: c}, nil
	case KindCardDAV:
		return &CardDAVSource{serverSource{cfg: c, env: env, interval: interval}}, nil
	}
	return &LDAPSource{serverSource{cfg: c, env: env, interval: interval}}, nil
}

func info(c SourceConfig) SourceInfo {
	loc := c.URL
	if c.KindOf() != KindFile {
		loc = dirapi.RedactURL(c.URL)
	}
	return SourceInfo{ID: c.ID(), Name: c.DisplayName(), Kind: c.KindOf(), Location: loc}
}
