//go:build e2e && wine

package winee2e

import (
	"context"
	"strings"
	"testing"
)

// linkSchemes are the URL schemes GXP Tray handles.
var linkSchemes = []string{"tel", "callto"}

// registerLinks writes the per-user tel:/callto: handler the way the README
// documents it for a copied gxptray.exe (HKCU\Software\Classes, no admin
// rights), then makes it reachable for Wine's ShellExecute (see
// exposeLinksToShell).
func registerLinks(ctx context.Context, t *testing.T, s *Session) {
	t.Helper()
	command := `"` + s.W.Exe + `" "%1"`
	for _, scheme := range linkSchemes {
		setLinkHandler(ctx, t, s, `HKCU\Software\Classes\`+scheme, scheme, command)
	}
	exposeLinksToShell(ctx, t, s)
}

// exposeLinksToShell copies the per-user handlers' command lines to
// HKLM\Software\Classes. Windows merges HKCU\Software\Classes into
// HKEY_CLASSES_ROOT, where ShellExecute looks; Wine 8 does not (its HKCR is
// HKLM\Software\Classes only: "start tel:..." answers "File not found"
// with the HKCU keys alone). The command is read back from HKCU, so what is
// started is what was registered for the user.
func exposeLinksToShell(ctx context.Context, t *testing.T, s *Session) {
	t.Helper()
	for _, scheme := range linkSchemes {
		user := `HKCU\Software\Classes\` + scheme
		cmd, err := s.RegValue(ctx, user+`\shell\open\command`, "")
		if err != nil {
			t.Fatalf("%s handler: %v", scheme, err)
		}
		if _, err := s.RegValue(ctx, user, "URL Protocol"); err != nil {
			t.Fatalf("%s handler: no URL Protocol value, Windows would not offer it for links: %v", scheme, err)
		}
		if !strings.Contains(cmd, `"%1"`) {
			t.Fatalf("%s handler command %q does not pass the link as a quoted argument", scheme, cmd)
		}
		setLinkHandler(ctx, t, s, `HKLM\Software\Classes\`+scheme, scheme, cmd)
	}
}

// setLinkHandler writes scheme's URL handler at key (a URL Protocol whose
// open command is command) and removes the key when the test ends.
func setLinkHandler(ctx context.Context, t *testing.T, s *Session, key, scheme, command string) {
	t.Helper()
	s.RegSet(ctx, key, "", "URL:"+scheme)
	s.RegSet(ctx, key, "URL Protocol", "")
	s.RegSet(ctx, key+`\shell\open\command`, "", command)
	t.Cleanup(func() { s.RegDelete(context.Background(), key) })
}

// startLink opens a link as a browser or the Run dialog does: ShellExecute
// (Wine's start.exe) finds the scheme's handler and starts its command line
// with the link for %1. start /wait returns the handler's exit code.
func startLink(ctx context.Context, t *testing.T, s *Session, link string) Result {
	t.Helper()
	r := s.RunProgram(ctx, nil, "", "start", "/wait", link)
	if r.Code != 0 {
		t.Fatalf("start %s: %s", link, r)
	}
	return r
}
