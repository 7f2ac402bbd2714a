package notify

import (
	"errors"
	"image/png"
	"os"
	"runtime"

	ico "github.com/sergeymakinen/go-ico"
	"github.com/tadvi/systray"
	"golang.org/x/sys/windows"
)

// plainNotify shows balloons of one notification-area icon (see balloons)
// instead of beeep.Notify, whose fallback adds an icon per notification.
func plainNotify(o Options) (func(title, message string, icon any) error, func() error) {
	b := newBalloons(func() (balloonIcon, error) { return openTrayBalloon(o.AppName, o.Icon) })
	return b.notify, b.close
}

var postThreadMessage = windows.NewLazySystemDLL("user32.dll").NewProc("PostThreadMessageW")

const wmQuit = 0x0012

// trayBalloon is a notification-area icon of tadvi/systray (the one beeep
// uses) whose window lives on a locked thread that pumps its messages, as
// Windows wants of a window's thread, until Remove.
type trayBalloon struct {
	tray   *systray.Systray
	thread uint32
	done   chan struct{}
	ico    string // the icon converted from PNG, deleted with the icon
}

func openTrayBalloon(appName, pngIcon string) (balloonIcon, error) {
	t := &trayBalloon{done: make(chan struct{})}
	ready := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // the window belongs to this thread: never unlocked
		defer close(t.done)
		tray, err := systray.New()
		if err != nil {
			ready <- err
			return
		}
		t.tray, t.thread = tray, windows.GetCurrentThreadId()
		ready <- nil
		_ = tray.Run()
	}()
	if err := <-ready; err != nil {
		return nil, err
	}
	t.ico = pngToIco(pngIcon)
	// ShowCustom falls back to the system's application icon when the file
	// cannot be read.
	if err := t.tray.ShowCustom(t.ico, appName); err != nil {
		return nil, errors.Join(err, t.Remove())
	}
	return t, nil
}

func (t *trayBalloon) Balloon(title, body string) error {
	if err := t.tray.SetVisible(true); err != nil {
		return err
	}
	return t.tray.ShowMessage(title, body, true)
}

func (t *trayBalloon) Hide() error { return t.tray.SetVisible(false) }

func (t *trayBalloon) Remove() error {
	err := t.tray.Stop()
	postThreadMessage.Call(uintptr(t.thread), wmQuit, 0, 0)
	<-t.done
	if t.ico != "" {
		os.Remove(t.ico)
	}
	return err
}

// pngToIco writes the PNG at path as an ICO file for the icon and returns
// its name, or "" when there is none to convert.
func pngToIco(path string) string {
	if path == "" {
		return ""
	}
	in, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer in.Close()
	img, err := png.Decode(in)
	if err != nil {
		return ""
	}
	out, err := os.CreateTemp("", "gxptray*.ico")
	if err != nil {
		return ""
	}
	if err := ico.Encode(out, img); err != nil {
		out.Close()
		os.Remove(out.Name())
		return ""
	}
	if err := out.Close(); err != nil {
		os.Remove(out.Name())
		return ""
	}
	return out.Name()
}
