//go:build linux

package service

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The browser that xdg-open starts for a screen-pop gets no secret of the
// tray's environment.
func TestScreenPopOpenerGetsNoSecrets(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "env.txt")
	script := "#!/bin/sh\nenv > " + out + ".tmp && mv " + out + ".tmp " + out + "\n"
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("GXPTRAY_PASSCODE", "s3cret-from-env")
	t.Setenv("GXPTRAY_CONTACTS_PASSWORD", "carddav-secret")
	t.Setenv("GXPTRAY_SCREENPOP_MARK", "kept")
	if err := openURL("https://crm.example/?n=203"); err != nil {
		t.Fatal(err)
	}
	var data []byte
	waitFor(func() bool {
		var err error
		data, err = os.ReadFile(out)
		return err == nil
	})
	env := string(data)
	if !strings.Contains(env, "GXPTRAY_SCREENPOP_MARK=kept") {
		t.Fatalf("the opener did not run or lost its environment: %q", env)
	}
	if strings.Contains(env, "s3cret-from-env") || strings.Contains(env, "carddav-secret") {
		t.Fatal("the screen-pop opener received a secret in its environment")
	}
}
