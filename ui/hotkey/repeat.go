package hotkey

// repeatWindow: a press within this many milliseconds of the previous one,
// with no release in between, is key repeat. The bound also unsticks the
// state when a release was lost (another program grabbed the keyboard
// while the key was down).
const repeatWindow = 1000

// repeatFilter turns the key's press/release stream into "pressed once"
// events. Times are the X server's millisecond clock, which wraps.
type repeatFilter struct {
	down bool
	last uint32
}

// press reports whether a press at time t is a new press (not a repeat).
func (f *repeatFilter) press(t uint32) bool {
	repeat := f.down && t-f.last < repeatWindow
	f.down, f.last = true, t
	return !repeat
}

func (f *repeatFilter) release() { f.down = false }
