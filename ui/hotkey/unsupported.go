//go:build !windows && !(linux && cgo)

package hotkey

func register(Combo, func()) (func() error, error) { return nil, ErrUnsupported }
