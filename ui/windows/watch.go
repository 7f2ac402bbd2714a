package windows

import (
	"context"
	"errors"
	"time"

	"github.com/gxptray/gxptray/ui/localapi"
)

// errStreamEnded: the tray process closed the event stream (it stopped or restarted).
var errStreamEnded = errors.New("the event stream of GXP Tray ended")

// watch delivers the tray's updates to apply, on the UI goroutine, until ctx
// ends. When the stream cannot be opened or ends, lost is called (UI
// goroutine) and the stream is opened again after a back-off (1 s doubling
// to 10 s), so a restarted tray process is picked up again.
func (e *Env) watch(ctx context.Context, apply func(localapi.Update), lost func(error)) {
	api, err := e.api()
	if err != nil {
		if lost != nil {
			e.do(func() { lost(err) })
		}
		return
	}
	go func() {
		const minWait, maxWait = time.Second, 10 * time.Second
		wait := minWait
		for {
			ch, why := api.Subscribe(ctx)
			for u := range ch {
				wait = minWait
				e.do(func() { apply(u) })
			}
			if ctx.Err() != nil {
				return
			}
			err := why()
			if err == nil {
				err = errStreamEnded
			}
			e.Logger.Debug("event stream", "err", err)
			if lost != nil {
				e.do(func() { lost(err) })
			}
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			wait = min(2*wait, maxWait)
		}
	}()
}
