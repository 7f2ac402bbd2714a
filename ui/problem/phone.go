package problem

import (
	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/i18n"
	"github.com/gxptray/gxptray/ui/localapi"
)

// Unusable says why the phone p cannot be used, for the tray menu and the
// windows: the tray process's words for its connection (PhoneState.ConnErr,
// from this package too), the keyring's when that is why its password is
// missing, or where to set a phone up when it has no address. keyringErr is
// State.KeyringErr. Whether p is usable at all is the caller's question (its
// status); this only picks the words.
func Unusable(cat *i18n.Catalog, p localapi.PhoneState, keyringErr string) string {
	if cat == nil {
		cat = i18n.New(i18n.English)
	}
	switch {
	case p.NeedPasscode && keyringErr != "":
		return keyringErr
	case p.ConnErr != "":
		return p.ConnErr
	case p.Phone == "":
		return cat.T("tray.setup_hint")
	}
	return ""
}

// Connection says in a sentence how the tray process is connected to a
// phone (conn), with why it is not where it says (detail:
// PhoneState.ConnErr), for the windows' status lines: "The phone does not
// answer: …".
func Connection(cat *i18n.Catalog, conn cti.ConnState, detail string) string {
	if cat == nil {
		cat = i18n.New(i18n.English)
	}
	var s string
	switch conn {
	case cti.ConnOnline:
		return cat.T("window.conn.online")
	case cti.ConnOffline:
		s = cat.T("window.conn.offline")
	case cti.ConnUnauthorized:
		s = cat.T("window.conn.unauthorized")
	default:
		s = cat.T("window.conn.unknown")
	}
	if detail != "" {
		s += ": " + detail
	}
	return s
}

// Offline says in plain words why the monitor of a phone lost it (snap:
// its state), for PhoneState.ConnErr; the technical detail stays in the
// log and in `gxptray status`.
func Offline(cat *i18n.Catalog, snap cti.MonitorState) string {
	if cat == nil {
		cat = i18n.New(i18n.English)
	}
	switch snap.ErrClass {
	case cti.ErrUnreachable:
		return cat.T("service.conn_unreachable")
	case cti.ErrBadReply:
		return cat.T("service.conn_bad_reply")
	case cti.ErrCertChanged:
		return cat.T("service.conn_cert_changed")
	}
	return cat.T("service.conn_offline", snap.LastErr)
}
