package service

import (
	"context"

	"github.com/gxptray/gxptray/notify"
)

// Keys of the rejected-password notification's actions: "default" is what
// freedesktop servers send when the body is clicked.
const (
	authActionDefault  = "default"
	authActionSettings = "settings"
)

// onUnauthorized tells the user, once per phone, that it refused the saved
// password: the monitor has stopped (it never tries again by itself), so
// without this the person sees only a red icon. Clicking the notification
// opens Settings. A later rejection (after the password was changed)
// replaces the notification instead of adding a second one.
func (s *Service) onUnauthorized(u *phoneUnit) {
	n := s.cfg.Notifier
	if n == nil {
		return
	}
	u.mu.Lock()
	old := u.authNotif
	u.mu.Unlock()
	note := notify.Notification{
		Summary:  s.phoneLabel(u, s.t(msgAuthSummary)),
		Body:     s.t(msgAuthBody),
		Urgency:  notify.UrgencyNormal,
		Timeout:  -1, // until read: nothing works until the password is fixed
		Replaces: old,
		Category: "network.error",
	}
	if n.SupportsActions() {
		note.Actions = []notify.Action{{Key: authActionDefault, Label: s.t(msgOpenSettings)}, {Key: authActionSettings, Label: s.t(msgOpenSettings)}}
	}
	id, err := n.Show(note, func(string) {
		s.goBG(func() {
			if err := s.Show(context.Background(), "settings"); err != nil {
				s.log.Warn("settings window not opened", "err", err)
			}
		})
	})
	if err != nil {
		s.log.Warn("rejected password notification not shown", "err", err)
		return
	}
	u.mu.Lock()
	u.authNotif = id
	u.mu.Unlock()
}

// closeAuthNotification removes the rejected-password notification once
// the phone accepts the password again.
func (s *Service) closeAuthNotification(u *phoneUnit) {
	u.mu.Lock()
	id := u.authNotif
	u.authNotif = 0
	u.mu.Unlock()
	s.closeNotification(id)
}
