//go:build linux && cgo

package hotkey_test

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gxptray/gxptray/ui/hotkey"
	"github.com/gxptray/gxptray/ui/hotkey/xvfbtest"
)

func TestRegisterWithoutX11(t *testing.T) {
	ctrlShiftD := hotkey.Combo{Mods: hotkey.ModCtrl | hotkey.ModShift, Key: "D"}
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	if _, err := hotkey.Register(ctrlShiftD, func() {}); !errors.Is(err, hotkey.ErrNoX11) || !strings.Contains(err.Error(), "DISPLAY is not set") {
		t.Errorf("no display: %v", err)
	}
	t.Setenv("WAYLAND_DISPLAY", "wayland-0")
	if _, err := hotkey.Register(ctrlShiftD, func() {}); !errors.Is(err, hotkey.ErrNoX11) || !strings.Contains(err.Error(), "Wayland") {
		t.Errorf("Wayland-only session: %v", err)
	}
	t.Setenv("DISPLAY", ":4095")
	if _, err := hotkey.Register(ctrlShiftD, func() {}); !errors.Is(err, hotkey.ErrNoX11) || !strings.Contains(err.Error(), `":4095"`) {
		t.Errorf("display that does not exist: %v", err)
	}
}

// presses counts fn calls and signals each one.
type presses struct {
	n  atomic.Int32
	ch chan struct{}
}

func newPresses() *presses { return &presses{ch: make(chan struct{}, 16)} }

func (p *presses) fn() { p.n.Add(1); p.ch <- struct{}{} }

func (p *presses) wait(t *testing.T, what string) {
	t.Helper()
	select {
	case <-p.ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("hotkey not delivered: %s", what)
	}
}

func mustRegister(t *testing.T, s string, fn func()) *hotkey.Hotkey {
	t.Helper()
	c, err := hotkey.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	h, err := hotkey.Register(c, fn)
	if err != nil {
		t.Fatalf("Register(%s): %v", c, err)
	}
	t.Cleanup(func() { h.Unregister() })
	return h
}

func TestHotkeyUnderXvfb(t *testing.T) {
	xvfbtest.Need(t, "xdotool")
	xvfbtest.Start(t)

	p := newPresses()
	h := mustRegister(t, "Ctrl+Shift+D", p.fn)
	xvfbtest.Run(t, "", "xdotool", "key", "ctrl+shift+d")
	p.wait(t, "Ctrl+Shift+D")

	// CapsLock on: still the same hotkey for the user.
	xvfbtest.Run(t, "", "xdotool", "key", "Caps_Lock", "ctrl+shift+d", "Caps_Lock")
	p.wait(t, "Ctrl+Shift+D with CapsLock on")

	// Another X client (every Register is its own connection) cannot take it.
	_, err := hotkey.Register(h.Combo(), func() {})
	if !errors.Is(err, hotkey.ErrTaken) || !strings.Contains(err.Error(), "Ctrl+Shift+D") {
		t.Fatalf("second Register = %v, want ErrTaken naming the combination", err)
	}

	if err := h.Unregister(); err != nil {
		t.Fatal(err)
	}
	if err := h.Unregister(); err != nil {
		t.Errorf("second Unregister = %v", err)
	}
	before := p.n.Load()
	xvfbtest.Run(t, "", "xdotool", "key", "ctrl+shift+d")

	// Released: it can be registered again, and only the new callback runs
	// (the old one cannot run any more once Unregister has returned).
	again := newPresses()
	mustRegister(t, "ctrl+shift+d", again.fn)
	xvfbtest.Run(t, "", "xdotool", "key", "ctrl+shift+d")
	again.wait(t, "re-registered Ctrl+Shift+D")
	if n := p.n.Load(); n != before {
		t.Errorf("unregistered callback ran %d more times", n-before)
	}

	other := newPresses()
	mustRegister(t, "Super+Alt+F9", other.fn)
	xvfbtest.Run(t, "", "xdotool", "key", "super+alt+F9")
	other.wait(t, "Super+Alt+F9")
}

func TestXServerGoingAwayIsSurvived(t *testing.T) {
	srv := xvfbtest.Start(t)
	c, _ := hotkey.Parse("Ctrl+Alt+F12")
	h, err := hotkey.Register(c, func() {})
	if err != nil {
		t.Fatal(err)
	}
	srv.Stop()
	done := make(chan error, 1)
	go func() { done <- h.Unregister() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Unregister hangs after the X server went away")
	}
	// Reaching this line means Xlib did not exit the process.
}
