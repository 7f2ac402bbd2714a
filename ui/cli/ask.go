package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
)

// stdinIsTerminal reports whether r is a terminal a person types into (a
// variable so tests can stand in for one).
var stdinIsTerminal = func(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// askYes asks the person at the terminal question and reads the answer:
// yes ("y", "yes", "д", "да", in any case) or not.
func askYes(g *globals, question string) bool {
	fmt.Fprintf(g.env.Stdout, "%s [y/N] ", question)
	answer, _ := bufio.NewReader(g.env.Stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes", "д", "да":
		return true
	}
	return false
}
