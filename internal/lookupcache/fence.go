package lookupcache

import (
	"context"
	"log/slog"
	"time"
)

// SetFence lets the cache keep answers read on a streaming replica (LookupRead with
// replica true). The notifications come from the primary at commit, before the replica
// has replayed the change, so a read on the replica that starts after a drop may still
// see the old row; keeping it would serve that old row until the TTL. fence must return
// once the replica holds every transaction committed before the call (see
// readreplica.Router.Fence). After each drop the cache calls it and, once it returns,
// notes that the replica holds every change notified up to that drop; a read on the
// replica is kept only when it began after such a note covering every drop so far.
// Call it before Listen.
func (c *Cache) SetFence(fence func(context.Context) error) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fence = fence
}

// bumpLocked starts a new generation (a drop) and asks the fence loop to cover it.
// Caller holds mu.
func (c *Cache) bumpLocked() {
	c.gen++
	select {
	case c.kick <- struct{}{}:
	default: // a fence is already due: it will read the newest generation
	}
}

// fenceLoop runs the fence after drops until ctx ends, one at a time: each pass covers
// every generation reached before it began.
func (c *Cache) fenceLoop(ctx context.Context, log *slog.Logger) {
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.kick:
		}
		c.mu.Lock()
		gen := c.gen
		c.mu.Unlock()
		if err := c.fence(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			if !failing {
				log.Warn("lookup cache: replica fence failed, answers read on the replica not kept", "err", err)
			}
			failing = true
			select { // try again shortly
			case <-ctx.Done():
				return
			case <-time.After(100 * time.Millisecond):
			}
			select {
			case c.kick <- struct{}{}:
			default:
			}
			continue
		}
		failing = false
		c.mu.Lock()
		c.safeGen = max(c.safeGen, gen)
		c.mu.Unlock()
	}
}
