package problem

import (
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
)

func TestUnusablePhone(t *testing.T) {
	en := i18n.New(i18n.English)
	for _, c := range []struct {
		name    string
		p       localapi.PhoneState
		keyring string
		want    string
	}{
		{"no address", localapi.PhoneState{}, "", "Open Settings to add your phone"},
		{"the tray's words", localapi.PhoneState{Phone: "p", Conn: cti.ConnOffline, ConnErr: "The phone does not answer."}, "", "The phone does not answer."},
		{"no password, no keyring", localapi.PhoneState{Phone: "p", NeedPasscode: true, ConnErr: "Enter the password"}, "The system keyring is not available", "The system keyring is not available"},
		{"no password, a keyring", localapi.PhoneState{Phone: "p", NeedPasscode: true, ConnErr: "Enter the password"}, "", "Enter the password"},
		{"nothing wrong", localapi.PhoneState{Phone: "p", Conn: cti.ConnOnline}, "", ""},
	} {
		if got := Unusable(en, c.p, c.keyring); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestConnectionWords(t *testing.T) {
	ru := i18n.New(i18n.Russian)
	if got := Connection(nil, cti.ConnOffline, "timeout"); got != "The phone does not answer: timeout" {
		t.Errorf("offline: %q", got)
	}
	if got := Connection(nil, cti.ConnOnline, "stale"); got != "The phone is connected" {
		t.Errorf("online with a stale reason: %q", got)
	}
	if got := Connection(ru, cti.ConnUnauthorized, ""); got != "Телефон отклонил пароль" {
		t.Errorf("Russian: %q", got)
	}
}

func TestOfflineWords(t *testing.T) {
	en := i18n.New(i18n.English)
	for _, c := range []struct {
		snap cti.MonitorState
		want string
	}{
		{cti.MonitorState{ErrClass: cti.ErrUnreachable}, en.T("service.conn_unreachable")},
		{cti.MonitorState{ErrClass: cti.ErrBadReply}, en.T("service.conn_bad_reply")},
		{cti.MonitorState{ErrClass: cti.ErrCertChanged}, en.T("service.conn_cert_changed")},
		{cti.MonitorState{ErrClass: cti.ErrPhone, LastErr: "boom"}, en.T("service.conn_offline", "boom")},
	} {
		if got := Offline(nil, c.snap); got != c.want || got == "" {
			t.Errorf("%v: %q, want %q", c.snap.ErrClass, got, c.want)
		}
	}
}
