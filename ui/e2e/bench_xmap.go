//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"
)

// MapEvent is one top-level window being mapped (shown) on the display.
type MapEvent struct {
	Window string    // X window id, "0x..."
	At     time.Time // when the MapNotify event reached the watcher
}

// MapWatcher timestamps the MapNotify events of the root window's children
// as the X server sends them (xev -root -event substructure), so the time
// a window appears is known to about a millisecond without polling the
// window list. Without a window manager every application window is a
// child of the root window.
type MapWatcher struct {
	d *Desktop

	mu      sync.Mutex
	events  []MapEvent
	changed chan struct{}
	ended   bool
}

// errWatcherEnded: xev is gone, no map will be reported any more.
var errWatcherEnded = errors.New("the window map watcher (xev) ended")

// windowField is the mapped window of xev's MapNotify line
// "    event 0x1e0, window 0x400001, override NO".
var windowField = regexp.MustCompile(`\bwindow (0x[0-9a-fA-F]+)`)

// WatchMaps starts the watcher and returns once it sees maps: a probe
// window is shown and waited for, so no later map can be missed.
func (d *Desktop) WatchMaps(ctx context.Context) (*MapWatcher, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd := d.Command(context.Background(), "xev", "-root", "-event", "substructure")
	cmd.Stdout = w
	_, err = d.StartCmd("xev-root", cmd)
	w.Close()
	if err != nil {
		r.Close()
		return nil, err
	}
	mw := &MapWatcher{d: d, changed: make(chan struct{})}
	go mw.read(r)

	// xev has no "ready" signal: map windows of our own until the watcher
	// reports one (xev may connect after the first probe is shown).
	for try := 1; ; try++ {
		if err := mw.probe(ctx, try); err == nil {
			return mw, nil
		} else if ctx.Err() != nil || errors.Is(err, errWatcherEnded) {
			return nil, fmt.Errorf("window map watcher: %w", err)
		}
	}
}

// probe shows a small window and waits a moment for its MapNotify.
func (mw *MapWatcher) probe(ctx context.Context, try int) error {
	title := fmt.Sprintf("gxptray-bench-probe-%d", try)
	p, err := mw.d.Start("xev-probe", "xev", "-name", title, "-geometry", "16x16+0+0")
	if err != nil {
		return err
	}
	defer p.Stop()
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_, err = mw.WaitTitled(ctx, title, time.Time{})
	return err
}

func (mw *MapWatcher) read(r *os.File) {
	defer r.Close()
	sc := bufio.NewScanner(r)
	var mapAt time.Time // set on a "MapNotify event" line, the window is on the next
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "MapNotify event") {
			mapAt = time.Now()
			continue
		}
		if mapAt.IsZero() {
			continue
		}
		if m := windowField.FindAllStringSubmatch(line, -1); len(m) > 0 {
			// "event 0x.., window 0x..": the last one is the mapped window.
			mw.add(MapEvent{Window: m[len(m)-1][1], At: mapAt})
		}
		mapAt = time.Time{}
	}
	mw.mu.Lock()
	mw.ended = true
	mw.signalLocked()
	mw.mu.Unlock()
}

func (mw *MapWatcher) add(e MapEvent) {
	mw.mu.Lock()
	mw.events = append(mw.events, e)
	mw.signalLocked()
	mw.mu.Unlock()
}

func (mw *MapWatcher) signalLocked() {
	close(mw.changed)
	mw.changed = make(chan struct{})
}

// WaitTitled waits for the first window mapped at or after since whose
// title is title, and returns when it was mapped. The title is read after
// the event (an application names its window before showing it).
func (mw *MapWatcher) WaitTitled(ctx context.Context, title string, since time.Time) (MapEvent, error) {
	checked := 0
	for {
		mw.mu.Lock()
		events := mw.events
		changed, ended := mw.changed, mw.ended
		mw.mu.Unlock()
		for ; checked < len(events); checked++ {
			e := events[checked]
			if e.At.Before(since) {
				continue
			}
			name, err := mw.d.Run(ctx, "", "xdotool", "getwindowname", e.Window)
			if err == nil && strings.TrimRight(name, "\n") == title {
				return e, nil
			}
		}
		if ended {
			return MapEvent{}, fmt.Errorf("window %q: %w", title, errWatcherEnded)
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return MapEvent{}, fmt.Errorf("window %q not mapped (%d windows mapped since): %w", title, len(events), context.Cause(ctx))
		}
	}
}
