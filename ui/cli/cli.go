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
	return Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin, Getenv: os.Getenv, Version: version}
}

type command struct {
	name, args, summary string
	run                 func(ctx context.Context, g *globals, args []string) error
}

func commands() []command {
	return []command{
		{"status", "[--json]", "phone status and every line", runStatus},
		{"dial", "[--notify] NUMBER|tel:URI", "dial a number (as copied: spaces, brackets, +, tel:/callto:/sip: links)", runDial},
		{"answer", "", "answer the ringing call", opCommand("acceptcall")},
		{"reject", "", "reject the ringing call", opCommand("rejectcall")},
		{"hold", "", "put the call on hold, or resume it", opCommand("holdcall")},
		{"end", "", "hang up", opCommand("endcall")},
		{"keys", "K1:K2:...", "press keys on the phone (digits, STAR, POUND, SEND, LINE1, MUTE, VUP...)", runKeys},
		{"reboot", "--yes", "reboot the phone", sysCommand("REBOOT")},
		{"reset", "--yes", "FACTORY RESET the phone (erases its configuration)", sysCommand("RESET")},
		{"watch", "[--json] [--listen ADDR]", "print call events as they happen", runWatch},
		{"history", "[--json] [-n N]", "recent calls", runHistory},
		{"contacts", "lookup|search|sync|status", "caller names from the address books (lookup NUMBER, search TEXT)", runContacts},
		{"actionurl", "[--listen ADDR] [--host HOST]", "the values to paste into the phone's Action URL fields", runActionURL},
		{"phonesim", "[--listen ADDR] [--lines N] [--no-make-call] [--demo]", "run the simulated phone in the foreground", runPhonesim},
		{"ui", "WINDOW", "open a window of the running tray app (dialpad, settings, history, popup, main, reboot, reset)", runUI},
		{"version", "", "print the version", runVersion},
	}
}

// globals are the options that come before the subcommand.
type globals struct {
	env           Env
	phone         string
	passcodeFile  string
	passcodeStdin bool
	direct        bool
	demo          bool
	verbose       bool
	contacts      []string // --contacts: address books for this run
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
	fs.StringVar(&g.phone, "phone", "", "phone address (default: $GXPTRAY_PHONE, then Settings)")
	fs.StringVar(&g.passcodeFile, "passcode-file", "", "read the passcode from this file (default: $GXPTRAY_PASSCODE, then the keyring)")
	fs.BoolVar(&g.passcodeStdin, "passcode-stdin", false, "read the passcode from the first line of standard input")
	fs.BoolVar(&g.direct, "direct", false, "talk to the phone directly even when the tray app is running")
	fs.BoolVar(&g.demo, "demo", false, "run the tray app against a built-in simulated phone that rings now and then")
	fs.BoolVar(&g.verbose, "v", false, "log what happens to standard error")
	fs.Var(sourcesFlag{&g.contacts}, "contacts", contactsUsage)
	showVersion := fs.Bool("version", false, "print the version")
	if err := fs.Parse(args); err != nil {
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
	g.logger = slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: level}))
	if *showVersion {
		return exitOf(env, runVersion(ctx, g, nil))
	}

	rest := fs.Args()
	if len(rest) == 0 {
		return exitOf(env, runTray(ctx, g))
	}
	if rest[0] == "help" {
		printUsage(env.Stdout, fs)
		return ExitOK
	}
	for _, c := range commands() {
		if c.name == rest[0] {
			return exitOf(env, c.run(ctx, g, rest[1:]))
		}
	}
	fmt.Fprintf(env.Stderr, "gxptray: unknown command %q\n", rest[0])
	printUsage(env.Stderr, fs)
	return ExitUsage
}

func exitOf(env Env, err error) int {
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "gxptray: %v\n", err)
	if h := hint(err); h != "" {
		fmt.Fprintf(env.Stderr, "  %s\n", h)
	}
	return exitCode(err)
}

func printUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "GXP Tray: incoming-call notifications and click-to-dial for Grandstream desk phones.\n\n")
	fmt.Fprintf(w, "Usage:\n  gxptray [options]                 start the tray app\n  gxptray [options] COMMAND [args]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %-28s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintf(w, "\nOptions:\n")
	fs.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(w, "  -%-16s %s\n", f.Name, f.Usage)
	})
	fmt.Fprintf(w, "\nThe passcode is the phone's admin web password. It is never taken as a command-line\n"+
		"argument (other users can read those): use $GXPTRAY_PASSCODE, --passcode-file,\n"+
		"--passcode-stdin, or save it in Settings (kept in the system keyring).\n\n"+
		"Exit codes: 0 ok, 1 failure, 2 usage, 3 passcode rejected, 4 phone unreachable.\n")
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
			return err
		}
		return usagef(err.Error())
	}
	return nil
}

func runVersion(_ context.Context, g *globals, _ []string) error {
	v := g.env.Version
	if v == "" {
		v = "dev"
	}
	fmt.Fprintf(g.env.Stdout, "gxptray %s\n", strings.TrimSpace(v))
	return nil
}
