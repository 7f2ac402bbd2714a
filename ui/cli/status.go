package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/gxptray/gxptray/cti"
)

// statusReport is what `gxptray status --json` prints.
type statusReport struct {
	Phone  string          `json:"phone"`
	Status cti.PhoneStatus `json:"status"`
	Lines  []cti.Line      `json:"lines"`
	Via    string          `json:"via"` // "tray" or "direct"
}

func runStatus(ctx context.Context, g *globals, args []string) error {
	fs := subFlags("status")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseSub(fs, args); err != nil {
		return err
	}
	r, err := status(ctx, g)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(g.env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	printStatus(g.env.Stdout, r)
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
			return statusReport{Phone: st.Phone, Status: statusFromLines(st.Lines), Lines: st.Lines, Via: "tray"}, nil
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
	return statusReport{Phone: c.BaseURL(), Status: ps, Lines: lines, Via: "direct"}, nil
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

func printStatus(w io.Writer, r statusReport) {
	fmt.Fprintf(w, "Phone %s: %s\n", r.Phone, r.Status)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, l := range r.Lines {
		who := callerText(l.RemoteName, l.RemoteNumber)
		active := ""
		if l.Active {
			active = "active"
		}
		acct := ""
		if l.Account != cti.NoAccount && l.State.Busy() {
			acct = fmt.Sprintf("account %d", l.Account)
		}
		fmt.Fprintf(tw, "Line %d\t%s\t%s\t%s\t%s\n", l.Line, l.State, who, acct, active)
	}
	tw.Flush()
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
