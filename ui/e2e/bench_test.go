//go:build e2e

package e2e

import (
	"context"
	crand "crypto/rand"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/ui/localapi"
)

// Environment of the benchmark.
const (
	// EnvBenchIdle shortens (or lengthens) the idle measurement: "20s" or "20".
	EnvBenchIdle = "GXPTRAY_BENCH_IDLE"
	// EnvFyneTray and EnvSystrayPoll name prebuilt baselines; unset, they
	// are built from scripts/baselines.
	EnvFyneTray    = "GXPTRAY_BENCH_FYNETRAY"
	EnvSystrayPoll = "GXPTRAY_BENCH_SYSTRAYPOLL"
)

// How many times each latency is measured.
const (
	benchStarts   = 5
	benchRings    = 20
	benchHotkeys  = 10
	benchPopups   = 10
	benchSettle   = 5 * time.Second // after start-up, before the idle window
	defaultIdle   = time.Minute
	titlePopup    = "Incoming call"
	clipboardText = "+7 (495) 123-45-67"
)

// BenchmarkTray measures GXP Tray as a user and the phone feel it, on a
// headless desktop with the real binary ($GXPTRAY_BIN): how fast a ring
// becomes a notification (polling at 1 s, and with the phone's Action URL
// push), a popup window, how fast the hotkey reaches the phone, start-up
// to the tray icon, and what the resident process costs at rest next to a
// bare fyne.io/systray poller and a bare Fyne tray app. It prints figures
// and asserts none. Run it with scripts/bench.sh, or
//
//	GXPTRAY_BIN=$PWD/gxptray go test -tags e2e -run '^$' -bench Tray -benchtime 1x -timeout 20m ./ui/e2e/
func BenchmarkTray(b *testing.B) {
	bin := Binary(b)
	if _, err := exec.LookPath("xev"); err != nil {
		b.Skipf("xev is not installed (Debian: bash scripts/deps.sh --e2e): %v", err)
	}
	idle, err := idleWindow()
	if err != nil {
		b.Fatal(err)
	}
	fyneBin, sysBin := baselineBinaries(b)
	removeOldArtifacts(b)

	ctx, cancel := context.WithTimeout(b.Context(), 15*time.Minute)
	defer cancel()
	d := NewDesktop(b, Options{})
	tw, err := d.WatchTray()
	if err != nil {
		b.Fatal(err)
	}
	bs := &bench{b: b, ctx: ctx, d: d, bin: bin, tray: tw, r: newBenchReport(idle)}

	bs.phase("start-up", bs.measureStartup)
	bs.phase("idle", func() error { return bs.measureIdle(idle, fyneBin, sysBin) })
	bs.phase("ring (poll) and hotkey", bs.measurePollAndHotkey)
	bs.phase("ring (push)", bs.measurePush)
	bs.phase("popup", bs.measurePopup)
	bs.phase("address books", bs.measureContacts)

	fmt.Println()
	bs.r.print(os.Stdout)
	bs.r.reportMetrics(b)
	if len(bs.r.errs) > 0 {
		b.Errorf("%d measurements failed: %s", len(bs.r.errs), strings.Join(bs.r.errs, "; "))
	}
}

// bench is one run of BenchmarkTray.
type bench struct {
	b    *testing.B
	ctx  context.Context
	d    *Desktop
	bin  string
	tray *TrayWatch
	r    *benchReport
	// pushTok is the Action URL token put in the keyring, once per run.
	pushTok string
}

// phase runs one measurement; a failure is reported at the end and the
// other phases still run.
func (bs *bench) phase(name string, f func() error) {
	fmt.Printf("bench: %s...\n", name)
	start := time.Now()
	if err := f(); err != nil {
		bs.r.errs = append(bs.r.errs, name+": "+err.Error())
		fmt.Printf("bench: %s FAILED after %v: %v\n", name, time.Since(start).Round(time.Millisecond), err)
		return
	}
	fmt.Printf("bench: %s done in %v\n", name, time.Since(start).Round(100*time.Millisecond))
}

func (bs *bench) within(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(bs.ctx, d)
}

// pause waits a random time below max, so that the next event falls at a
// random point of the app's poll cycle (not a synchronization).
func (bs *bench) pause(max time.Duration) error {
	select {
	case <-time.After(rand.N(max)):
		return nil
	case <-bs.ctx.Done():
		return bs.ctx.Err()
	}
}

// benchSettings are the user's settings in every phase: polling at the
// default 1 s, notifications on, no popup window, no push listener.
func benchSettings(extra map[string]any) map[string]any {
	s := map[string]any{
		"language":      "en",
		"poll_interval": "1s",
		"notifications": true,
		"popup":         "off",
		"push_listen":   "",
		"hotkey":        "Ctrl+Shift+D",
		"autostart":     false,
	}
	maps.Copy(s, extra)
	return s
}

// trayApp is one run of the tray process.
type trayApp struct {
	*Proc
	startup time.Duration // process start to its tray item registered
	d       *Desktop
}

// startApp writes the settings and starts the tray process (with -v when
// verbose; the idle measurement runs it as a user does, without) against
// phone, and waits for its tray icon.
func (bs *bench) startApp(name string, set map[string]any, phone *CountingPhone, verbose bool) (*trayApp, error) {
	bs.d.WriteSettings(bs.b, set)
	var args []string
	if verbose {
		args = append(args, "-v")
	}
	cmd := bs.d.Command(context.Background(), bs.bin, args...)
	cmd.Env = append(cmd.Env, "GXPTRAY_PHONE="+phone.URL, "GXPTRAY_PASSCODE="+PhonePasscode)
	p, startup, err := bs.startTimed(name, cmd)
	if err != nil {
		return nil, err
	}
	return &trayApp{Proc: p, startup: startup, d: bs.d}, nil
}

// startTimed starts a tray program and times it from the start to its
// item in the watcher's RegisteredStatusNotifierItems.
func (bs *bench) startTimed(name string, cmd *exec.Cmd) (*Proc, time.Duration, error) {
	bs.tray.Drain()
	start := time.Now()
	p, err := bs.d.StartCmd(name, cmd)
	if err != nil {
		return nil, 0, err
	}
	ctx, cancel := bs.within(30 * time.Second)
	defer cancel()
	at, err := bs.tray.WaitPid(ctx, p.Pid())
	if err != nil {
		if done, exitErr := p.Exited(); done {
			err = fmt.Errorf("%s exited (%v); see %s", name, exitErr, p.Log)
		}
		p.Stop()
		return nil, 0, err
	}
	return p, at.Sub(start), nil
}

// api is the app's local API (the one its windows and the CLI use).
func (a *trayApp) api() (*localapi.Client, error) {
	return localapi.Dial(filepath.Join(a.d.RuntimeDir, "gxptray", "gxptray.sock"))
}

// waitState waits until the app's state satisfies cond.
func (a *trayApp) waitState(ctx context.Context, what string, cond func(localapi.State) error) error {
	var c *localapi.Client
	defer func() {
		if c != nil {
			c.Close()
		}
	}()
	return waitFor(ctx, what, func(ctx context.Context) error {
		if done, err := a.Exited(); done {
			return fmt.Errorf("the app exited (%v); see %s", err, a.Log)
		}
		if c == nil {
			var err error
			if c, err = a.api(); err != nil {
				return err
			}
		}
		st, err := c.State(ctx)
		if err != nil {
			return err
		}
		return cond(st)
	})
}

// waitApp waits up to 15 s until app's state satisfies cond.
func (bs *bench) waitApp(app *trayApp, what string, cond func(localapi.State) error) error {
	ctx, cancel := bs.within(15 * time.Second)
	defer cancel()
	return app.waitState(ctx, what, cond)
}

func online(st localapi.State) error {
	if st.Conn != cti.ConnOnline {
		return fmt.Errorf("connection %s %s", st.Conn, st.ConnErr)
	}
	return nil
}

// measureStartup starts and stops the app a few times.
func (bs *bench) measureStartup() error {
	phone := NewCountingPhone(bs.b, phonesim.Options{Lines: 4})
	for range benchStarts {
		app, err := bs.startApp("app-startup", benchSettings(nil), phone, false)
		if err != nil {
			return err
		}
		bs.r.startup = append(bs.r.startup, app.startup)
		// Let it finish starting (first poll) before it is stopped, so the
		// next start does not race its shutdown.
		err = bs.waitApp(app, "online", online)
		app.Stop()
		if err != nil {
			return err
		}
	}
	return nil
}

// measureIdle runs the app and both baselines side by side, each settled,
// and reads their cost over the same window.
func (bs *bench) measureIdle(window time.Duration, fyneBin, sysBin string) error {
	phone := NewCountingPhone(bs.b, phonesim.Options{Lines: 4})
	sysPhone := NewCountingPhone(bs.b, phonesim.Options{Lines: 4})
	app, err := bs.startApp("app-idle", benchSettings(nil), phone, false)
	if err != nil {
		return err
	}
	defer app.Stop()

	sysCmd := bs.d.Command(context.Background(), sysBin, "-phone", sysPhone.URL)
	sysCmd.Env = append(sysCmd.Env, "SYSTRAYPOLL_PASSCODE="+PhonePasscode)
	sys, sysStart, err := bs.startTimed("systraypoll", sysCmd)
	if err != nil {
		return fmt.Errorf("bare systray poller: %w", err)
	}
	defer sys.Stop()
	fyne, fyneStart, err := bs.startTimed("fynetray", bs.d.Command(context.Background(), fyneBin))
	if err != nil {
		return fmt.Errorf("bare Fyne tray: %w", err)
	}
	defer fyne.Stop()

	if err := bs.waitApp(app, "online", online); err != nil {
		return err
	}
	if err := sysPhone.Wait(bs.ctx, func() bool { return sysPhone.TotalRequests() > 0 }); err != nil {
		return fmt.Errorf("the bare systray poller never reached its phone: %w", err)
	}
	select {
	case <-time.After(benchSettle):
	case <-bs.ctx.Done():
		return bs.ctx.Err()
	}

	procs := []struct {
		name    string
		p       *Proc
		startup time.Duration
		phone   *CountingPhone
	}{
		{"gxptray tray", app.Proc, app.startup, phone},
		{"bare systray poll", sys, sysStart, sysPhone},
		{"bare Fyne tray", fyne, fyneStart, nil},
	}
	type before struct {
		s        ProcSample
		reqs     map[string]int
		conns    int64
		phoneAt  time.Time
		hasPhone bool
	}
	start := make([]before, len(procs))
	for i, pr := range procs {
		s, err := SampleProc(pr.p.Pid())
		if err != nil {
			return fmt.Errorf("%s: %w", pr.name, err)
		}
		start[i] = before{s: s}
		if pr.phone != nil {
			start[i].reqs, start[i].conns, start[i].phoneAt, start[i].hasPhone = pr.phone.RequestCounts(), pr.phone.Conns(), time.Now(), true
		}
	}
	fmt.Printf("bench: idle window %v\n", window)
	select {
	case <-time.After(window):
	case <-bs.ctx.Done():
		return bs.ctx.Err()
	}
	// The app's windows are processes of their own: none may have run.
	if kids := descendants(app.Pid()); len(kids) > 0 {
		return fmt.Errorf("the app ran %d window processes during the idle window; see %s", len(kids), app.Log)
	}
	for i, pr := range procs {
		if done, err := pr.p.Exited(); done {
			return fmt.Errorf("%s exited during the idle window (%v); see %s", pr.name, err, pr.p.Log)
		}
		s, err := SampleProc(pr.p.Pid())
		if err != nil {
			return fmt.Errorf("%s: %w", pr.name, err)
		}
		mem, err := ReadProcMemory(pr.p.Pid())
		if err != nil {
			return fmt.Errorf("%s: %w", pr.name, err)
		}
		row := idleRow{name: pr.name, cost: s.CostSince(start[i].s), mem: mem, startup: pr.startup}
		bs.r.idle = append(bs.r.idle, row)
		if start[i].hasPhone {
			win := time.Since(start[i].phoneAt)
			reqs := pr.phone.RequestCounts()
			byFn := map[string]int{}
			total := 0
			for fn, n := range reqs {
				if d := n - start[i].reqs[fn]; d > 0 {
					byFn[fn] = d
					total += d
				}
			}
			bs.r.phone = append(bs.r.phone, phoneRow{name: pr.name, window: win, requests: total,
				conns: pr.phone.Conns() - start[i].conns, byFunction: byFn})
		}
	}
	return nil
}

// measurePollAndHotkey: rings with polling alone, then hotkey presses.
func (bs *bench) measurePollAndHotkey() error {
	phone := NewCountingPhone(bs.b, phonesim.Options{Lines: 4, KeyInterval: 20 * time.Millisecond, FailedTimeout: time.Second})
	app, err := bs.startApp("app-poll", benchSettings(nil), phone, true)
	if err != nil {
		return err
	}
	defer app.Stop()
	if err := bs.waitApp(app, "online", online); err != nil {
		return err
	}
	bs.r.ringPoll, err = bs.rings(app, phone, benchRings, nil)
	if err != nil {
		return fmt.Errorf("ring with polling: %w", err)
	}
	bs.r.hotkey, err = bs.hotkeys(app, phone, benchHotkeys)
	if err != nil {
		return fmt.Errorf("hotkey: %w", err)
	}
	return nil
}

// pushPhone starts a phone whose Action URLs point at a push listener the
// app will run on a free loopback port, with the app's token put in the
// keyring first, and returns the phone and the push_listen setting.
func (bs *bench) pushPhone() (*CountingPhone, string, error) {
	token, err := bs.pushToken()
	if err != nil {
		return nil, "", err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	listen := ln.Addr().String()
	ln.Close() // the app takes the port; nothing else here listens meanwhile
	urls := map[string]string{}
	for _, f := range cti.ActionURLFields("http://"+listen, token) {
		urls[f.Event] = f.URL
	}
	phone := NewCountingPhone(bs.b, phonesim.Options{Lines: 4, ActionURLs: urls})
	return phone, listen, nil
}

// pushToken stores a known Action URL token where the app keeps its own
// (the keyring, as any Secret Service client can), once per run.
func (bs *bench) pushToken() (string, error) {
	if bs.pushTok != "" {
		return bs.pushTok, nil
	}
	token := crand.Text()
	ctx, cancel := bs.within(10 * time.Second)
	defer cancel()
	if _, err := bs.d.Run(ctx, token, "secret-tool", "store", "--label=GXP Tray push token",
		"service", "gxptray", "username", "push-token"); err != nil {
		return "", fmt.Errorf("store the push token: %w", err)
	}
	bs.pushTok = token
	return token, nil
}

// pushOn: the app's push listener runs.
func pushOn(st localapi.State) error {
	if err := online(st); err != nil {
		return err
	}
	if st.PushURL == "" {
		return errors.New("the push listener is not running")
	}
	return nil
}

// measurePush: rings with the push listener on.
func (bs *bench) measurePush() (err error) {
	bs.r.ringPush, err = bs.pushRings("app-push", nil, benchRings, nil)
	return err
}

// measurePopup: rings with push on and the popup window on.
func (bs *bench) measurePopup() error {
	ctx, cancel := bs.within(20 * time.Second)
	mw, err := bs.d.WatchMaps(ctx)
	cancel()
	if err != nil {
		return err
	}
	bs.r.popup, err = bs.pushRings("app-popup", map[string]any{"popup": "on"}, benchPopups, mw)
	return err
}

// pushRings starts the app with its push listener on (and the extra
// settings) against a phone that pushes, and rings it n times (see rings).
func (bs *bench) pushRings(name string, extra map[string]any, n int, mw *MapWatcher) (Latencies, error) {
	phone, listen, err := bs.pushPhone()
	if err != nil {
		return nil, err
	}
	set := benchSettings(map[string]any{"push_listen": listen})
	maps.Copy(set, extra)
	app, err := bs.startApp(name, set, phone, true)
	if err != nil {
		return nil, err
	}
	defer app.Stop()
	if err := bs.waitApp(app, "online with push", pushOn); err != nil {
		return nil, err
	}
	return bs.rings(app, phone, n, mw)
}

// rings rings the phone n times, each at a random point of the poll cycle,
// and returns the delays from the ring to the incoming-call notification
// (Notify on the bus). With mw, it returns the delays to the popup window
// being mapped instead, and waits for each popup to go away.
func (bs *bench) rings(app *trayApp, phone *CountingPhone, n int, mw *MapWatcher) (Latencies, error) {
	notes := bs.d.Notify
	var lat Latencies
	for i := range n {
		if err := bs.pause(time.Second); err != nil {
			return lat, err
		}
		number := fmt.Sprintf("+7495000%04d", rand.N(10000))
		seen := len(notes.Snapshot().Calls)
		start := time.Now()
		line, err := phone.Ring(number, "Bench Caller "+strconv.Itoa(i+1))
		if err != nil {
			return lat, err
		}
		ctx, cancel := bs.within(15 * time.Second)
		snap, err := notes.WaitFor(ctx, "incoming call from "+number, func(s NotifySnapshot) bool {
			return incomingFor(s, seen, number).ID != 0
		})
		arrived := time.Now()
		if err == nil && mw != nil {
			var ev MapEvent
			ev, err = mw.WaitTitled(ctx, titlePopup, start)
			arrived = ev.At
		}
		cancel()
		if err != nil {
			return lat, err
		}
		lat = append(lat, arrived.Sub(start))

		// The caller gives up: the app closes the notification (and the
		// popup) once it sees the line idle again.
		note := incomingFor(snap, seen, number)
		if err := phone.RemoteHangup(line); err != nil {
			return lat, err
		}
		ctx, cancel = bs.within(15 * time.Second)
		_, err = notes.WaitFor(ctx, fmt.Sprintf("notification %d closed", note.ID), func(s NotifySnapshot) bool {
			return s.WasClosed(note.ID)
		})
		if err == nil && mw != nil {
			err = waitFor(ctx, "the popup window closed", func(ctx context.Context) error {
				if ws, err := bs.d.FindWindows(ctx, titlePopup); err != nil || len(ws) > 0 {
					return fmt.Errorf("%d popup windows still open (%v)", len(ws), err)
				}
				// The launcher opens a line's popup again only once the
				// last one's process has ended.
				if kids := descendants(app.Pid()); len(kids) > 0 {
					return fmt.Errorf("%d window processes still running", len(kids))
				}
				return nil
			})
		}
		cancel()
		if err != nil {
			return lat, err
		}
	}
	return lat, nil
}

// incomingFor finds the incoming-call notification for number among the
// calls after the first seen ones.
func incomingFor(s NotifySnapshot, seen int, number string) Notification {
	for _, c := range s.Calls[min(seen, len(s.Calls)):] {
		if c.Summary == summaryIncoming && strings.Contains(c.Body, number) {
			return c
		}
	}
	return Notification{}
}

// hotkeys presses the hotkey n times with a number on the clipboard and
// returns the delays from the key press (xdotool started) to the dial
// request arriving at the phone. Each call is ended by the far end before
// the next press.
func (bs *bench) hotkeys(app *trayApp, phone *CountingPhone, n int) (Latencies, error) {
	ctx, cancel := bs.within(15 * time.Second)
	defer cancel()
	err := app.waitState(ctx, "the hotkey registered", func(st localapi.State) error {
		if st.Hotkey == "" || st.HotkeyErr != "" {
			return fmt.Errorf("hotkey %q: %s", st.Hotkey, st.HotkeyErr)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := bs.d.SetClipboard(ctx, clipboardText); err != nil {
		return nil, err
	}
	var lat Latencies
	for range n {
		ctx, cancel := bs.within(20 * time.Second)
		err := app.waitState(ctx, "idle, not dialing", func(st localapi.State) error {
			if st.DialBusy {
				return errors.New("still dialing")
			}
			for _, l := range st.Lines {
				if l.State != cti.StateIdle {
					return fmt.Errorf("line %d is %s", l.Line, l.State)
				}
			}
			return nil
		})
		if err != nil {
			cancel()
			return lat, err
		}
		if err := bs.pause(time.Second); err != nil {
			cancel()
			return lat, err
		}
		start := time.Now()
		if _, err := bs.d.Run(ctx, "", "xdotool", "key", "ctrl+shift+d"); err != nil {
			cancel()
			return lat, err
		}
		req, err := phone.FirstRequestSince(ctx, start, "api-make_call", "api-send_key")
		if err != nil {
			cancel()
			return lat, fmt.Errorf("no dial request at the phone after the hotkey (requests %v): %w", phone.RequestCounts(), err)
		}
		lat = append(lat, req.Time.Sub(start))
		// The far end does not answer: hang the outgoing call up.
		var line int
		err = phone.Wait(ctx, func() bool {
			for _, l := range phone.Lines() {
				if l.State == cti.StateCalling {
					line = l.Line
					return true
				}
			}
			return false
		})
		if err == nil {
			err = phone.RemoteHangup(line)
		}
		cancel()
		if err != nil {
			return lat, fmt.Errorf("end the dialed call: %w", err)
		}
	}
	return lat, nil
}

// idleWindow is the idle measurement's length from $GXPTRAY_BENCH_IDLE.
func idleWindow() (time.Duration, error) {
	v := strings.TrimSpace(os.Getenv(EnvBenchIdle))
	if v == "" {
		return defaultIdle, nil
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		v = fmt.Sprintf("%gs", secs)
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Second || d > time.Hour {
		return 0, fmt.Errorf("$%s=%q: want a duration from 1s to 1h, e.g. 20s", EnvBenchIdle, os.Getenv(EnvBenchIdle))
	}
	return d, nil
}

// baselineBinaries returns the two baseline programs, built into a
// temporary directory unless the environment names them.
func baselineBinaries(b *testing.B) (fyneBin, sysBin string) {
	b.Helper()
	get := func(env, pkg string) string {
		if p := os.Getenv(env); p != "" {
			abs, err := filepath.Abs(p)
			if err != nil {
				b.Fatal(err)
			}
			return abs
		}
		root, err := moduleRoot()
		if err != nil {
			b.Fatal(err)
		}
		out := filepath.Join(b.TempDir(), filepath.Base(pkg))
		cmd := exec.Command("go", "build", "-o", out, "./"+pkg)
		cmd.Dir = root
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("build %s (or set $%s): %v\n%s", pkg, env, err, msg)
		}
		return out
	}
	return get(EnvFyneTray, "scripts/baselines/fynetray"), get(EnvSystrayPoll, "scripts/baselines/systraypoll")
}

// removeOldArtifacts deletes an earlier run's logs, which would otherwise
// be appended to.
func removeOldArtifacts(b *testing.B) {
	dir, err := ArtifactsDir()
	if err != nil {
		b.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, fileName(b.Name(), "", "")+"-*"))
	for _, f := range old {
		os.Remove(f)
	}
}
