//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"time"
)

// pollEvery is how often waitFor looks again at a condition that has no
// change notification (D-Bus properties, files, X windows).
const pollEvery = 50 * time.Millisecond

// waitFor calls check until it returns nil or ctx ends; then the last
// check error says what was still missing.
func waitFor(ctx context.Context, what string, check func(ctx context.Context) error) error {
	var last error
	for {
		if last = check(ctx); last == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: gave up after waiting (%v): %w", what, context.Cause(ctx), last)
		case <-time.After(pollEvery):
		}
	}
}

// Within is a context that ends after d, for one wait of a test.
func Within(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(parent, d)
}
