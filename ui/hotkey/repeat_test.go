package hotkey

import "testing"

func TestRepeatFilter(t *testing.T) {
	var f repeatFilter
	steps := []struct {
		release bool
		t       uint32
		fires   bool
	}{
		{false, 100, true},
		{false, 600, false}, // held: auto-repeat without releases
		{false, 630, false},
		{true, 700, false},
		{false, 750, true},  // pressed again
		{false, 5000, true}, // release lost, much later: a real press
		{true, 5001, false},
		{false, 0xFFFFFFF0, true},
		{false, 20, false}, // the X clock wrapped during the repeat
	}
	for i, s := range steps {
		if s.release {
			f.release()
			continue
		}
		if got := f.press(s.t); got != s.fires {
			t.Errorf("step %d: press at %d fires=%v, want %v", i, s.t, got, s.fires)
		}
	}
}
