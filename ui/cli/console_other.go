//go:build !windows

package cli

// attachConsole: programs elsewhere inherit the terminal they were started from.
func attachConsole() {}
