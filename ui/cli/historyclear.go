package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/gxptray/gxptray/ui/localapi"
)

// clearHistory is `history --clear`: it asks first on a terminal, and needs
// --yes anywhere else (a script cannot answer). The running tray process
// owns the history and clears it; without one, the file is cleared here.
func clearHistory(ctx context.Context, g *globals, yes bool) error {
	if !yes {
		if !stdinIsTerminal(g.env.Stdin) {
			return usagef("history --clear deletes every call: add --yes to confirm")
		}
		if !askYes(g, "Delete every call from the history? This cannot be undone.") {
			fmt.Fprintln(g.env.Stdout, "Nothing deleted.")
			return nil
		}
	}
	if c, err := trayClient(g); err == nil {
		defer c.Close()
		err := c.ClearHistory(ctx)
		if !errors.Is(err, localapi.ErrNotRunning) {
			if err != nil {
				return fmt.Errorf("the call history was not cleared: %w", err)
			}
			fmt.Fprintln(g.env.Stdout, "The call history is cleared.")
			return nil
		}
	}
	h, err := openHistory()
	if h == nil {
		return err
	}
	if err := h.Clear(); err != nil {
		return err
	}
	fmt.Fprintln(g.env.Stdout, "The call history is cleared.")
	return nil
}
