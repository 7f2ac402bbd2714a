package testkit

import (
	"os"
	"path/filepath"
	"testing"
)

// WriteTemp writes body to a file called name in a fresh temporary folder
// (mode 0600) and returns its path.
func WriteTemp(t testing.TB, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
