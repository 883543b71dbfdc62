package store

import (
	"context"
	"database/sql"
	"slices"
	"sync"
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
// later", never with a failure. Waiters are served in the order they came, each handed the turn by the
// write before it.
type writeQueue struct {
	mu       sync.Mutex
	busy     bool
	waiters  []chan struct{}
	wait     time.Duration
	entered  atomic.Int64
	refused  atomic.Int64
	observed func(time.Duration) // told how long each write waited, for metrics; may be nil
}

func newWriteQueue(wait time.Duration) *writeQueue { return &writeQueue{wait: wait} }

// enter waits for the writer's turn, and returns the function that ends it.
func (q *writeQueue) enter(ctx context.Context) (func(), error) {
	start := time.Now()
	q.mu.Lock()
	if !q.busy {
		q.busy = true
		q.mu.Unlock()
		return q.turn(start), nil
	}
	mine := make(chan struct{})
	q.waiters = append(q.waiters, mine)
	q.mu.Unlock()
	timer := time.NewTimer(q.wait)
	defer timer.Stop()
	var err error
	select {
	case <-mine:
		return q.turn(start), nil
	case <-timer.C:
		err = errBusy
	case <-ctx.Done():
		err = ctx.Err()
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if i := slices.Index(q.waiters, mine); i >= 0 {
		q.waiters = slices.Delete(q.waiters, i, i+1)
		if err == errBusy {
			q.refused.Add(1)
		}
		return nil, err
	}
	return q.turn(start), nil // the turn came as the wait ended: it is this write's
}

// turn is a write's turn, begun; the function it returns hands it to the next in line.
func (q *writeQueue) turn(start time.Time) func() {
	q.entered.Add(1)
	if q.observed != nil {
		q.observed(time.Since(start))
	}
	return func() {
		q.mu.Lock()
		defer q.mu.Unlock()
		if len(q.waiters) == 0 {
			q.busy = false
			return
		}
		next := q.waiters[0]
		q.waiters = q.waiters[1:]
		close(next)
	}
}

// errBusy is a write that could not begin in time: the database is busy with others.
var errBusy = domain.Errorf(domain.EBUSY, "The database is busy with other writes; try again in a moment, as Retry-After says.")

// WriteQueueStats says how the write queue is doing: writes waiting now, and since the start, writes that
// got their turn and writes refused as busy.
type WriteQueueStats struct{ Waiting, Entered, Refused int64 }

// WriteQueue reports the write queue's state.
func (s *Store) WriteQueue() WriteQueueStats {
	s.queue.mu.Lock()
	waiting := int64(len(s.queue.waiters))
	s.queue.mu.Unlock()
	return WriteQueueStats{Waiting: waiting, Entered: s.queue.entered.Load(), Refused: s.queue.refused.Load()}
}

// SetWriteWait sets how long a write waits for its turn before it is refused as busy.
func (s *Store) SetWriteWait(d time.Duration) { s.queue.wait = d }

// ObserveWriteWaits has each write's wait reported to observe, for metrics.
func (s *Store) ObserveWriteWaits(observe func(time.Duration)) { s.queue.observed = observe }

// PoolStats reports the connection pool's state.
func (s *Store) PoolStats() sql.DBStats { return s.sql.Stats() }
