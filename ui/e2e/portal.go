//go:build e2e

package e2e

import (
	"fmt"
	"sync"

	"github.com/godbus/dbus/v5"
)

// The desktop portal's settings, as far as the colour scheme goes: what
// Fyne asks to follow the desktop's light or dark preference.
const (
	portalName      = "org.freedesktop.portal.Desktop"
	portalPath      = dbus.ObjectPath("/org/freedesktop/portal/desktop")
	portalSettings  = "org.freedesktop.portal.Settings"
	appearanceSpace = "org.freedesktop.appearance"
)

// Colour schemes of org.freedesktop.appearance color-scheme.
const (
	SchemeNoPreference uint32 = 0
	SchemeDark         uint32 = 1
	SchemeLight        uint32 = 2
)

// Portal is a minimal org.freedesktop.portal.Settings on the session bus
// that answers the colour scheme and announces its changes, as the real
// portal does when the person switches the desktop between light and dark.
type Portal struct {
	conn   *dbus.Conn
	mu     sync.Mutex
	scheme uint32
}

type portalObject struct{ p *Portal }

// ReadOne answers org.freedesktop.appearance color-scheme; nothing else is set.
func (o portalObject) ReadOne(namespace, key string) (dbus.Variant, *dbus.Error) {
	if namespace != appearanceSpace || key != "color-scheme" {
		return dbus.Variant{}, dbus.NewError("org.freedesktop.portal.Error.NotFound", []any{"not set"})
	}
	o.p.mu.Lock()
	defer o.p.mu.Unlock()
	return dbus.MakeVariant(o.p.scheme), nil
}

// Read is the older method: the value wrapped once more.
func (o portalObject) Read(namespace, key string) (dbus.Variant, *dbus.Error) {
	v, err := o.ReadOne(namespace, key)
	if err != nil {
		return v, err
	}
	return dbus.MakeVariant(v), nil
}

// StartPortal serves the portal on the desktop's bus with scheme.
func (d *Desktop) StartPortal(scheme uint32) (*Portal, error) {
	conn, err := dbus.Connect(d.BusAddress)
	if err != nil {
		return nil, err
	}
	p := &Portal{conn: conn, scheme: scheme}
	if err := conn.Export(portalObject{p}, portalPath, portalSettings); err != nil {
		conn.Close()
		return nil, err
	}
	reply, err := conn.RequestName(portalName, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		conn.Close()
		return nil, fmt.Errorf("portal name not taken: %v (reply %v)", err, reply)
	}
	d.t.Cleanup(func() { conn.Close() })
	return p, nil
}

// SetScheme changes the scheme and emits SettingChanged.
func (p *Portal) SetScheme(scheme uint32) error {
	p.mu.Lock()
	p.scheme = scheme
	p.mu.Unlock()
	return p.conn.Emit(portalPath, portalSettings+".SettingChanged", appearanceSpace, "color-scheme", dbus.MakeVariant(scheme))
}
