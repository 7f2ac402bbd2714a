//go:build e2e && wine

package winee2e

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gxptray/gxptray/ui/e2e"
)

// Environment of the suite.
const (
	// EnvExe names the gxptray.exe under test.
	EnvExe = "GXPTRAY_EXE"
	// EnvWine names the Wine loader (default /usr/lib/wine/wine64, Debian's
	// 64-bit loader, which is not on PATH; then wine64 and wine).
	EnvWine = "WINE"
	// EnvCC names the mingw C compiler for the ProcessPrng stub.
	EnvCC = "WINDOWS_CC"
)

// ExeDir is where the suite puts gxptray.exe inside the prefix when a test
// does not install it: a folder with a space, as "Program Files" has, so the
// quoting of every command line written to the registry is exercised.
const ExeDir = `C:\tools\GXP Tray`

// Wine is one fresh Wine prefix with its own X display, for the whole run.
type Wine struct {
	Loader    string    // the wine loader
	Prefix    string    // WINEPREFIX (Linux path)
	Display   string    // ":N" of the suite's Xvfb
	User      string    // the Windows user name (the folder under C:\users)
	Exe       string    // Windows path of gxptray.exe inside the prefix
	ExeSource string    // Linux path of the gxptray.exe under test
	Setup     string    // Windows path of its installer inside the prefix ("" if none was built)
	Artifacts string    // $E2E_ARTIFACTS/wine
	Booted    time.Time // when wineboot was done: files changed later are the tests'

	root      string    // temporary directory of the run (prefix, home)
	xvfb      *exec.Cmd // stopped by its pid in Close
	closeOnce sync.Once // Close runs at the end of the run or on a signal, once
}

// OwnerFile, in the run's temporary directory ($TMPDIR/gxpwine*), holds the
// process id of the test binary that made it.
const OwnerFile = "owner.pid"

// Setup makes the run's prefix: Xvfb, wineboot -i, the ProcessPrng stub in
// system32, gxptray.exe copied to ExeDir.
func Setup(ctx context.Context, exe string) (w *Wine, err error) {
	w = &Wine{ExeSource: exe}
	if w.Loader, err = findLoader(); err != nil {
		return nil, err
	}
	for _, p := range []string{"Xvfb", "xwininfo", "import"} {
		if _, err := exec.LookPath(p); err != nil {
			return nil, fmt.Errorf("%s is not installed (Debian: bash scripts/deps.sh --windows): %w", p, err)
		}
	}
	art, err := e2e.ArtifactsDir() // the same folder as ui/e2e's
	if err != nil {
		return nil, err
	}
	w.Artifacts = filepath.Join(art, "wine")
	if err := os.MkdirAll(w.Artifacts, 0o755); err != nil {
		return nil, err
	}
	if w.root, err = os.MkdirTemp("", "gxpwine"); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			w.Close()
		}
	}()
	// A run that dies before Close (killed, or go test's -timeout, which
	// no deferred code survives) leaves the prefix, 700 MB: the file names
	// the process that owns it, and scripts/wine-test.sh removes the
	// prefixes whose owner is gone (at its start and on every exit).
	if err := os.WriteFile(filepath.Join(w.root, OwnerFile), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		return nil, err
	}
	w.Prefix = filepath.Join(w.root, "prefix")
	if err := os.Mkdir(filepath.Join(w.root, "home"), 0o700); err != nil {
		return nil, err
	}
	if err := w.startX(ctx); err != nil {
		return nil, err
	}
	if err := w.boot(ctx); err != nil {
		return nil, err
	}
	w.Booted = time.Now().Add(-time.Second) // file times may be coarse
	if err := w.installStub(ctx); err != nil {
		return nil, err
	}
	dst := w.Path(ExeDir + `\gxptray.exe`)
	if err := copyFile(exe, dst); err != nil {
		return nil, err
	}
	w.Exe = ExeDir + `\gxptray.exe`
	// scripts/windows.sh builds the installer beside the exe.
	if setup := strings.TrimSuffix(exe, ".exe") + "-setup.exe"; fileExists(setup) {
		w.Setup = `C:\gxptests\gxptray-setup.exe`
		if err := copyFile(setup, w.Path(w.Setup)); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// findLoader is $WINE, Debian's 64-bit loader, or wine64/wine on PATH.
func findLoader() (string, error) {
	if v := os.Getenv(EnvWine); v != "" {
		return exec.LookPath(v)
	}
	if fi, err := os.Stat("/usr/lib/wine/wine64"); err == nil && !fi.IsDir() {
		return "/usr/lib/wine/wine64", nil
	}
	for _, name := range []string{"wine64", "wine"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("wine is not installed (Debian: bash scripts/deps.sh --windows)")
}

// Env is the environment of every Windows process of the run: nothing of the
// caller's but PATH, so no GXPTRAY_* variable of the developer's shell leaks
// in. Wine passes it on to the Windows side.
func (w *Wine) Env(extra ...string) []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(w.root, "home"),
		"USER=" + w.userName(),
		"LANG=C.UTF-8",
		"WINEPREFIX=" + w.Prefix,
		"WINEDEBUG=-all",
		"WINEARCH=win64",
		// No Mono/Gecko download prompts, no menu entries in $HOME.
		"WINEDLLOVERRIDES=mscoree,mshtml=;winemenubuilder.exe=d",
		"DISPLAY=" + w.Display,
	}
	return append(env, extra...)
}

func (w *Wine) userName() string {
	if v := os.Getenv("USER"); v != "" {
		return v
	}
	return "user"
}

// Path is the Linux path of a Windows path on drive C: of the prefix.
func (w *Wine) Path(win string) string {
	rest, ok := strings.CutPrefix(win, `C:\`)
	if !ok {
		panic("winee2e: not a C: path: " + win)
	}
	return filepath.Join(w.Prefix, "drive_c", filepath.FromSlash(strings.ReplaceAll(rest, `\`, "/")))
}

func (w *Wine) startX(ctx context.Context) error {
	r, wr, err := os.Pipe()
	if err != nil {
		return err
	}
	defer r.Close()
	log, err := os.Create(filepath.Join(w.Artifacts, "xvfb.log"))
	if err != nil {
		wr.Close()
		return err
	}
	defer log.Close()
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
	cmd.Stdout, cmd.Stderr = log, log
	cmd.ExtraFiles = []*os.File{wr}
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	err = cmd.Start()
	wr.Close()
	if err != nil {
		return fmt.Errorf("starting Xvfb: %w", err)
	}
	w.xvfb = cmd
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
	}()
	select {
	case n := <-line:
		if n == "" {
			return errors.New("no display number from Xvfb (see xvfb.log)")
		}
		w.Display = ":" + n
	case <-ctx.Done():
		return fmt.Errorf("waiting for Xvfb: %w", ctx.Err())
	}
	return nil
}

// boot creates the prefix (a few seconds to a minute on a busy machine).
func (w *Wine) boot(ctx context.Context) error {
	bctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(bctx, w.Loader, "wineboot", "-i")
	cmd.Env = w.Env()
	out, err := cmd.CombinedOutput()
	_ = os.WriteFile(filepath.Join(w.Artifacts, "wineboot.log"), out, 0o644)
	if err != nil {
		return fmt.Errorf("wineboot -i: %w: %s", err, tail(string(out), 800))
	}
	users, _ := filepath.Glob(filepath.Join(w.Prefix, "drive_c", "users", "*", "AppData"))
	for _, u := range users {
		if name := filepath.Base(filepath.Dir(u)); name != "Public" {
			w.User = name
		}
	}
	if w.User == "" {
		return fmt.Errorf("wineboot made no user profile under %s", filepath.Join(w.Prefix, "drive_c", "users"))
	}
	return nil
}

// installStub builds bcryptprimitives.dll with ProcessPrng (which Wine 8
// lacks and Go 1.24+ needs at start-up) and puts it into system32, the only
// place the Go runtime loads it from.
func (w *Wine) installStub(ctx context.Context) error {
	cc := os.Getenv(EnvCC)
	if cc == "" {
		cc = "x86_64-w64-mingw32-gcc"
	}
	src := filepath.Join(moduleRoot(), "scripts", "wine", "processprng.c")
	dll := filepath.Join(w.Prefix, "drive_c", "windows", "system32", "bcryptprimitives.dll")
	cmd := exec.CommandContext(ctx, cc, "-shared", "-O2", "-o", dll, src, "-ladvapi32")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("building the ProcessPrng stub with %s (Debian: gcc-mingw-w64-x86-64): %w: %s", cc, err, out)
	}
	return nil
}

// Close ends the prefix's Windows processes (wineserver -k, for this prefix
// only), stops Xvfb by its pid and removes the prefix.
func (w *Wine) Close() { w.closeOnce.Do(w.close) }

func (w *Wine) close() {
	if w.Prefix != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		cmd := exec.CommandContext(ctx, filepath.Join(filepath.Dir(w.Loader), "wineserver"), "-k")
		if _, err := os.Stat(cmd.Path); err != nil {
			cmd = exec.CommandContext(ctx, "wineserver", "-k")
		}
		cmd.Env = w.Env()
		_ = cmd.Run()
		cmd = exec.CommandContext(ctx, filepath.Join(filepath.Dir(w.Loader), "wineserver"), "-w")
		cmd.Env = w.Env()
		_ = cmd.Run()
		cancel()
	}
	if w.xvfb != nil && w.xvfb.Process != nil {
		_ = w.xvfb.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = w.xvfb.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = w.xvfb.Process.Kill()
		}
	}
	if w.root != "" && os.Getenv("E2E_KEEP") != "1" {
		_ = os.RemoveAll(w.root)
	}
}

// moduleRoot is the directory of go.mod (go test runs in the package's).
func moduleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

func fileExists(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir()
}

func copyFile(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// envRequire, set to 1 (as scripts/wine-test.sh does), turns the skips for a
// missing exe or Wine into failures: a CI run must not pass by testing
// nothing.
const envRequire = "E2E_REQUIRE"
