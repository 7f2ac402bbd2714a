package tray

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gxptray/gxptray/ui/hotkey"
)

// hotkeySvc records what the hotkey tells the service.
type hotkeySvc struct {
	mu      sync.Mutex
	status  []string
	dialed  []string
	dialErr error
}

func (s *hotkeySvc) SetHotkeyStatus(combo string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	msg := "ok"
	if err != nil {
		msg = err.Error()
	}
	s.status = append(s.status, combo+": "+msg)
}

func (s *hotkeySvc) DialClipboard(_ context.Context, text string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dialed = append(s.dialed, text)
	return s.dialErr
}

func (s *hotkeySvc) statuses() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.status)
}

func (s *hotkeySvc) dials() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.dialed)
}

// fakeGrab is a global hotkey registry: it remembers the grabbed combos.
type fakeGrab struct {
	mu      sync.Mutex
	grabbed map[string]func()
	taken   map[string]bool
}

func (g *fakeGrab) register(c hotkey.Combo, fn func()) (func() error, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.taken[c.String()] {
		return nil, &hotkey.RegisterError{Combo: c, Err: hotkey.ErrTaken}
	}
	g.grabbed[c.String()] = fn
	return func() error {
		g.mu.Lock()
		defer g.mu.Unlock()
		delete(g.grabbed, c.String())
		return nil
	}, nil
}

func (g *fakeGrab) keys() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var k []string
	for c := range g.grabbed {
		k = append(k, c)
	}
	slices.Sort(k)
	return k
}

func TestHotkeyFollowsTheSettings(t *testing.T) {
	svc := &hotkeySvc{}
	g := &fakeGrab{grabbed: map[string]func(){}, taken: map[string]bool{"Ctrl+Alt+F9": true}}
	combo := "ctrl+shift+d"
	h := &hotkeys{svc: svc, log: quietLog(), register: g.register, configured: func() string { return combo }}
	h.sync()
	h.sync() // unchanged: no new registration
	if k := g.keys(); !slices.Equal(k, []string{"Ctrl+Shift+D"}) {
		t.Errorf("grabbed %v", k)
	}
	combo = "Ctrl+Alt+F9" // held by another program
	h.sync()
	if k := g.keys(); len(k) != 0 {
		t.Errorf("grabbed %v after the change", k)
	}
	combo = "Shift+A" // parses, but would eat typing
	h.sync()
	combo = ""
	h.sync()
	want := []string{
		"Ctrl+Shift+D: ok",
		"Ctrl+Alt+F9: " + hotkey.ErrTaken.Error(),
	}
	got := svc.statuses()
	if len(got) != 4 || !slices.Equal(got[:2], want) || !strings.HasPrefix(got[2], "Shift+A: invalid hotkey") || got[3] != ": ok" {
		t.Errorf("statuses %q", got)
	}
	h.close()
}

func TestHotkeyRetriesAFailedCombination(t *testing.T) {
	svc := &hotkeySvc{}
	g := &fakeGrab{grabbed: map[string]func(){}, taken: map[string]bool{"Ctrl+Shift+D": true}}
	h := &hotkeys{svc: svc, log: quietLog(), register: g.register, configured: func() string { return "Ctrl+Shift+D" }}
	h.sync()
	g.mu.Lock()
	g.taken = nil
	g.mu.Unlock()
	h.sync() // e.g. after the user saved Settings again
	if k := g.keys(); !slices.Equal(k, []string{"Ctrl+Shift+D"}) {
		t.Errorf("grabbed %v", k)
	}
	if s := svc.statuses(); len(s) != 2 || s[1] != "Ctrl+Shift+D: ok" {
		t.Errorf("statuses %q", s)
	}
	h.close()
	if k := g.keys(); len(k) != 0 {
		t.Errorf("still grabbed after close: %v", k)
	}
	h.sync()
	if k := g.keys(); len(k) != 0 {
		t.Errorf("grabbed again after close: %v", k)
	}
}

func TestHotkeyPressDialsTheClipboard(t *testing.T) {
	svc := &hotkeySvc{}
	g := &fakeGrab{grabbed: map[string]func(){}}
	clip := "+7 (495) 123-45-67"
	var readErr error
	var failed []error
	var mu sync.Mutex
	h := &hotkeys{svc: svc, log: quietLog(), register: g.register, configured: func() string { return "Ctrl+Shift+D" },
		read: func(context.Context) (string, error) { return clip, readErr },
		failed: func(err error) {
			mu.Lock()
			failed = append(failed, err)
			mu.Unlock()
		}}
	h.sync()
	press := g.grabbed["Ctrl+Shift+D"]
	press()
	h.presses.Wait()
	if d := svc.dials(); !slices.Equal(d, []string{clip}) {
		t.Errorf("dialed %q", d)
	}
	readErr = errors.New("no clipboard available")
	press()
	h.presses.Wait()
	mu.Lock()
	if len(failed) != 1 || failed[0] != readErr {
		t.Errorf("clipboard failures reported: %v", failed)
	}
	mu.Unlock()
	if d := svc.dials(); len(d) != 1 {
		t.Errorf("dialed without a clipboard: %q", d)
	}
	h.close()
}

func TestHotkeyPressWhileDialingIsDropped(t *testing.T) {
	svc := &hotkeySvc{}
	g := &fakeGrab{grabbed: map[string]func(){}}
	release := make(chan struct{})
	reading := make(chan struct{}, 1)
	h := &hotkeys{svc: svc, log: quietLog(), register: g.register, configured: func() string { return "Ctrl+Shift+D" },
		read: func(context.Context) (string, error) {
			reading <- struct{}{}
			<-release
			return "203", nil
		}, failed: func(error) {}}
	h.sync()
	press := g.grabbed["Ctrl+Shift+D"]
	press()
	<-reading
	press() // while the first is still reading: dropped
	close(release)
	h.presses.Wait()
	if d := svc.dials(); !slices.Equal(d, []string{"203"}) {
		t.Errorf("dialed %q, want one dial", d)
	}
	h.close()
}
