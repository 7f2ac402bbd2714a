//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"strings"
)

// SetClipboard puts text on the CLIPBOARD selection the way copying in an
// application does: an X client (xclip, kept in the foreground so its pid
// is ours) owns the selection and serves it until the test ends.
func (d *Desktop) SetClipboard(ctx context.Context, text string) error {
	cmd := d.Command(context.Background(), "xclip", "-selection", "clipboard", "-i", "-quiet")
	cmd.Stdin = strings.NewReader(text)
	if _, err := d.StartCmd("xclip", cmd); err != nil {
		return err
	}
	return waitFor(ctx, "the clipboard holding the copied text", func(ctx context.Context) error {
		out, err := d.Run(ctx, "", "xclip", "-selection", "clipboard", "-o")
		if err != nil {
			return err
		}
		if out != text {
			return fmt.Errorf("the clipboard holds %q", out)
		}
		return nil
	})
}
