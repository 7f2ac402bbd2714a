package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/gxptray/gxptray/cti"
)

// statusReport is what `gxptray status --json` prints.
type statusReport struct {
	Phone      string             `json:"phone"`
	Status     cti.PhoneStatus    `json:"status"`
	Lines      []cti.Line         `json:"lines"`                // every line, as the phone lists them
	Accounts   []cti.Account      `json:"accounts,omitempty"`   // when the phone tells (api-get_accounts)
	Identity   *cti.PhoneIdentity `json:"identity,omitempty"`   // with --identity
	Advisories []cti.Advisory     `json:"advisories,omitempty"` // known flaws of its firmware
	Via        string             `json:"via"`                  // "tray" or "direct"
}

func runStatus(ctx context.Context, g *globals, args []string) error {
	fs := subFlags("status")
	asJSON := fs.Bool("json", false, "print JSON (every line)")
	all := fs.Bool("all", false, "list idle lines too")
	identity := fs.Bool("identity", false, "also read model, firmware, MAC and accounts (logs in to the phone's web session, which ends the admin's session on its web page)")
	if err := parseSub(fs, args); err != nil {
		return err
	}
	r, err := status(ctx, g)
	if err != nil {
		return err
	}
	if *identity {
		if err := addIdentity(ctx, g, &r); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(g.env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	printStatus(g.env.Stdout, r, *all)
	if r.Identity != nil {
		printIdentity(g.env.Stdout, userCatalog(g), *r.Identity)
	}
	return nil
}

// addIdentity reads the phone's identity straight from the phone.
func addIdentity(ctx context.Context, g *globals, r *statusReport) error {
	c, _, err := directClient(ctx, g)
	if err != nil {
		return err
	}
	defer c.Close()
	id, err := c.Identity(ctx, cti.SessionOptions{})
	if err != nil {
		return err
	}
	r.Identity, r.Advisories = &id, id.Advisories()
	if len(id.Accounts) > 0 {
		r.Accounts = id.Accounts
	}
	return nil
}

func status(ctx context.Context, g *globals) (statusReport, error) {
	if !g.direct && g.phone == "" && g.env.Getenv("GXPTRAY_PHONE") == "" {
		if c, err := trayClient(g); err == nil {
			st, err := c.State(ctx)
			if err != nil {
				return statusReport{}, err
			}
			if st.Conn != cti.ConnOnline {
				return statusReport{}, trayConnError(st.Conn, st.ConnErr)
			}
			r := statusReport{Phone: st.Phone, Status: statusFromLines(st.Lines), Lines: st.Lines, Via: "tray", Identity: st.Identity}
			if st.Identity != nil {
				// What the tray process last read (a connection test, an install).
				r.Accounts, r.Advisories = st.Identity.Accounts, st.Identity.Advisories()
			}
			return r, nil
		}
	}
	c, _, err := directClient(ctx, g)
	if err != nil {
		return statusReport{}, err
	}
	ps, err := c.PhoneStatus(ctx)
	if err != nil {
		return statusReport{}, err
	}
	lines, err := c.LineStatus(ctx)
	if err != nil {
		return statusReport{}, err
	}
	// Names for the accounts, as Settings shows them; older firmware has
	// no api-get_accounts, which only costs the names.
	accts, err := c.Accounts(ctx)
	if err != nil {
		g.logger.Debug("accounts not read", "err", err)
	}
	return statusReport{Phone: c.BaseURL(), Status: ps, Lines: lines, Accounts: accts, Via: "direct"}, nil
}

// trayConnError turns the tray's view of the phone into the error a direct
// request would have given, so exit codes agree.
func trayConnError(conn cti.ConnState, msg string) error {
	switch conn {
	case cti.ConnUnauthorized:
		return fmt.Errorf("%s: %w", msg, cti.ErrUnauthorized)
	case cti.ConnOffline:
		return fmt.Errorf("%s: %w", msg, cti.ErrUnreachable)
	}
	if msg == "" {
		msg = "the tray app has not reached the phone yet"
	}
	return fmt.Errorf("%s", msg)
}

// statusFromLines is what api-get_phone_status would say.
func statusFromLines(lines []cti.Line) cti.PhoneStatus {
	st := cti.PhoneAvailable
	for _, l := range lines {
		if l.State == cti.StateRinging {
			return cti.PhoneRinging
		}
		if l.State.Busy() {
			st = cti.PhoneBusy
		}
	}
	return st
}

// printStatus prints the phone's status and its lines in use (all: every
// line). Accounts are numbered as Settings numbers them: from 1, with the
// account's name when the phone tells it.
func printStatus(w io.Writer, r statusReport, all bool) {
	fmt.Fprintf(w, "Phone %s: %s\n", r.Phone, r.Status)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	base := cti.AccountBase(r.Lines)
	shown := 0
	for _, l := range r.Lines {
		if !all && !l.State.Busy() {
			continue
		}
		shown++
		who := callerText(l.RemoteName, l.RemoteNumber)
		active := ""
		if l.Active && l.State.Busy() {
			active = "selected"
		}
		acct := ""
		if l.Account != cti.NoAccount && (l.State.Busy() || all) {
			acct = accountLabel(int(l.Account)-base+1, r.Accounts)
		}
		fmt.Fprintf(tw, "Line %d\t%s\t%s\t%s\t%s\n", l.Line, l.State, who, acct, active)
	}
	tw.Flush()
	if shown == 0 && len(r.Lines) > 0 {
		fmt.Fprintf(w, "No call on any of the %d lines (--all lists them).\n", len(r.Lines))
	}
}

// accountLabel is "account 1: Office" (n is 1-based).
func accountLabel(n int, accounts []cti.Account) string {
	label := fmt.Sprintf("account %d", n)
	for _, a := range accounts {
		if a.ID != n {
			continue
		}
		if name := strings.TrimSpace(a.Name); name != "" {
			return label + ": " + name
		} else if a.SIPID != "" {
			return label + ": " + a.SIPID
		}
	}
	return label
}

// callerText is the caller as one printable line: names and numbers come
// from the phone (or whoever sent it the call) and may hold escape
// sequences, newlines or bidi overrides (--json prints them exactly).
func callerText(name, number string) string {
	name, number = cti.CleanText(name), cti.CleanText(number)
	switch {
	case name != "" && number != "":
		return fmt.Sprintf("%s <%s>", name, number)
	case number != "":
		return number
	}
	return name
}
