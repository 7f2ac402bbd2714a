package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/problem"
	"github.com/gxptray/gxptray/ui/settings"
)

// Env is what a command sees of the process: injected so tests run commands
// in-process.
type Env struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader
	Getenv         func(string) string
	Version        string
	// Notifier opens the desktop notifier for commands that report through
	// notifications (dial --notify); nil means the desktop's own.
	Notifier func() notify.Notifier
}

// OSEnv is the real process environment.
func OSEnv(version string) Env {
	attachConsole()
	return Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin, Getenv: os.Getenv, Version: version}
}

type command struct {
	name, args, summary string
	run                 func(ctx context.Context, g *globals, args []string) error
}

func commands() []command {
	return []command{
		{"status", "[--all] [--json] [--identity]", "phone status and the lines in use (--all: every line; --identity: model, firmware, MAC, accounts)", runStatus},
		{"dial", "[--notify] NUMBER|TEXT", "dial a number, or the one in a copied text (spaces, brackets, +, ext, tel:/callto:/sip: links)", runDial},
		{"answer", "", "answer the ringing call", opCommand("acceptcall")},
		{"reject", "", "reject the ringing call", opCommand("rejectcall")},
		{"hold", "", "put the call on hold, or resume it", opCommand("holdcall")},
		{"end", "", "hang up", opCommand("endcall")},
		{"keys", "K1:K2:...", "press keys on the phone (digits, STAR, POUND, SEND, LINE1, MUTE, VUP...)", runKeys},
		{"reboot", "--yes", "reboot the phone", sysCommand("REBOOT")},
		{"reset", "--yes", "FACTORY RESET the phone (erases its configuration)", sysCommand("RESET")},
		{"watch", "[--json] [--listen ADDR]", "print call events as they happen", runWatch},
		{"history", "[--json] [-n N] [--clear]", "recent calls; --clear deletes them all (asks, or --yes)", runHistory},
		{"contacts", "lookup|search|sync|status", "caller names from the address books (lookup NUMBER, search TEXT)", runContacts},
		{"actionurl", "[--listen ADDR] [--host HOST] [--install [--replace]|--uninstall] [--yes]", "the phone's Action URL fields: print them, or write (--install) or remove (--uninstall) them through the phone's web session", runActionURL},
		{"dnd", "on|off|status [--user ACCOUNT]", "Do Not Disturb on the phone, where its firmware offers it (through its web session)", runDND},
		{"phonesim", "[--listen ADDR] [--lines N] [--no-make-call] [--demo]", "run the simulated phone in the foreground", runPhonesim},
		{"password", "[--delete] < FILE", "save the phone's password (first line of standard input) in the system keyring", runPasscode},
		{"autostart", "on|off|status", "start GXP Tray at login, or not", runAutostart},
		{"quit", "", "end the running tray app (installers, updates, scripts)", runQuit},
		{"ui", "WINDOW", "open a window of the running tray app: dialpad, settings, history, main, reboot, reset, popup --line N (the incoming call on line N)", runUI},
		{"version", "", "print the version", runVersion},
	}
}

// globals are the options that come before the subcommand.
type globals struct {
	env           Env
	phone         string         // an address given with --phone (see target.go)
	phoneName     string         // the phone of Settings named with --phone
	phoneEntry    settings.Phone // that phone's settings
	passcodeFile  string
	passcodeStdin bool
	direct        bool
	demo          bool
	verbose       bool
	contacts      []string // --contacts: address books for this run
	contactsErr   error    // the first --contacts that was refused
	logger        *slog.Logger
}

// Main runs gxptray with args (without the program name) and returns the exit
// code. SIGINT and SIGTERM end long-running commands cleanly.
func Main(args []string, env Env) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, args, env)
}

// Run is Main with the caller's context.
func Run(ctx context.Context, args []string, env Env) int {
	g := &globals{env: env}
	fs := flag.NewFlagSet("gxptray", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&g.phone, "phone", "", "the phone a command is for: its `NAME` in Settings, or its address (default: $GXPTRAY_PHONE, then the first phone of Settings)")
	fs.StringVar(&g.passcodeFile, "password-file", "", "read the phone's password from `FILE` (default: $GXPTRAY_PASSWORD, then the keyring)")
	fs.BoolVar(&g.passcodeStdin, "password-stdin", false, "read the phone's password from the first line of standard input")
	fs.BoolVar(&g.direct, "direct", false, "talk to the phone directly even when the tray app is running")
	fs.BoolVar(&g.demo, "demo", false, "run the tray app against a built-in simulated phone that rings now and then")
	fs.BoolVar(&g.verbose, "verbose", false, "log what happens to standard error; errors with their technical detail")
	fs.BoolVar(&g.verbose, "v", false, "short for --verbose")
	fs.Var(g.sourcesFlag(), "contacts", contactsUsage)
	showVersion := fs.Bool("version", false, "print the version")
	if err := fs.Parse(legacyFlags(args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(env.Stdout, fs)
			return ExitOK
		}
		fmt.Fprintf(env.Stderr, "gxptray: %v\n", err)
		printUsage(env.Stderr, fs)
		return ExitUsage
	}
	level := slog.LevelWarn
	if g.verbose {
		level = slog.LevelDebug
	}
	if g.contactsErr != nil {
		return g.exitOf(g.contactsErr)
	}
	g.logger = slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
	if *showVersion {
		return g.exitOf(runVersion(ctx, g, nil))
	}

	rest := fs.Args()
	if len(rest) == 0 {
		return g.exitOf(runTray(ctx, g))
	}
	if isLinkArg(rest[0]) {
		// A link handler started as "gxptray tel:...": no terminal to print to.
		return g.exitOf(runDial(ctx, g, append([]string{"--notify"}, rest...)))
	}
	if rest[0] == "help" {
		printUsage(env.Stdout, fs)
		return ExitOK
	}
	name := legacyCommand(rest[0])
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		args := rest[1:]
		if name != "ui" && name != "phonesim" {
			if p, without, ok := hoistPhone(args); ok && g.phone == "" {
				g.phone, args = p, without
			}
		}
		if err := g.resolvePhone(ctx); err != nil {
			return g.exitOf(err)
		}
		return g.exitOf(c.run(ctx, g, args))
	}
	fmt.Fprintf(env.Stderr, "gxptray: unknown command %q\n", rest[0])
	printUsage(env.Stderr, fs)
	return ExitUsage
}

// exitOf reports err in words (ui/problem; the technical detail too with
// --verbose) and returns the exit code.
func (g *globals) exitOf(err error) int {
	if err == nil {
		return ExitOK
	}
	var help helpText
	if errors.As(err, &help) {
		fmt.Fprint(g.env.Stdout, help.text)
		return ExitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(g.env.Stderr, "gxptray: %v\n", err)
		return ExitUsage
	}
	w := problem.Describe(nil, err)
	fmt.Fprintf(g.env.Stderr, "gxptray: %s\n", w.Text)
	if w.Hint != "" {
		fmt.Fprintf(g.env.Stderr, "  %s\n", w.Hint)
	}
	if g.verbose && w.Detail != w.Text {
		fmt.Fprintf(g.env.Stderr, "  (%s)\n", w.Detail)
	}
	return exitCode(err)
}

func printUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "GXP Tray: incoming-call notifications and click-to-dial for Grandstream desk phones.\n\n")
	fmt.Fprintf(w, "Usage:\n  gxptray [options]                 start the tray app\n  gxptray [options] COMMAND [args]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %-32s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintf(w, "\nOptions:\n")
	printFlags(w, fs)
	fmt.Fprintf(w, "\nThe password is the phone's admin web password. It is never taken as a command-line\n"+
		"argument (other users can read those): use $GXPTRAY_PASSWORD, --password-file,\n"+
		"--password-stdin, or save it in Settings (kept in the system keyring).\n\n"+
		"Exit codes: 0 ok, 1 failure, 2 usage, 3 password rejected, 4 phone unreachable.\n")
}

// subFlags is a FlagSet for a subcommand that reports usage errors as such.
func subFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("gxptray "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func parseSub(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return subHelp(fs)
		}
		return usagef(err.Error())
	}
	return nil
}

// helpText is --help of a subcommand: printed on standard output, exit 0.
type helpText struct{ text string }

func (h helpText) Error() string        { return h.text }
func (h helpText) Is(target error) bool { return target == flag.ErrHelp }

// subHelp is the usage of a subcommand, from the commands table and its flags.
func subHelp(fs *flag.FlagSet) error {
	var b strings.Builder
	name := strings.TrimPrefix(fs.Name(), "gxptray ")
	for _, c := range commands() {
		if c.name == name {
			fmt.Fprintf(&b, "Usage: gxptray %s %s\n  %s\n", c.name, c.args, c.summary)
		}
	}
	if b.Len() == 0 {
		fmt.Fprintf(&b, "Usage: %s\n", fs.Name())
	}
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprintf(&b, "\nOptions:\n")
		printFlags(&b, fs)
	}
	return helpText{b.String()}
}

// printFlags lists flags the way the README writes them: --name, with
// two dashes (Go's flag package accepts both); one-letter flags keep one.
func printFlags(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "v" {
			return // shown with --verbose
		}
		name := "--" + f.Name
		switch {
		case f.Name == "verbose":
			name = "--verbose, -v"
		case len(f.Name) == 1:
			name = "-" + f.Name
		}
		arg, usage := flag.UnquoteUsage(f)
		if arg != "" {
			name += " " + strings.ToUpper(arg)
		}
		fmt.Fprintf(w, "  %-22s %s\n", name, usage)
	})
}

func runVersion(_ context.Context, g *globals, _ []string) error {
	v := g.env.Version
	if v == "" {
		v = "dev"
	}
	fmt.Fprintf(g.env.Stdout, "gxptray %s\n", strings.TrimSpace(v))
	return nil
}
