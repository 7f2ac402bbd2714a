//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/cti/testkit"
	"github.com/gxptray/gxptray/ui/i18n"
)

// The README's screenshots are taken from the real app on a headless
// desktop: the tray menu as Xfce's panel draws it, the notification as
// dunst draws it, the app's own windows as Fyne draws them. This is not a
// test of the app and does not run with the others; scripts/screenshots.sh
// runs it:
//
//	GXPTRAY_SCREENSHOTS=1 GXPTRAY_BIN=$PWD/gxptray go test -tags e2e -run TestScreenshots ./ui/e2e/
const (
	// EnvScreenshots, set to 1, runs TestScreenshots.
	EnvScreenshots = "GXPTRAY_SCREENSHOTS"
	// EnvScreenshotsDir is where the PNGs go (default assets/screenshots).
	EnvScreenshotsDir = "GXPTRAY_SCREENSHOTS_DIR"
	// EnvScreenshotsHost is a local address to serve the simulated phone on
	// at port 443, so the pictures show a phone address as on an office
	// network; scripts/screenshots.sh adds one in a private network
	// namespace. Unset: 127.0.0.1 on a free port.
	EnvScreenshotsHost = "GXPTRAY_SCREENSHOTS_HOST"
)

// The callers of the pictures: one Cyrillic, one Latin.
const (
	shotCallerName   = "Виталик"
	shotCallerNumber = "203"
	shotLatinName    = "Anna Berger"
	shotLatinNumber  = "+442079460321"
	shotDialTyped    = "+44 (20) 7946-0958"
)

// panelConfig is a minimal Xfce panel: one strip along the top, its status
// tray (which hosts StatusNotifierItems and is the watcher) on the right.
const panelConfig = `<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0">
  <property name="configver" type="int" value="2"/>
  <property name="panels" type="array">
    <value type="int" value="1"/>
    <property name="dark-mode" type="bool" value="true"/>
    <property name="panel-1" type="empty">
      <property name="position" type="string" value="p=6;x=0;y=0"/>
      <property name="length" type="uint" value="100"/>
      <property name="position-locked" type="bool" value="true"/>
      <property name="icon-size" type="uint" value="22"/>
      <property name="size" type="uint" value="32"/>
      <property name="plugin-ids" type="array">
        <value type="int" value="1"/>
        <value type="int" value="2"/>
      </property>
    </property>
  </property>
  <property name="plugins" type="empty">
    <property name="plugin-1" type="string" value="separator">
      <property name="expand" type="bool" value="true"/>
      <property name="style" type="uint" value="0"/>
    </property>
    <property name="plugin-2" type="string" value="systray">
      <property name="square-icons" type="bool" value="true"/>
    </property>
  </property>
</channel>
`

// dunstConfig: notifications below the panel, in the app's colours.
const dunstConfig = `[global]
    font = DejaVu Sans 12
    width = 400
    origin = top-right
    offset = 12x44
    padding = 12
    horizontal_padding = 14
    text_icon_padding = 12
    frame_width = 1
    frame_color = "#296ff6"
    corner_radius = 6
    markup = full
    format = "<b>%s</b>\n%b"
    show_indicators = no
    icon_position = off
    notification_limit = 3
[urgency_low]
    background = "#2b2b2f"
    foreground = "#f0f0f0"
    timeout = 0
[urgency_normal]
    background = "#2b2b2f"
    foreground = "#f0f0f0"
    timeout = 0
[urgency_critical]
    background = "#2b2b2f"
    foreground = "#f0f0f0"
    frame_color = "#296ff6"
    timeout = 0
`

// TestScreenshots takes the README's pictures. One app run tells a short
// story: a missed call from Виталик (notification), a call from Anna
// (popup, answered), a call back from the tray menu (the menu with its
// recent calls), then the dial pad and the settings.
func TestScreenshots(t *testing.T) {
	if os.Getenv(EnvScreenshots) != "1" {
		t.Skipf("screenshots are taken with %s=1 (scripts/screenshots.sh)", EnvScreenshots)
	}
	bin := Binary(t)
	xfconfd := findXfconfd()
	for _, p := range []string{"xfce4-panel", "dunst", "dunstctl"} {
		if _, err := exec.LookPath(p); err != nil {
			t.Fatalf("%s is not installed (Debian: apt-get install xfce4-panel dunst): %v", p, err)
		}
	}
	if xfconfd == "" {
		t.Fatal("xfconfd is not installed (Debian: apt-get install xfconf)")
	}
	out, err := screenshotsDir()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()
	within := func(d time.Duration) context.Context {
		c, cancel := context.WithTimeout(ctx, d)
		t.Cleanup(cancel)
		return c
	}

	// The desktop without the harness's tray watcher and notification
	// server: Xfce's panel and dunst take their places.
	d := NewDesktop(t, Options{NoTray: true, Notifications: NotifyNone})
	sh := &shooter{t: t, d: d, out: out}
	sh.paintDesktop(within(15 * time.Second))
	sh.startPanel(within(30*time.Second), xfconfd)
	sh.startDunst(within(15 * time.Second))

	phone, address := startShotPhone(t)
	// Anna is in the user's address book, written as people in London
	// write her number; the phone sends it in E.164 without a name.
	book := filepath.Join(d.Home, "office-contacts.csv")
	if err := os.WriteFile(book, []byte("name,number\n"+shotLatinName+",020 7946 0321\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d.WriteSettings(t, map[string]any{
		"phone":           address,
		"tls_mode":        "pin",
		"language":        "system",
		"popup":           "on",
		"notifications":   true,
		"poll_interval":   "250ms",
		"contacts":        []map[string]string{{"name": "Office contacts", "url": book}},
		"contacts_region": "GB",
		"push_listen":     testkit.FreeAddr(t),
	})
	// The passcode is in the keyring, as after saving it in Settings.
	if _, err := d.Run(within(10*time.Second), phone.passcode, "secret-tool", "store", "--label=GXP Tray",
		"service", "gxptray", "username", "passcode"); err != nil {
		t.Fatal(err)
	}

	app := d.StartApp(t, AppOptions{})
	tray, err := d.WaitTrayItem(within(30*time.Second), app.Pid())
	if err != nil {
		app.CheckRunning(t)
		t.Fatalf("the tray icon did not appear in the panel: %v", err)
	}
	host := strings.TrimPrefix(address, "https://")
	sh.wantMenu(within(20*time.Second), tray, "online", func(m MenuItem) bool {
		s := m.Shown()
		return len(s) > 0 && s[0].Label == host+" — Idle"
	})
	// The app pinned the phone's certificate at first use and saved it:
	// the settings window shows it.
	if err := waitFor(within(10*time.Second), "the pinned certificate saved", func(context.Context) error {
		b, err := os.ReadFile(filepath.Join(d.ConfigHome, "gxptray", "settings.json"))
		if err != nil {
			return err
		}
		var s struct {
			PinnedCert string `json:"pinned_cert"`
		}
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if s.PinnedCert != phone.fingerprint {
			return fmt.Errorf("pinned_cert %q, the phone's is %q", s.PinnedCert, phone.fingerprint)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	// 1. Виталик calls: the notification (and a popup, which closes when
	// the call stops ringing).
	line, err := phone.Ring(shotCallerNumber, shotCallerName)
	if err != nil {
		t.Fatal(err)
	}
	sh.wantMenu(within(15*time.Second), tray, "ringing", func(m MenuItem) bool {
		it, ok := m.Find("Answer")
		return ok && it.Enabled
	})
	note := sh.waitDunst(within(15 * time.Second))
	sh.shootWindow(within(15*time.Second), note, "notification.png")
	popupTitle := i18n.New(i18n.English).T("window.title.popup")
	if _, err := d.WaitWindow(within(20*time.Second), popupTitle); err != nil {
		t.Fatal(err)
	}
	if err := phone.RemoteHangup(line); err != nil {
		t.Fatal(err)
	}
	sh.waitNoWindow(within(15*time.Second), popupTitle)

	// 2. Anna calls: the popup, her name from the address book; answered
	// from the tray, she hangs up.
	line, err = phone.Ring(shotLatinNumber, "")
	if err != nil {
		t.Fatal(err)
	}
	popup, err := d.WaitWindow(within(20*time.Second), popupTitle)
	if err != nil {
		t.Fatal(err)
	}
	sh.shootWindow(within(15*time.Second), popup, "popup.png")
	// The dial pad while she rings: Accept and Reject, Call not the default.
	ringPad := sh.openFromMenu(within(30*time.Second), tray, "Dial pad…", i18n.New(i18n.English).T("window.title.dialpad"))
	sh.shootWindow(within(15*time.Second), ringPad, "dialpad-ringing.png")
	if err := tray.ClickLabel(within(10*time.Second), "Answer"); err != nil {
		t.Fatal(err)
	}
	if err := phone.WaitLine(within(10*time.Second), line, cti.StateConnected); err != nil {
		t.Fatal(err)
	}
	sh.wantMenu(within(15*time.Second), tray, "in call with Anna", inCall)
	if err := phone.RemoteHangup(line); err != nil {
		t.Fatal(err)
	}
	sh.waitNoWindow(within(15*time.Second), popupTitle)

	// 3. Calling Виталик back from the recent calls, a short talk.
	sh.wantMenu(within(15*time.Second), tray, "the missed call in the recent calls", func(m MenuItem) bool {
		_, ok := m.FindFunc(func(it MenuItem) bool { return strings.Contains(it.Label, shotCallerName) })
		return ok
	})
	m, _ := tray.Menu(within(5 * time.Second))
	back, _ := m.FindFunc(func(it MenuItem) bool { return strings.Contains(it.Label, shotCallerName) })
	if err := tray.Click(within(10*time.Second), back.ID); err != nil {
		t.Fatal(err)
	}
	if err := phone.WaitDialed(within(15*time.Second), shotCallerNumber); err != nil {
		t.Fatal(err)
	}
	// The far end answers by itself (AutoAnswerAfter).
	var talk int
	if err := phone.Wait(within(15*time.Second), func() bool {
		talk = phone.lineOf(cti.StateConnected)
		return talk != 0
	}); err != nil {
		t.Fatalf("the call back was not answered: %v", err)
	}
	sh.wantMenu(within(15*time.Second), tray, "in call with Виталик", inCall)
	if err := phone.RemoteHangup(talk); err != nil {
		t.Fatal(err)
	}
	sh.wantMenu(within(15*time.Second), tray, "idle with three recent calls", func(m MenuItem) bool {
		s := m.Shown()
		rc, ok := m.FindFunc(func(it MenuItem) bool { return strings.HasPrefix(it.Label, "Recent calls") })
		return len(s) > 0 && strings.HasSuffix(s[0].Label, " — Idle") && ok && len(rc.Shown()) >= 3
	})

	// 4. The tray menu, opened with a click on the icon in the panel.
	if _, err := d.Run(within(5*time.Second), "", "dunstctl", "close-all"); err != nil {
		t.Fatal(err)
	}
	sh.waitNoDunst(within(10 * time.Second))
	sh.shootTrayMenu(within(30*time.Second), tray)

	// 5. The recent calls window, opened from the menu.
	hist := sh.openFromMenu(within(30*time.Second), tray, "Show all…", i18n.New(i18n.English).T("window.title.history"))
	sh.shootWindow(within(15*time.Second), hist, "history.png")

	// 5. The dial pad with a number typed (it is open since the call).
	cat := i18n.New(i18n.English)
	pad, err := d.WaitWindow(within(20*time.Second), cat.T("window.title.dialpad"))
	if err != nil {
		t.Fatal(err)
	}
	if err := pad.Type(within(20*time.Second), shotDialTyped); err != nil {
		t.Fatal(err)
	}
	sh.shootWindow(within(15*time.Second), pad, "dialpad.png")

	// 6. Settings, in English and in Russian (a window started in a
	// Russian session; the settings say "system language").
	set := sh.openFromMenu(within(30*time.Second), tray, "Settings…", cat.T("window.title.settings"))
	sh.shootWindow(within(15*time.Second), set, "settings.png")

	ru := d.Command(context.Background(), bin, "ui", "settings")
	ru.Env = append(ru.Env, "LC_ALL=ru_RU.UTF-8")
	ruProc, err := d.StartCmd("settings-ru", ru)
	if err != nil {
		t.Fatal(err)
	}
	// By its process: xdotool cannot match a Cyrillic title in the C locale.
	setRu := sh.windowOf(within(20*time.Second), ruProc.Pid(), i18n.New(i18n.Russian).T("window.title.settings"))
	sh.shootWindow(within(15*time.Second), setRu, "settings-ru.png")

	// 7. Instant notifications set up through the tray (as Settings' button
	// does): the Phone menu then shows the phone, DND and the push check.
	for _, w := range []Window{set, setRu} {
		_, _ = d.Run(within(5*time.Second), "", "xdotool", "windowclose", w.ID)
	}
	if out, err := d.Run(within(30*time.Second), "", bin, "actionurl", "--install", "--yes"); err != nil {
		t.Fatalf("actionurl --install: %v\n%s", err, out)
	}
	sh.wantMenu(within(20*time.Second), tray, "the Phone menu after the install", func(m MenuItem) bool {
		_, ok := m.FindFunc(func(it MenuItem) bool { return strings.HasPrefix(it.Label, "Instant notifications: set up") })
		return ok
	})
	sh.shootTrayMenuAt(within(30*time.Second), tray, "Phone", "tray-phone.png")

	// 8. Two phones in one tray, and their list in Settings.
	app = sh.shootPhones(ctx, app)
	app.CheckRunning(t)
}

// inCall: the menu's status line says a call is on.
func inCall(m MenuItem) bool {
	s := m.Shown()
	return len(s) > 0 && strings.HasSuffix(s[0].Label, " — In call")
}

// windowOf waits for a visible window of process pid titled title.
func (sh *shooter) windowOf(ctx context.Context, pid int, title string) Window {
	sh.t.Helper()
	var w Window
	err := waitFor(ctx, fmt.Sprintf("window %q of pid %d", title, pid), func(ctx context.Context) error {
		ids, err := sh.d.visibleWindows(ctx, "--pid", strconv.Itoa(pid))
		if err != nil {
			return err
		}
		for _, id := range ids {
			name, err := sh.d.Run(ctx, "", "xdotool", "getwindowname", id)
			if err == nil && strings.TrimSpace(name) == title {
				w = Window{ID: id, Title: title, d: sh.d}
				return nil
			}
		}
		return fmt.Errorf("windows of the process: %v", ids)
	})
	if err != nil {
		sh.t.Fatal(err)
	}
	return w
}

// shooter takes and writes the pictures.
type shooter struct {
	t   *testing.T
	d   *Desktop
	out string
}

// screenshotsDir is $GXPTRAY_SCREENSHOTS_DIR, else assets/screenshots of
// the module.
func screenshotsDir() (string, error) {
	dir := os.Getenv(EnvScreenshotsDir)
	if dir == "" {
		root, err := moduleRoot()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(root, "assets", "screenshots")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	return dir, os.MkdirAll(dir, 0o755)
}

// findXfconfd finds Xfce's settings daemon, which is not on PATH.
func findXfconfd() string {
	for _, pattern := range []string{"/usr/lib/*/xfce4/xfconf/xfconfd", "/usr/lib/xfce4/xfconf/xfconfd", "/usr/libexec/xfce4/xfconf/xfconfd", "/usr/libexec/xfconfd"} {
		if m, _ := filepath.Glob(pattern); len(m) > 0 {
			return m[0]
		}
	}
	return ""
}

// paintDesktop gives the screen a plain dark background instead of X's
// black, as a desktop has: the tray menu's picture shows a bit of it.
func (sh *shooter) paintDesktop(ctx context.Context) {
	sh.t.Helper()
	const w, h = 1280, 800 // the desktop's default screen
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	top, bottom := [3]int{0x3b, 0x4a, 0x5a}, [3]int{0x20, 0x26, 0x2e}
	for y := range h {
		var c [4]uint8
		for i := range 3 {
			c[i] = uint8(top[i] + (bottom[i]-top[i])*y/(h-1))
		}
		c[3] = 0xff
		for x := range w {
			copy(img.Pix[img.PixOffset(x, y):], c[:])
		}
	}
	path := filepath.Join(sh.d.Root, "background.png")
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		sh.t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		sh.t.Fatal(err)
	}
	// display sets it as the root window's background and, done, exits
	// non-zero without a word.
	cmd := sh.d.Command(ctx, "display", "-window", "root", path)
	if out, err := cmd.CombinedOutput(); err != nil && len(bytes.TrimSpace(out)) > 0 {
		sh.t.Logf("desktop background: %v: %s", err, out)
	}
}

// startPanel starts xfconfd (no bus activation on the private bus) with the
// panel's configuration, then the panel, and waits for its tray watcher.
func (sh *shooter) startPanel(ctx context.Context, xfconfd string) {
	d := sh.d
	dir := filepath.Join(d.ConfigHome, "xfce4", "xfconf", "xfce-perchannel-xml")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		sh.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "xfce4-panel.xml"), []byte(panelConfig), 0o600); err != nil {
		sh.t.Fatal(err)
	}
	if _, err := d.Start("xfconfd", xfconfd); err != nil {
		sh.t.Fatal(err)
	}
	if err := d.waitName(ctx, "org.xfce.Xfconf"); err != nil {
		sh.t.Fatalf("xfconfd: %v", err)
	}
	if _, err := d.Start("xfce4-panel", "xfce4-panel", "--disable-wm-check"); err != nil {
		sh.t.Fatal(err)
	}
	err := waitFor(ctx, "the panel's StatusNotifierWatcher with a host", func(ctx context.Context) error {
		v, err := d.property(ctx, watcherName, watcherPath, watcherName, "IsStatusNotifierHostRegistered")
		if err != nil {
			return err
		}
		if ok, _ := v.Value().(bool); !ok {
			return errors.New("no host registered yet")
		}
		return nil
	})
	if err != nil {
		sh.t.Fatalf("xfce4-panel: %v (log: %s)", err, d.LogPath("xfce4-panel"))
	}
}

// startDunst starts dunst with its configuration.
func (sh *shooter) startDunst(ctx context.Context) {
	d := sh.d
	conf := filepath.Join(d.ConfigHome, "dunst", "dunstrc")
	if err := os.MkdirAll(filepath.Dir(conf), 0o700); err != nil {
		sh.t.Fatal(err)
	}
	if err := os.WriteFile(conf, []byte(dunstConfig), 0o600); err != nil {
		sh.t.Fatal(err)
	}
	if _, err := d.Start("dunst", "dunst", "-config", conf); err != nil {
		sh.t.Fatal(err)
	}
	if err := d.waitName(ctx, notifyName); err != nil {
		sh.t.Fatalf("dunst: %v", err)
	}
}

// shotPhone is the simulated phone behind HTTPS with its own self-signed
// certificate, as the phones come.
type shotPhone struct {
	*Phone      // the harness's waits; served here, not by Phone's own server
	passcode    string
	fingerprint string // SHA-256 of its certificate, lowercase hex
}

// lineOf is the first line in state st (0: none).
func (p *shotPhone) lineOf(st cti.LineState) int {
	for n := 1; n <= 4; n++ {
		if p.Line(n).State == st {
			return n
		}
	}
	return 0
}

// startShotPhone serves a simulated phone over HTTPS and returns it with
// the address to put in the settings.
func startShotPhone(t *testing.T) (*shotPhone, string) {
	t.Helper()
	secret := make([]byte, 8)
	if _, err := rand.Read(secret); err != nil {
		t.Fatal(err)
	}
	p := phonesim.New(phonesim.Options{
		Passcode:        hex.EncodeToString(secret),
		Lines:           4,
		KeyInterval:     20 * time.Millisecond,
		FailedTimeout:   time.Second,
		AutoAnswerAfter: 300 * time.Millisecond,
		WebFamily:       phonesim.WebChallenge, // GXP2170 1.0.11: Do Not Disturb in the Phone menu
	})
	host, port := os.Getenv(EnvScreenshotsHost), "443"
	var ln net.Listener
	var err error
	if host != "" {
		if ln, err = net.Listen("tcp", net.JoinHostPort(host, port)); err != nil {
			t.Logf("cannot serve the phone on %s:%s (%v): using 127.0.0.1", host, port, err)
		}
	}
	if ln == nil {
		host = "127.0.0.1"
		if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
		_, port, _ = net.SplitHostPort(ln.Addr().String())
	}
	cert, fp, err := selfSigned(host)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{
		Handler:           p.Handler(),
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}},
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
	go srv.ServeTLS(ln, "", "")
	t.Cleanup(func() {
		srv.Close()
		p.Close()
	})
	address := "https://" + host
	if port != "443" {
		address = "https://" + net.JoinHostPort(host, port)
	}
	return &shotPhone{Phone: &Phone{Phone: p}, passcode: hex.EncodeToString(secret), fingerprint: fp}, address
}

// selfSigned makes a certificate for host like a phone's own and returns
// it with its SHA-256 fingerprint.
func selfSigned(host string) (tls.Certificate, string, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		return tls.Certificate{}, "", err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: host, Organization: []string{"Grandstream Networks"}},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(10, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if ip := net.ParseIP(host); ip != nil {
		tmpl.IPAddresses = []net.IP{ip}
	} else {
		tmpl.DNSNames = []string{host}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, "", err
	}
	sum := sha256.Sum256(der)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, hex.EncodeToString(sum[:]), nil
}

// wantMenu waits until the tray menu satisfies ok.
func (sh *shooter) wantMenu(ctx context.Context, tray *TrayItem, what string, ok func(MenuItem) bool) {
	sh.t.Helper()
	_, err := tray.WaitMenu(ctx, what, func(m MenuItem) error {
		if !ok(m) {
			return errors.New("not yet")
		}
		return nil
	})
	if err != nil {
		sh.t.Fatal(err)
	}
}

// waitDunst waits for dunst's window on the screen.
func (sh *shooter) waitDunst(ctx context.Context) Window {
	sh.t.Helper()
	w, err := sh.d.WaitDunst(ctx)
	if err != nil {
		sh.t.Fatal(err)
	}
	return w
}

// waitNoDunst waits until dunst shows nothing.
func (sh *shooter) waitNoDunst(ctx context.Context) {
	sh.t.Helper()
	if err := sh.d.WaitNoDunst(ctx); err != nil {
		sh.t.Fatal(err)
	}
}

// waitNoWindow waits until no visible window has the title.
func (sh *shooter) waitNoWindow(ctx context.Context, title string) {
	sh.t.Helper()
	if err := sh.d.WaitNoWindow(ctx, title); err != nil {
		sh.t.Fatal(err)
	}
}

// stableCapture captures grab until two captures in a row are the same
// picture (the window has finished drawing), or returns the last one when
// ctx ends: a blinking text cursor may never hold still.
func stableCapture(ctx context.Context, grab func(context.Context) (image.Image, error)) (image.Image, error) {
	var last image.Image
	for {
		img, err := grab(ctx)
		if err != nil {
			if last != nil && ctx.Err() != nil {
				return last, nil
			}
			return nil, err
		}
		if last != nil && samePicture(last, img) {
			return img, nil
		}
		last = img
		select {
		case <-ctx.Done():
			return last, nil
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func samePicture(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	ra, rb := toRGBA(a), toRGBA(b)
	return bytes.Equal(ra.Pix, rb.Pix)
}

func toRGBA(img image.Image) *image.RGBA {
	if r, ok := img.(*image.RGBA); ok && r.Bounds().Min == (image.Point{}) {
		return r
	}
	b := img.Bounds()
	r := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(r, r.Bounds(), img, b.Min, draw.Src)
	return r
}

// openFromMenu clicks the tray menu's entry labelled label and waits for
// the window titled title that it opens.
func (sh *shooter) openFromMenu(ctx context.Context, tray *TrayItem, label, title string) Window {
	sh.t.Helper()
	if err := tray.ClickLabel(ctx, label); err != nil {
		sh.t.Fatal(err)
	}
	w, err := sh.d.WaitWindow(ctx, title)
	if err != nil {
		sh.t.Fatal(err)
	}
	return w
}

// shootWindow raises w and writes what it shows once it holds still.
func (sh *shooter) shootWindow(ctx context.Context, w Window, name string) {
	sh.t.Helper()
	if _, err := sh.d.Run(ctx, "", "xdotool", "windowraise", w.ID); err != nil {
		sh.t.Fatal(err)
	}
	settle, cancel := context.WithTimeout(ctx, 4*time.Second)
	defer cancel()
	img, err := stableCapture(settle, w.Capture)
	if err != nil {
		sh.t.Fatalf("%s: %v", name, err)
	}
	sh.write(name, img)
}

// write saves img as a PNG (Go's encoder writes no metadata).
func (sh *shooter) write(name string, img image.Image) {
	sh.t.Helper()
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, toRGBA(img)); err != nil {
		sh.t.Fatal(err)
	}
	path := filepath.Join(sh.out, name)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		sh.t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		sh.t.Fatal(err)
	}
	b := img.Bounds()
	sh.t.Logf("wrote %s (%dx%d, %d KB)", path, b.Dx(), b.Dy(), buf.Len()/1024)
}

// geometry is where a window is on the screen.
func (sh *shooter) geometry(ctx context.Context, id string) (image.Rectangle, error) {
	out, err := sh.d.Run(ctx, "", "xdotool", "getwindowgeometry", "--shell", id)
	if err != nil {
		return image.Rectangle{}, err
	}
	v := map[string]int{}
	for _, l := range strings.Fields(out) {
		k, val, ok := strings.Cut(l, "=")
		if n, err := strconv.Atoi(val); ok && err == nil {
			v[k] = n
		}
	}
	return image.Rect(v["X"], v["Y"], v["X"]+v["WIDTH"], v["Y"]+v["HEIGHT"]), nil
}

// trayIcon is where the panel shows the tray: the status tray plugin runs
// in its own process (wrapper-2.0) and its window holds the icons; the
// app's is the only one.
func (sh *shooter) trayIcon(ctx context.Context) (image.Rectangle, error) {
	ids, err := sh.d.visibleWindows(ctx, "--name", "^wrapper-2\\.0$")
	if err != nil {
		return image.Rectangle{}, err
	}
	for _, id := range ids {
		r, err := sh.geometry(ctx, id)
		if err == nil && r.Min.Y >= 0 && r.Min.Y < 8 && r.Dx() > 8 && r.Dx() <= 96 && r.Dy() <= 64 {
			return r, nil
		}
	}
	return image.Rectangle{}, fmt.Errorf("no status tray in the panel (windows %v)", ids)
}

// newWindow waits for a visible window that is not in before and is big
// enough to be a menu, and returns it with its place on the screen.
func (sh *shooter) newWindow(ctx context.Context, before []string, what string) (string, image.Rectangle) {
	sh.t.Helper()
	var id string
	var at image.Rectangle
	err := waitFor(ctx, what, func(ctx context.Context) error {
		ids, err := sh.d.visibleWindows(ctx, "--name", ".*")
		if err != nil {
			return err
		}
		for _, w := range ids {
			if slices.Contains(before, w) {
				continue
			}
			r, err := sh.geometry(ctx, w)
			if err == nil && r.Dx() > 60 && r.Dy() > 60 && r.Min.X >= 0 && r.Min.Y >= 0 {
				id, at = w, r
				return nil
			}
		}
		return errors.New("no new window")
	})
	if err != nil {
		sh.t.Fatal(err)
	}
	return id, at
}

// shootTrayMenu right-clicks the app's icon in the panel, opens the recent
// calls with the keyboard and writes the panel's corner with both menus.
func (sh *shooter) shootTrayMenu(ctx context.Context, tray *TrayItem) {
	sh.t.Helper()
	sh.shootTrayMenuAt(ctx, tray, "Recent calls", "tray-menu.png")
}

// shootTrayMenuAt opens the tray menu with the submenu labelled sub (or
// sub with a count in brackets) and writes the picture to file.
func (sh *shooter) shootTrayMenuAt(ctx context.Context, tray *TrayItem, sub, file string) {
	sh.t.Helper()
	d := sh.d
	icon, err := sh.trayIcon(ctx)
	if err != nil {
		sh.t.Fatal(err)
	}
	m, err := tray.Menu(ctx)
	if err != nil {
		sh.t.Fatal(err)
	}
	// Keyboard steps to the recent calls: a menu's arrow keys skip
	// disabled entries and separators.
	steps := 0
	found := false
	for _, it := range m.Shown() {
		if !it.Enabled {
			continue
		}
		steps++
		if it.Label == sub || strings.HasPrefix(it.Label, sub+" (") { // "Recent calls (1 missed)"
			found = true
			break
		}
	}
	if !found {
		sh.t.Fatalf("no %q in the menu:\n%s", sub, m)
	}
	before, err := d.visibleWindows(ctx, "--name", ".*")
	if err != nil {
		sh.t.Fatal(err)
	}
	c := icon.Min.Add(icon.Size().Div(2))
	if _, err := d.Run(ctx, "", "xdotool", "mousemove", "--sync", strconv.Itoa(c.X), strconv.Itoa(c.Y), "click", "3"); err != nil {
		sh.t.Fatal(err)
	}
	menuID, menu := sh.newWindow(ctx, before, "the tray menu open")
	// The pointer out of the way: no hover highlight, no tooltip.
	if _, err := d.Run(ctx, "", "xdotool", "mousemove", "--sync", "10", "700"); err != nil {
		sh.t.Fatal(err)
	}
	keys := []string{"key", "--delay", "80"}
	for range steps {
		keys = append(keys, "Down")
	}
	keys = append(keys, "Right")
	if _, err := d.Run(ctx, "", "xdotool", keys...); err != nil {
		sh.t.Fatal(err)
	}
	_, subArea := sh.newWindow(ctx, append(before, menuID), "the "+sub+" submenu open")

	area := icon.Union(menu).Union(subArea)
	// The panel's corner around them, and a margin below.
	area = image.Rect(area.Min.X-12, 0, area.Max.X, area.Max.Y+12)
	screen, err := d.Run(ctx, "", "xdotool", "getdisplaygeometry")
	if err != nil {
		sh.t.Fatal(err)
	}
	var sw, shh int
	fmt.Sscan(screen, &sw, &shh)
	area = area.Intersect(image.Rect(0, 0, sw, shh))

	settle, cancel := context.WithTimeout(ctx, 4*time.Second)
	defer cancel()
	img, err := stableCapture(settle, func(ctx context.Context) (image.Image, error) {
		root, err := sh.captureRoot(ctx)
		if err != nil {
			return nil, err
		}
		return root.(interface {
			SubImage(image.Rectangle) image.Image
		}).SubImage(area), nil
	})
	if err != nil {
		sh.t.Fatal(err)
	}
	sh.write(file, img)
	_, _ = d.Run(ctx, "", "xdotool", "key", "Escape", "Escape")
}

// captureRoot grabs the whole screen.
func (sh *shooter) captureRoot(ctx context.Context) (image.Image, error) {
	cmd := sh.d.Command(ctx, "import", "-window", "root", "png:-")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("capture the screen: %v: %s", err, stderr.String())
	}
	return png.Decode(bytes.NewReader(out))
}
