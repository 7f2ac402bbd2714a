//go:build !windows

package notify

// plainNotify is beeep.Notify, which keeps nothing between notifications.
func plainNotify(o Options) (func(title, message string, icon any) error, func() error) {
	return beeepNotify(o), nil
}
