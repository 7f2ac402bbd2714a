package contacts

import (
	"context"
	"log/slog"

	"github.com/gxptray/gxptray/cti/contacts/dirapi"
)

// Local is a dirapi.Directory in this process: the Directory of the
// sources built from the configured books. The tray's child process serves
// one over its pipe (dirapi.Serve); builds without that child use one
// directly.
type Local struct {
	d   *Directory
	env Env
	log *slog.Logger
}

var _ dirapi.Directory = (*Local)(nil)

// NewLocal returns an empty directory whose sources get env; onChange (may
// be nil) is called when a book was replaced. Its type is a dirapi.Opener.
func NewLocal(env Env, onChange func()) dirapi.Directory {
	log := env.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Local{d: NewDirectory(log, onChange), env: env, log: log}
}

// Configure builds the sources of books (a book that cannot work is logged
// and left out) and gives them to the directory.
func (l *Local) Configure(region string, books []SourceConfig) {
	var srcs []Source
	for _, c := range books {
		src, err := NewSource(c, l.env)
		if err != nil {
			l.log.Warn("address book left out", "book", c.DisplayName(), "err", err)
			continue
		}
		srcs = append(srcs, src)
	}
	l.d.Configure(region, srcs)
}

// Run syncs every book on its schedule until ctx ends.
func (l *Local) Run(ctx context.Context) { l.d.Run(ctx) }

// Load reads every book once, without Run.
func (l *Local) Load(ctx context.Context, sync bool) []Status { return l.d.Load(ctx, sync) }

// Lookup finds the contact of number, from memory.
func (l *Local) Lookup(_ context.Context, number string) (Match, bool) { return l.d.Lookup(number) }

// Search finds contacts by name or digits, from memory.
func (l *Local) Search(_ context.Context, text string, limit int) []Match {
	return l.d.Search(text, limit)
}

// SyncNow syncs every book now and waits for the results.
func (l *Local) SyncNow(ctx context.Context) []Status { return l.d.SyncNow(ctx) }

// Status lists the books in order.
func (l *Local) Status(context.Context) []Status { return l.d.Status() }
