//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// ArtifactsDir is where screenshots and logs go: $E2E_ARTIFACTS, else
// e2e-artifacts at the top of the module (ignored by git). It is created
// on first use.
func ArtifactsDir() (string, error) {
	artifactsOnce.Do(func() {
		dir := os.Getenv("E2E_ARTIFACTS")
		if dir == "" {
			root, err := moduleRoot()
			if err != nil {
				artifactsErr = err
				return
			}
			dir = filepath.Join(root, "e2e-artifacts")
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			artifactsErr = err
			return
		}
		artifactsErr = os.MkdirAll(abs, 0o755)
		artifactsPath = abs
	})
	return artifactsPath, artifactsErr
}

var (
	artifactsOnce sync.Once
	artifactsPath string
	artifactsErr  error
)

// moduleRoot is the directory of go.mod above the working directory (go
// test runs in the package directory).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return dir, nil
		}
	}
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileName turns a test name and a step into a file name: Test/sub + step.
func fileName(test, step, ext string) string {
	name := unsafeName.ReplaceAllString(strings.ReplaceAll(test, "/", "-"), "_")
	if step != "" {
		name += "-" + unsafeName.ReplaceAllString(step, "_")
	}
	return name + ext
}

// Screenshot saves what the X display shows as <artifacts>/<test>-<step>.png
// and returns the file's path.
func (d *Desktop) Screenshot(step string) (string, error) {
	d.shotMu.Lock()
	d.shots++
	n := d.shots
	d.shotMu.Unlock()
	path := filepath.Join(d.Artifacts, fileName(d.name, fmt.Sprintf("%02d-%s", n, step), ".png"))
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "import", "-window", "root", path)
	cmd.Env = d.Env()
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("screenshot %s: %v: %s", step, err, out)
	}
	return path, nil
}

// Shot is Screenshot for tests: a failed screenshot is logged, not fatal
// (the check that follows says what matters).
func (d *Desktop) Shot(step string) {
	if path, err := d.Screenshot(step); err != nil {
		d.t.Logf("screenshot: %v", err)
	} else {
		d.t.Logf("screenshot %s", path)
	}
}

// ListArtifacts returns the files under the artifacts directory, for the
// summary at the end of a run.
func ListArtifacts() []string {
	dir, err := ArtifactsDir()
	if err != nil {
		return nil
	}
	var files []string
	_ = filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			files = append(files, path)
		}
		return nil
	})
	sort.Strings(files)
	return files
}
