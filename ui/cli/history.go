package cli

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/settings"
)

func runHistory(ctx context.Context, g *globals, args []string) error {
	fs := subFlags("history")
	asJSON := fs.Bool("json", false, "print JSON")
	n := fs.Int("n", 20, "show the `N` most recent calls")
	clear := fs.Bool("clear", false, "delete every call (asks first; --yes when not on a terminal)")
	yes := fs.Bool("yes", false, "with --clear: do not ask")
	fs.Var(g.sourcesFlag(), "contacts", contactsUsage)
	if err := parseSub(fs, args); err != nil {
		return err
	}
	if g.contactsErr != nil {
		return g.contactsErr
	}
	if *clear {
		return clearHistory(ctx, g, *yes)
	}
	if *n < 1 || *n > 1000 {
		return usagef("-n must be between 1 and 1000")
	}
	h, err := openHistory()
	if h == nil {
		return err
	}
	if err != nil {
		// The readable part is still shown; the damage is reported, not hidden.
		fmt.Fprintf(g.env.Stderr, "gxptray: %v\n", err)
	}
	calls := h.Recent(*n)
	nameCalls(ctx, g, calls)
	if *asJSON {
		if calls == nil {
			calls = []cti.Call{} // [], not null, for scripts
		}
		return printJSON(g.env.Stdout, calls)
	}
	if len(calls) == 0 {
		fmt.Fprintln(g.env.Stdout, "No calls yet.")
		return nil
	}
	// The phone of each call, when the calls were on several.
	phones := slices.ContainsFunc(calls, func(c cti.Call) bool { return c.Phone != "" })
	rows := make([][]string, 0, len(calls))
	for _, c := range calls {
		row := []string{c.Start.Local().Format("2006-01-02 15:04")}
		if phones {
			row = append(row, cti.CleanText(c.Phone))
		}
		rows = append(rows, append(row, string(c.Direction), callerText(c.Name, c.Number), outcomeText(c)))
	}
	return printTable(g.env.Stdout, rows)
}

// nameCalls names the calls recorded before an address book knew them.
func nameCalls(ctx context.Context, g *globals, calls []cti.Call) {
	unnamed := false
	for _, c := range calls {
		unnamed = unnamed || (c.Contact == nil && c.Number != "")
	}
	if !unnamed {
		return
	}
	name := callerNamer(ctx, g)
	if name == nil {
		return
	}
	for i, c := range calls {
		if c.Contact == nil && c.Number != "" {
			if ct := name(c.Number); ct != nil {
				calls[i].Contact, calls[i].Name = ct, ct.Name
			}
		}
	}
}

// outcomeText is "answered 2m5s"; a call that was never answered has no
// duration to show ("missed", not "missed 0s").
func outcomeText(c cti.Call) string {
	if c.Outcome == cti.Answered && c.Duration >= time.Second {
		return fmt.Sprintf("%s %s", c.Outcome, c.Duration.Round(time.Second))
	}
	return string(c.Outcome)
}

// openHistory opens the call history file of this user. Like
// cti.OpenHistory it may return a history with an error (the readable
// part of a damaged file); nil only when there is none to read.
func openHistory() (*cti.History, error) {
	paths, err := settings.DefaultPaths()
	if err != nil {
		return nil, err
	}
	return cti.OpenHistory(paths.HistoryFile, 0)
}
