package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/webphone"
)

// runDND switches or shows Do Not Disturb through the phone's web session
// (newer firmware: the runtime key :dnd).
func runDND(ctx context.Context, g *globals, args []string) error {
	fs := subFlags("dnd")
	user := fs.String("user", cti.DefaultWebUser, "the phone's web `ACCOUNT` (its password is the phone password GXP Tray has)")
	if err := parseSub(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || (fs.Arg(0) != "on" && fs.Arg(0) != "off" && fs.Arg(0) != "status") {
		return usagef("dnd: give on, off or status")
	}
	if on, done, err := trayDND(ctx, g, fs.Arg(0), *user); done {
		if err == nil {
			fmt.Fprintln(g.env.Stdout, webphone.DNDWords(userCatalog(g), on))
		}
		return err
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

// trayDND switches DND through the running tray process, which keeps the
// shown state (done is false when there is none, or for status while the
// tray does not know it: then the phone is asked directly).
func trayDND(ctx context.Context, g *globals, arg, user string) (on, done bool, err error) {
	if !g.viaTray() || user != cti.DefaultWebUser {
		return false, false, nil
	}
	c, err := trayClient(g)
	if err != nil {
		return false, false, nil
	}
	defer c.Close()
	if arg == "status" {
		st, err := c.State(ctx)
		if err != nil || st.DND == nil {
			return false, false, nil
		}
		return *st.DND, true, nil
	}
	res, err := c.SetDND(ctx, arg == "on")
	switch {
	case err != nil:
		return false, true, err
	case !res.OK:
		return false, true, trayProblem{res.Problem, res.Hint, res.Kind}
	}
	return res.On, true, nil
}

// trayProblem is a failure the tray process already put into words, with
// its error kind: it matches that kind's sentinel (cti.ErrUnauthorized, ...)
// so that the exit code is the one of the same failure without a tray.
type trayProblem struct{ text, hint, kind string }

// Unwrap is the sentinel of the problem's kind (nil for none).
func (e trayProblem) Unwrap() error {
	if e.kind == "" {
		return nil
	}
	return &localapi.Error{Kind: e.kind, Message: e.text}
}

func (e trayProblem) Error() string {
	if e.hint == "" {
		return e.text
	}
	return e.text + " " + e.hint
}
