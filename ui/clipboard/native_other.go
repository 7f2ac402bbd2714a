//go:build !windows && !(linux && cgo)

package clipboard

import "context"

func read(ctx context.Context) (string, error) { return readTool(ctx) }

func watch(ctx context.Context, fn func(string)) error { return poll(ctx, fn, PollInterval) }
