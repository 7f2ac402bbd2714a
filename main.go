// Command gxptray is a desktop companion for Grandstream IP desk phones:
// incoming-call notifications with Accept/Reject, a tray menu, a dial pad and
// click-to-dial from the clipboard, tel: links and the command line.
//
// Run it without arguments for the tray app; `gxptray help` lists the commands.
package main

import (
	"os"

	"github.com/gxptray/gxptray/ui/cli"
)

// version is set at build time (-ldflags "-X main.version=...") from FyneApp.toml.
var version = "dev"

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.OSEnv(version)))
}
