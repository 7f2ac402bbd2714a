package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/contacts/dirapi"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// EnvContactsPassword is the address books' password for the CLI and the
// tray started from it (never a command-line argument).
const EnvContactsPassword = "GXPTRAY_CONTACTS_PASSWORD"

// sourcesFlag is the repeatable --contacts SOURCE. A bad spec is kept in
// bad rather than returned: the flag package would quote the value in its
// message, and the value may hold a password.
type sourcesFlag struct {
	specs *[]string
	bad   *error
}

func (g *globals) sourcesFlag() sourcesFlag { return sourcesFlag{&g.contacts, &g.contactsErr} }

func (f sourcesFlag) String() string {
	if f.specs == nil {
		return ""
	}
	return strings.Join(*f.specs, ", ")
}

func (f sourcesFlag) Set(v string) error {
	if _, err := dirapi.ParseSpec(v); err != nil {
		if *f.bad == nil {
			*f.bad = usagef("--contacts: " + err.Error())
		}
		return nil
	}
	*f.specs = append(*f.specs, v)
	return nil
}

// parseSubContacts is parseSub for commands with --contacts; flags may
// also follow the positional arguments ("contacts lookup NUMBER --json").
func parseSubContacts(g *globals, fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parseSub(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			pos = append(pos, rest...) // after "--": no more flags
			break
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
	return pos, g.contactsErr
}

const contactsUsage = "add an address book for this run: a .vcf/.csv file, carddav:https://user@host/path or ldap://host/BASEDN??sub?FILTER?bindname=DN (repeatable; password from $GXPTRAY_CONTACTS_PASSWORD or the keyring)"

// contactSources are the books given with --contacts.
func (g *globals) contactSources() []dirapi.SourceConfig {
	var out []dirapi.SourceConfig
	for _, spec := range g.contacts {
		if c, err := dirapi.ParseSpec(spec); err == nil {
			out = append(out, c)
		}
	}
	return out
}

// contactLookup is what the commands need of the directory, whether the
// tray process's or one loaded here.
type contactLookup interface {
	LookupContact(ctx context.Context, number string) (dirapi.Match, bool, error)
	SearchContacts(ctx context.Context, text string, limit int) ([]dirapi.Match, error)
	SyncContacts(ctx context.Context) ([]dirapi.Status, error)
	ContactsStatus(ctx context.Context) ([]dirapi.Status, error)
}

// openContacts asks the running tray process, unless books were added on
// the command line or no tray runs: then the books are loaded here (cached
// copies of servers, files; a server without a copy is synced).
func openContacts(ctx context.Context, g *globals) (contactLookup, error) {
	if len(g.contacts) == 0 && !g.direct {
		if c, err := trayClient(g); err == nil {
			if _, err := c.ContactsStatus(ctx); err == nil {
				return c, nil
			}
		}
	}
	return loadContacts(ctx, g, false)
}

// localContacts are the books loaded for this command (by the
// address-book process when this build has one; it ends with this one).
type localContacts struct{ localapi.DirectoryBook }

func loadContacts(ctx context.Context, g *globals, sync bool) (*localContacts, error) {
	set := userSettings(ctx)
	keyring := settings.NewKeyring(3 * time.Second)
	run := g.contactSources()
	env := dirapi.Env{CacheDir: settings.ContactsCacheDir(), Logger: g.logger,
		Password: func(c dirapi.SourceConfig) (string, error) {
			// The run's password is for the run's books only: a saved
			// book's server must not receive it.
			ofRun := slices.ContainsFunc(run, func(r dirapi.SourceConfig) bool { return r.ID() == c.ID() })
			if p := g.env.Getenv(EnvContactsPassword); p != "" && ofRun {
				return p, nil
			}
			p, err := keyring.Get(c.SecretName())
			if errors.Is(err, settings.ErrNotFound) || (err == nil && p == "") {
				if !ofRun {
					return "", fmt.Errorf("%w: save it in Settings", dirapi.ErrNoPassword)
				}
				return "", fmt.Errorf("%w: set %s or save it in Settings", dirapi.ErrNoPassword, EnvContactsPassword)
			}
			return p, err
		}}
	var books []dirapi.SourceConfig
	for _, c := range append(set.Contacts, run...) {
		if c.Disabled {
			continue
		}
		if err := c.Validate(); err != nil {
			return nil, usagef(fmt.Sprintf("address book %s: %v", c.DisplayName(), err))
		}
		books = append(books, c)
	}
	d := openDirectory(env, nil)
	d.Configure(set.ContactsRegion, books)
	for _, st := range d.Load(ctx, sync) {
		if st.Err != "" && !sync {
			fmt.Fprintf(g.env.Stderr, "gxptray: %s\n", st.Err)
		}
	}
	return &localContacts{localapi.DirectoryBook{Directory: d}}, nil
}

// contacts counts the contacts of every book.
func (l *localContacts) contacts(ctx context.Context) int {
	n := 0
	for _, st := range l.Directory.Status(ctx) {
		n += st.Contacts
	}
	return n
}

// errNoContact: lookup found nobody (exit code 1, nothing on stdout).
var errNoContact = errors.New("no contact has this number")

func runContacts(ctx context.Context, g *globals, args []string) error {
	if len(args) == 0 {
		return usagef("contacts: lookup NUMBER, search TEXT, sync or status")
	}
	fs := subFlags("contacts " + args[0])
	asJSON := fs.Bool("json", false, "print JSON")
	n := fs.Int("n", 20, "search: how many numbers at most (1-200)")
	fs.Var(g.sourcesFlag(), "contacts", contactsUsage)
	pos, err := parseSubContacts(g, fs, args[1:])
	if err != nil {
		return err
	}
	text := strings.Join(pos, " ")
	switch args[0] {
	case "lookup":
		if text == "" {
			return usagef("contacts lookup: which number? e.g. gxptray contacts lookup '+7 495 765-43-21'")
		}
		return contactsLookup(ctx, g, text, *asJSON)
	case "search":
		if text == "" {
			return usagef("contacts search: what? a part of a name or of a number")
		}
		if *n < 1 || *n > 200 {
			return usagef("-n must be between 1 and 200")
		}
		return contactsSearch(ctx, g, text, *n, *asJSON)
	case "sync", "status":
		return contactsSync(ctx, g, args[0] == "sync", *asJSON)
	}
	return usagef(fmt.Sprintf("contacts: unknown command %q (lookup, search, sync, status)", args[0]))
}

func contactsLookup(ctx context.Context, g *globals, number string, asJSON bool) error {
	cl, err := openContacts(ctx, g)
	if err != nil {
		return err
	}
	m, ok, err := cl.LookupContact(ctx, number)
	if err != nil {
		return err
	}
	if asJSON {
		res := localapi.LookupResult{Found: ok}
		if ok {
			res.Match = &m
		}
		if err := json.NewEncoder(g.env.Stdout).Encode(res); err != nil || ok {
			return err
		}
		return errNoContact
	}
	if !ok {
		return errNoContact
	}
	fmt.Fprintf(g.env.Stdout, "%s\n%s (%s)\nfrom %s\n", m.Name, m.Number, m.Kind, m.Source)
	return nil
}

func contactsSearch(ctx context.Context, g *globals, text string, n int, asJSON bool) error {
	cl, err := openContacts(ctx, g)
	if err != nil {
		return err
	}
	res, err := cl.SearchContacts(ctx, text, n)
	if err != nil {
		return err
	}
	if asJSON {
		if res == nil {
			res = []dirapi.Match{}
		}
		return printJSON(g.env.Stdout, res)
	}
	if len(res) == 0 {
		fmt.Fprintln(g.env.Stdout, "No contact matches.")
		return nil
	}
	rows := make([][]string, 0, len(res))
	for _, m := range res {
		rows = append(rows, []string{m.Name, m.Number, m.Kind, m.Source})
	}
	return printTable(g.env.Stdout, rows)
}

// contactsSync syncs every book now (or only reports, for status); it
// fails when a book could not be read.
func contactsSync(ctx context.Context, g *globals, sync, asJSON bool) error {
	var (
		st  []dirapi.Status
		err error
	)
	if len(g.contacts) == 0 && !g.direct {
		if c, cerr := trayClient(g); cerr == nil {
			if sync {
				st, err = c.SyncContacts(ctx)
			} else {
				st, err = c.ContactsStatus(ctx)
			}
			if err == nil || !errors.Is(err, cti.ErrNotSupported) {
				return printStatuses(g, st, err, asJSON)
			}
		}
	}
	l, err := loadContacts(ctx, g, sync)
	if err != nil {
		return err
	}
	st, err = l.ContactsStatus(ctx)
	return printStatuses(g, st, err, asJSON)
}

func printStatuses(g *globals, st []dirapi.Status, err error, asJSON bool) error {
	if err != nil {
		return err
	}
	failed := 0
	for _, s := range st {
		if s.Err != "" {
			failed++
		}
	}
	if asJSON {
		if st == nil {
			st = []dirapi.Status{}
		}
		if err := printJSON(g.env.Stdout, st); err != nil {
			return err
		}
	} else {
		if len(st) == 0 {
			fmt.Fprintln(g.env.Stdout, "No address books: add one in Settings or with --contacts.")
		}
		for _, s := range st {
			line := fmt.Sprintf("%s (%s, %s): %d contacts", s.Name, s.Kind, s.Location, s.Contacts)
			if !s.Synced.IsZero() {
				line += ", read " + s.Synced.Local().Format("2006-01-02 15:04:05")
			}
			fmt.Fprintln(g.env.Stdout, line)
			if s.Err != "" {
				fmt.Fprintf(g.env.Stdout, "  problem: %s\n", s.Err)
				if s.AuthFailed {
					fmt.Fprintln(g.env.Stdout, "  no further attempt until the password is changed; the last copy is still used")
				}
			}
			for _, w := range s.Warnings {
				fmt.Fprintf(g.env.Stdout, "  skipped: %s\n", w)
			}
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d address book(s) could not be read", failed)
	}
	return nil
}

// callerNamer names numbers for watch and history: the tray's directory,
// or one loaded here when books were given on the command line or no tray
// runs. nil when there are no books at all.
func callerNamer(ctx context.Context, g *globals) func(number string) *cti.Contact {
	cl, err := openContacts(ctx, g)
	if err != nil {
		return nil
	}
	if l, ok := cl.(*localContacts); ok && l.contacts(ctx) == 0 {
		return nil
	}
	return func(number string) *cti.Contact {
		lctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		m, ok, err := cl.LookupContact(lctx, number)
		if err != nil || !ok {
			return nil
		}
		return &cti.Contact{Name: m.Name, Source: m.Source, Kind: m.Kind}
	}
}
