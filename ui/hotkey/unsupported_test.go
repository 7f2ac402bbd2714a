//go:build !windows && !(linux && cgo)

package hotkey

import (
	"errors"
	"testing"
)

func TestRegisterUnsupported(t *testing.T) {
	c, _ := Parse("Ctrl+Shift+D")
	if _, err := Register(c, func() {}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Register = %v, want ErrUnsupported", err)
	}
}
