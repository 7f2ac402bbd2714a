//go:build linux

package notify

// NewWithOptions is New with every knob.
func NewWithOptions(o Options) Notifier {
	o = o.withDefaults()
	fd, err := newFreedesktop(o, dialSessionBus)
	if err == nil {
		return fd
	}
	o.Logger.Info("desktop notifications without buttons: freedesktop notification server not available", "err", err)
	return newBeeep(o, nil)
}
