package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/webphone"
)

// runDND switches or shows Do Not Disturb through the phone's web session
// (newer firmware: the runtime key :dnd).
func runDND(ctx context.Context, g *globals, args []string) error {
	fs := subFlags("dnd")
	user := fs.String("user", cti.DefaultWebUser, "the phone's web `ACCOUNT` (its password is the passcode)")
	if err := parseSub(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || (fs.Arg(0) != "on" && fs.Arg(0) != "off" && fs.Arg(0) != "status") {
		return usagef("dnd: give on, off or status")
	}
	c, _, err := directClient(ctx, g)
	if err != nil {
		return err
	}
	defer c.Close()
	opt := cti.SessionOptions{User: *user}
	var on bool
	if fs.Arg(0) == "status" {
		if on, err = c.DND(ctx, opt); err != nil {
			return err
		}
	} else {
		on = fs.Arg(0) == "on"
		if err := c.SetDND(ctx, opt, on); err != nil {
			return err
		}
	}
	fmt.Fprintln(g.env.Stdout, webphone.DNDWords(userCatalog(g), on))
	return nil
}

// printIdentity prints what the phone says about itself, and the known
// problems of its firmware.
func printIdentity(w io.Writer, cat *i18n.Catalog, id cti.PhoneIdentity) {
	for _, line := range webphone.IdentityLines(cat, id) {
		fmt.Fprintln(w, line)
	}
	for _, a := range id.Advisories() {
		fmt.Fprintln(w, strings.ToUpper(cat.T("webphone.warning"))+": "+webphone.AdvisoryWords(cat, id, a))
	}
}
