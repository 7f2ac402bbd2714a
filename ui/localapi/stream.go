package localapi

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Subscribe follows the tray process's event stream. The channel delivers
// updates in order, the first one carrying the current State, and is closed
// when ctx is done or the stream ends. After it is closed, the returned
// function tells why: nil when ctx ended it, an error wrapping ErrNotRunning
// when the tray process stopped (or went silent past its heartbeat), another
// error otherwise. Before that it returns nil. Read the channel until it
// closes.
func (c *Client) Subscribe(ctx context.Context) (<-chan Update, func() error) {
	out := make(chan Update, 16)
	var (
		mu     sync.Mutex
		result error
	)
	go func() {
		err := c.stream(ctx, out)
		mu.Lock()
		result = err
		mu.Unlock()
		close(out)
	}()
	return out, func() error {
		mu.Lock()
		defer mu.Unlock()
		return result
	}
}

func (c *Client) stream(ctx context.Context, out chan<- Update) error {
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	req, err := http.NewRequestWithContext(sctx, http.MethodGet, "http://gxptray/v1/events", nil)
	if err != nil {
		return err
	}
	var silent atomic.Bool
	watchdog := time.AfterFunc(c.streamIdle, func() {
		silent.Store(true)
		cancel()
	})
	defer watchdog.Stop()
	resp, err := c.hc.Do(req)
	if err != nil {
		return c.streamEnd(ctx, &silent, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		data, _ := io.ReadAll(io.LimitReader(resp.Body, maxReply))
		return replyError(resp.StatusCode, data)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 64<<10), maxStreamLine)
	for sc.Scan() {
		watchdog.Reset(c.streamIdle)
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == ':' { // heartbeat
			continue
		}
		var u Update
		if err := json.Unmarshal(line, &u); err != nil {
			// One bad line must not end the stream of a window.
			continue
		}
		// A slow reader is not a silent server.
		watchdog.Stop()
		select {
		case out <- u:
		case <-sctx.Done():
			return c.streamEnd(ctx, &silent, sctx.Err())
		}
		watchdog.Reset(c.streamIdle)
	}
	if err := sc.Err(); err != nil {
		return c.streamEnd(ctx, &silent, err)
	}
	if ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("%w: the event stream ended", ErrNotRunning)
}

// streamEnd says why the stream stopped.
func (c *Client) streamEnd(ctx context.Context, silent *atomic.Bool, err error) error {
	switch {
	case ctx.Err() != nil:
		return nil
	case silent.Load():
		return fmt.Errorf("%w: no sign of life from GXP Tray for %s", ErrNotRunning, c.streamIdle)
	case isMissing(err) || isRefused(err):
		return connectError(c.path, err)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%w: the event stream broke off", ErrNotRunning)
	}
	return fmt.Errorf("event stream: %w", err)
}
