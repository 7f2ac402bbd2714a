package tray

import "os"

// Windows has no SIGTERM for another process: end it.
func terminate(p *os.Process) { _ = p.Kill() }
