//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	dir, err := ArtifactsDir()
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: artifacts directory: %v\n", err)
		os.Exit(1)
	}
	// Files of an earlier run would be mistaken for this run's.
	old, _ := filepath.Glob(filepath.Join(dir, "Test*"))
	for _, f := range old {
		os.Remove(f)
	}
	code := m.Run()
	files := ListArtifacts()
	fmt.Printf("e2e artifacts (%d files) in %s:\n", len(files), dir)
	for _, f := range files {
		fmt.Printf("  %s\n", strings.TrimPrefix(f, dir+string(os.PathSeparator)))
	}
	os.Exit(code)
}
