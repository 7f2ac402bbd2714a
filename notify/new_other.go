//go:build !linux && !windows

package notify

// NewWithOptions is New with every knob.
func NewWithOptions(o Options) Notifier {
	return newBeeep(o.withDefaults(), nil)
}
