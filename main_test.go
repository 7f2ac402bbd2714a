package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// `make demo` (and `make build`) rebuild the program only when a source is
// newer than it: a second demo starts at once.
func TestMakeRebuildsOnlyWhenSourcesChanged(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		t.Fatalf("make is needed to run the Makefile's own test: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "gxptray")
	if err := os.WriteFile(bin, nil, 0o755); err != nil {
		t.Fatal(err)
	}
	plan := func(when time.Time) string {
		t.Helper()
		if err := os.Chtimes(bin, when, when); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("make", "-n", "--no-print-directory", "BIN="+bin, "build").CombinedOutput()
		if err != nil {
			t.Fatalf("make -n build: %v\n%s", err, out)
		}
		return string(out)
	}
	if out := plan(time.Now()); strings.Contains(out, "scripts/build.sh") {
		t.Errorf("make builds a program newer than every source:\n%s", out)
	}
	if out := plan(time.Unix(1, 0)); !strings.Contains(out, "scripts/build.sh") {
		t.Errorf("make does not build a program older than its sources:\n%s", out)
	}
}

// The demo installs what it needs, not the Windows cross-compiler or the
// packaging tools.
func TestDemoDependencies(t *testing.T) {
	list := func(args ...string) []string {
		t.Helper()
		out, err := exec.Command("bash", append([]string{"scripts/deps.sh", "--list"}, args...)...).Output()
		if err != nil {
			t.Fatalf("deps.sh --list %v: %v", args, err)
		}
		return strings.Fields(string(out))
	}
	demo := list("--demo")
	for _, p := range []string{"gcc", "libgl1-mesa-dev", "curl"} {
		if !slices.Contains(demo, p) {
			t.Errorf("the demo does not install %s: %v", p, demo)
		}
	}
	for _, p := range []string{"gcc-mingw-w64-x86-64", "xz-utils", "xvfb"} {
		if slices.Contains(demo, p) {
			t.Errorf("the demo installs %s: %v", p, demo)
		}
	}
	if w := list("--windows"); !slices.Contains(w, "gcc-mingw-w64-x86-64") {
		t.Errorf("make windows lacks the cross-compiler: %v", w)
	}
}

// The program the tray process runs (the Linux build of `make build`, tag
// gxptray_uiexec) links no Fyne package: their initialisation and OpenGL's
// libraries stay out of the resident process; only the embedded window
// image has them.
func TestTrayImageLinksNoFyne(t *testing.T) {
	deps := func(tags string) []string {
		t.Helper()
		// -e: the embedded image need not be built for the list.
		out, err := exec.Command("go", "list", "-e", "-tags", tags, "-deps", ".").Output()
		if err != nil {
			t.Fatalf("go list -tags %q -deps: %v", tags, err)
		}
		return strings.Fields(string(out))
	}
	fyne := func(p string) bool {
		return strings.HasPrefix(p, "fyne.io/fyne/") || strings.HasPrefix(p, "github.com/go-gl/")
	}
	if i := slices.IndexFunc(deps("gxptray_uiexec"), fyne); i >= 0 {
		t.Errorf("the tray image links %s", deps("gxptray_uiexec")[i])
	}
	// The check can fail: the full build (the window image) has them.
	if !slices.ContainsFunc(deps(""), fyne) {
		t.Error("the full build links no Fyne package either: is the check looking at the right thing?")
	}
}

// The address books (numbering plans with the protobuf runtime, CardDAV,
// LDAP, vCard) run in the address-book image, never in the tray image:
// the tray process would keep them in memory all day.
func TestTrayImageLinksNoAddressBooks(t *testing.T) {
	deps := func(tags, pkg string) []string {
		t.Helper()
		out, err := exec.Command("go", "list", "-e", "-tags", tags, "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -tags %q -deps %s: %v", tags, pkg, err)
		}
		return strings.Fields(string(out))
	}
	books := func(p string) bool {
		if strings.HasPrefix(p, "github.com/gxptray/gxptray/cti/contacts/dirapi") {
			return false // the vocabulary and the pipe: the tray's side
		}
		for _, prefix := range []string{"github.com/gxptray/gxptray/cti/contacts", "github.com/nyaruka/phonenumbers",
			"google.golang.org/protobuf/", "github.com/go-ldap/", "github.com/emersion/"} {
			if strings.HasPrefix(p, prefix) {
				return true
			}
		}
		return false
	}
	tray := deps("gxptray_uiexec", ".")
	if i := slices.IndexFunc(tray, books); i >= 0 {
		t.Errorf("the tray image links %s", tray[i])
	}
	// The check can fail: the address-book image has them all.
	for _, want := range []string{"github.com/gxptray/gxptray/cti/contacts", "github.com/nyaruka/phonenumbers", "github.com/go-ldap/ldap/v3"} {
		if !slices.Contains(deps("", "./ui/addressbooks"), want) {
			t.Errorf("the address-book image does not link %s: is the check looking at the right thing?", want)
		}
	}
}
