package store

import (
	"context"
	"database/sql"
	"sync/atomic"
	"time"

	"github.com/byregion/byregion/internal/domain"
)

// DefaultWriteWait is how long a write waits for its turn before it is refused as busy.
const DefaultWriteWait = 20 * time.Second

// writeQueue lets one write at a time into the database, first come first served. SQLite has one writer
// anyway; waiting here rather than in its busy handler keeps the connections free for reads (a writer
// waiting on the database lock holds a connection the whole time) and gives every write a deadline of its
// own: one that cannot begin within wait is refused with EBUSY, which the caller answers with "try again
// later", never with a failure.
type writeQueue struct {
	turn     chan struct{}
	wait     time.Duration
	waiting  atomic.Int64
	entered  atomic.Int64
	refused  atomic.Int64
	observed func(time.Duration) // told how long each write waited, for metrics; may be nil
}

func newWriteQueue(wait time.Duration) *writeQueue {
	return &writeQueue{turn: make(chan struct{}, 1), wait: wait}
}

// enter waits for the writer's turn, and returns the function that ends it.
func (q *writeQueue) enter(ctx context.Context) (func(), error) {
	start := time.Now()
	q.waiting.Add(1)
	defer q.waiting.Add(-1)
	timer := time.NewTimer(q.wait)
	defer timer.Stop()
	select {
	case q.turn <- struct{}{}:
		q.entered.Add(1)
		if q.observed != nil {
			q.observed(time.Since(start))
		}
		return func() { <-q.turn }, nil
	case <-timer.C:
		q.refused.Add(1)
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// errBusy is a write that could not begin in time: the database is busy with others.
var errBusy = domain.Errorf(domain.EBUSY, "The database is busy with other writes; try again in a moment, as Retry-After says.")

// WriteQueueStats says how the write queue is doing: writes waiting now, and since the start, writes that
// got their turn and writes refused as busy.
type WriteQueueStats struct{ Waiting, Entered, Refused int64 }

// WriteQueue reports the write queue's state.
func (s *Store) WriteQueue() WriteQueueStats {
	return WriteQueueStats{Waiting: s.queue.waiting.Load(), Entered: s.queue.entered.Load(), Refused: s.queue.refused.Load()}
}

// SetWriteWait sets how long a write waits for its turn before it is refused as busy.
func (s *Store) SetWriteWait(d time.Duration) { s.queue.wait = d }

// ObserveWriteWaits has each write's wait reported to observe, for metrics.
func (s *Store) ObserveWriteWaits(observe func(time.Duration)) { s.queue.observed = observe }

// PoolStats reports the connection pool's state.
func (s *Store) PoolStats() sql.DBStats { return s.sql.Stats() }
