package service

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"

	"github.com/gxptray/gxptray/ui/settings"
)

// screenPopURL fills {number} and {name} into the template, escaped, and
// accepts only http and https results: the template comes from a file and
// the values from the caller ID, neither may start a local program.
func screenPopURL(template, number, name string) (string, error) {
	if strings.TrimSpace(template) == "" {
		return "", errors.New("no screen-pop URL set")
	}
	return settings.ScreenPopLink(template, number, name)
}

func (s *Service) screenPop(template, number, name string) {
	link, err := screenPopURL(template, number, name)
	if err != nil {
		s.log.Warn("screen pop skipped", "err", err)
		return
	}
	open := s.cfg.OpenURL
	if open == nil {
		open = openURL
	}
	s.goBG(func() {
		if err := open(link); err != nil {
			s.log.Warn("screen pop failed", "err", err)
		}
	})
}

// openURL hands a web address to the desktop.
func openURL(link string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", link)
	case "darwin":
		cmd = exec.Command("open", link)
	default:
		cmd = exec.Command("xdg-open", link)
	}
	// The browser it starts has no business with the passcode of a tray
	// started with GXPTRAY_PASSCODE.
	cmd.Env = settings.WithoutSecrets(os.Environ())
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() //nolint:errcheck // reap the opener; its exit status says nothing useful
	return nil
}
