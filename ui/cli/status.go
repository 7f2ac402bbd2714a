package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/problem"
)

// statusReport is what `gxptray status --json` prints.
type statusReport struct {
	Name       string             `json:"name,omitempty"` // the phone's name, where there are several
	Phone      string             `json:"phone"`
	Status     cti.PhoneStatus    `json:"status"`
	Lines      []cti.Line         `json:"lines"`                // every line, as the phone lists them
	Accounts   []cti.Account      `json:"accounts,omitempty"`   // when the phone tells (api-get_accounts)
	Identity   *cti.PhoneIdentity `json:"identity,omitempty"`   // with --identity
	Advisories []cti.Advisory     `json:"advisories,omitempty"` // known flaws of its firmware
	Via        string             `json:"via"`                  // "tray" or "direct"
	// Problem says why a phone of several cannot be seen (the command's
	// error for the phone it is about).
	Problem string `json:"problem,omitempty"`
	// Phones is every phone, the first (the one above) included, when the
	// tray watches several and --phone named none.
	Phones []statusReport `json:"phones,omitempty"`

	err error // the first phone's error, with Phones (the exit code)
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
		if err := enc.Encode(r); err != nil {
			return err
		}
		return r.err
	}
	if len(r.Phones) > 0 {
		for i, p := range r.Phones {
			if i > 0 {
				fmt.Fprintln(g.env.Stdout)
			}
			printStatus(g.env.Stdout, p, *all)
		}
		return r.err
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
	if g.viaTray() {
		if c, err := trayClient(g); err == nil {
			st, err := c.State(ctx)
			if err != nil {
				return statusReport{}, err
			}
			if g.phoneName == "" && len(st.Phones) > 1 {
				return severalStatus(st), nil
			}
			ps, ok := st.PhoneNamed(g.phoneName)
			if !ok {
				return statusReport{}, unknownPhone(g.phoneName, st)
			}
			r, err := trayStatus(ps, len(st.Phones) > 1)
			return r, err
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

// trayStatus is the report of one phone of the tray (named: there are
// several), or the error a direct request would have given.
func trayStatus(ps localapi.PhoneState, named bool) (statusReport, error) {
	r := statusReport{Phone: ps.Phone, Via: "tray"}
	if named {
		r.Name = ps.Name
	}
	if ps.Conn != cti.ConnOnline {
		return r, trayConnError(ps.Conn, ps.ConnErr)
	}
	r.Status, r.Lines, r.Identity = statusFromLines(ps.Lines), ps.Lines, ps.Identity
	if ps.Identity != nil {
		// What the tray process last read (a connection test, an install).
		r.Accounts, r.Advisories = ps.Identity.Accounts, ps.Identity.Advisories()
	}
	return r, nil
}

// severalStatus reports every phone of the tray: the first one's report
// with all of them in Phones; err is the first phone's, for the exit code
// (the others say what is wrong with them in Problem).
func severalStatus(st localapi.State) statusReport {
	var all []statusReport
	var first error
	for i, ps := range st.Phones {
		r, err := trayStatus(ps, true)
		if err != nil {
			r.Problem = cti.CleanText(ps.ConnErr)
			if r.Problem == "" {
				r.Problem = err.Error()
			}
			if i == 0 {
				first = err
			}
		}
		all = append(all, r)
	}
	out := all[0]
	out.Phones, out.err = all, first
	return out
}

// unknownPhone is the error for a phone the tray does not have.
func unknownPhone(name string, st localapi.State) error {
	known := make([]string, len(st.Phones))
	for i, p := range st.Phones {
		known[i] = p.Name
	}
	return &localapi.UnknownPhoneError{Name: name, Known: known}
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
	switch {
	case r.Name != "" && r.Problem != "":
		fmt.Fprintf(w, "Phone %s (%s): %s\n", cti.CleanText(r.Name), r.Phone, r.Problem)
		return
	case r.Name != "":
		fmt.Fprintf(w, "Phone %s (%s): %s\n", cti.CleanText(r.Name), r.Phone, r.Status)
	default:
		fmt.Fprintf(w, "Phone %s: %s\n", r.Phone, r.Status)
	}
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
	return problem.Caller(cti.CleanText(name), cti.CleanText(number), func(name, number string) string {
		return fmt.Sprintf("%s <%s>", name, number)
	})
}
