//go:build linux

package notify

import "time"

// NewWithOptions is New with every knob.
func NewWithOptions(o Options) Notifier {
	return start(o.withDefaults(), dialSessionBus, nil, time.Now)
}
