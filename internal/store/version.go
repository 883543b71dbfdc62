package store

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
)

// The data version says what the data is at a moment, so that answers and derived state can be kept until
// it moves. Every write appends to the changes log in its own transaction (write.go), so the log's head is
// the version, whichever process wrote. Reading it costs one query; a request must not pay that, so the
// version is kept in memory and re-read:
//   - at once after every write this process commits, so its own writes are never answered stale;
//   - when it is older than the poll interval, so a write by another process (the import command, a
//     second server on the same file) is seen within that interval.
//
// Besides the head, the version records which resources changed at which sequence number, so that state
// derived from a few tables (the lineage from codes and successions) is rebuilt only when those change.

// DefaultPollInterval bounds how long a write by another process can go unseen.
const DefaultPollInterval = 500 * time.Millisecond

// dataVersion is one reading of the changes log.
type dataVersion struct {
	token string // identifies the data: the datasets loaded and the log's head
	head  int64
	loads string // the datasets loaded, name@checksum@time;…: a rebuilt database never repeats a token
	// epoch counts the readings that found the log shorter than before (the file was replaced), after
	// which nothing derived before can be trusted.
	epoch int64
	// changed is each resource's last change, for the changes read since the store opened; a resource
	// absent has not changed since then.
	changed map[string]int64
}

// stamp identifies the state of the given resources: it moves when any of them changes, or a dataset loads.
func (v *dataVersion) stamp(resources []string) string {
	var b strings.Builder
	b.WriteString(strconv.FormatInt(v.epoch, 10))
	b.WriteString(v.loads)
	for _, r := range resources {
		b.WriteByte('|')
		b.WriteString(strconv.FormatInt(v.changed[r], 10))
	}
	return b.String()
}

// versionClock keeps the current data version, and the versions of records, read from the same log.
type versionClock struct {
	interval time.Duration
	mu       sync.Mutex // one reading of the log at a time, so versions never go back
	current  atomic.Pointer[dataVersion]
	readAt   atomic.Int64 // unix nanoseconds of the last reading
	records  recordVersions
}

// recordVersions are the versions of the records of each resource that has been asked about: a record's
// version is its last change's, or 1 for a record loaded with the dataset and never changed. A resource's
// versions are read from the log the first time they are asked for, and kept up to date from the changes
// each reading of the version finds, so a GET of a record needs no query for its version.
type recordVersions struct {
	mu         sync.RWMutex
	byResource map[string]map[string]int64 // resource -> id -> version; absent resources are not read yet
}

// DataVersion identifies the data as it is now, at most the poll interval behind another process's writes
// and never behind this process's. Answers are cached and their ETags derived from it.
func (s *Store) DataVersion(ctx context.Context) (string, error) {
	v, err := s.version(ctx)
	if err != nil {
		return "", err
	}
	return v.token, nil
}

// SetPollInterval sets how often the version is re-read for writes by other processes.
func (s *Store) SetPollInterval(d time.Duration) { s.clock.interval = d }

func (s *Store) version(ctx context.Context) (*dataVersion, error) {
	if v := s.clock.current.Load(); v != nil && time.Since(time.Unix(0, s.clock.readAt.Load())) < s.clock.interval {
		return v, nil
	}
	return s.readVersion(ctx, false)
}

// versionAfterWrite re-reads the version after a commit of this process.
func (s *Store) versionAfterWrite(ctx context.Context) {
	// A failure to read leaves the old version, which the next request re-reads: the interval has passed.
	if _, err := s.readVersion(context.WithoutCancel(ctx), true); err != nil {
		s.clock.readAt.Store(0)
	}
}

// readVersion reads the changes log's head and what changed since the last reading. Unless forced, a
// reading taken while this one waited for the lock is used instead.
func (s *Store) readVersion(ctx context.Context, force bool) (*dataVersion, error) {
	c := &s.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	before := c.current.Load()
	if !force && before != nil && time.Since(time.Unix(0, c.readAt.Load())) < c.interval {
		return before, nil
	}
	readAt := time.Now()
	db := s.db.WithContext(ctx)
	var head int64
	if err := db.Raw("SELECT COALESCE(MAX(seq), 0) FROM changes").Scan(&head).Error; err != nil {
		return nil, err
	}
	if before != nil && head == before.head {
		c.readAt.Store(readAt.UnixNano())
		return before, nil
	}
	next := &dataVersion{head: head, changed: map[string]int64{}}
	reloaded := true
	switch {
	case before != nil && head < before.head: // the file was replaced by an older one
		next.epoch = before.epoch + 1
	case before != nil:
		next.loads, next.changed, next.epoch = before.loads, maps.Clone(before.changed), before.epoch
		var rows []struct {
			Resource   string
			ResourceID string
			Version    int64
			Seq        int64
		}
		if err := db.Raw("SELECT resource, resource_id, version, seq FROM changes WHERE seq > ? AND seq <= ? ORDER BY seq",
			before.head, head).Scan(&rows).Error; err != nil {
			return nil, err
		}
		reloaded = false
		c.records.mu.Lock()
		for _, r := range rows {
			next.changed[r.Resource] = r.Seq
			reloaded = reloaded || r.Resource == datasetsResource
			if versions := c.records.byResource[r.Resource]; versions != nil {
				versions[r.ResourceID] = r.Version
			}
		}
		c.records.mu.Unlock()
	}
	if reloaded || next.epoch != 0 && (before == nil || next.epoch != before.epoch) {
		c.records.mu.Lock()
		c.records.byResource = nil // a dataset loaded, or the file replaced: read again when asked
		c.records.mu.Unlock()
	}
	if reloaded {
		loads, err := readLoads(db)
		if err != nil {
			return nil, err
		}
		next.loads = loads
	}
	next.token = next.loads + "changes@" + strconv.FormatInt(head, 10) + "@" + strconv.FormatInt(next.epoch, 10)
	c.current.Store(next)
	c.readAt.Store(readAt.UnixNano())
	return next, nil
}

// recordVersion is a record's version as of the current data version, for a record that exists.
func (s *Store) recordVersion(ctx context.Context, resource, id string) (int64, error) {
	if s.inTransaction {
		return recordVersion(s.db.WithContext(ctx), resource, id, true)
	}
	v, err := s.version(ctx)
	if err != nil {
		return 0, err
	}
	r := &s.clock.records
	r.mu.RLock()
	versions, read := r.byResource[resource]
	version := versions[id]
	r.mu.RUnlock()
	if !read {
		if versions, err = s.readRecordVersions(ctx, resource, v); err != nil {
			return 0, err
		}
		version = versions[id]
	}
	if version == 0 {
		return 1, nil // loaded with the dataset, never changed
	}
	return version, nil
}

// readRecordVersions reads a resource's record versions up to the version v, under the clock's lock, so
// that no reading of the log can come between and be missed.
func (s *Store) readRecordVersions(ctx context.Context, resource string, v *dataVersion) (map[string]int64, error) {
	c := &s.clock
	c.mu.Lock()
	defer c.mu.Unlock()
	c.records.mu.RLock()
	versions, read := c.records.byResource[resource]
	c.records.mu.RUnlock()
	if read {
		return versions, nil
	}
	head := c.current.Load().head // at least v's: readings only move forward
	var rows []struct {
		ResourceID string
		Version    int64
	}
	if err := s.db.WithContext(ctx).Raw("SELECT resource_id, MAX(version) AS version FROM changes WHERE resource = ? AND seq <= ? GROUP BY resource_id",
		resource, head).Scan(&rows).Error; err != nil {
		return nil, err
	}
	versions = make(map[string]int64, len(rows))
	for _, r := range rows {
		versions[r.ResourceID] = r.Version
	}
	c.records.mu.Lock()
	if c.records.byResource == nil {
		c.records.byResource = map[string]map[string]int64{}
	}
	c.records.byResource[resource] = versions
	c.records.mu.Unlock()
	return versions, nil
}

// datasetsResource is the changes log's name for a dataset load.
const datasetsResource = "datasets"

func readLoads(db *gorm.DB) (string, error) {
	var loads []datasetLoadRow
	if err := db.Order("name").Find(&loads).Error; err != nil {
		return "", err
	}
	var b strings.Builder
	for _, l := range loads {
		b.WriteString(l.Name + "@" + l.Checksum + "@" + l.LoadedAt + ";")
	}
	return b.String(), nil
}

// transaction runs fn in a transaction and, once it has committed, moves the data version.
func (s *Store) transaction(ctx context.Context, fn func(tx *gorm.DB) error) error {
	done, err := s.queue.enter(ctx)
	if err != nil {
		return err
	}
	defer done()
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.dialect.lockWrites(tx); err != nil {
			return err
		}
		return fn(tx)
	})
	if err == nil {
		s.versionAfterWrite(ctx)
	}
	if s.dialect.isBusy(err) { // another process held the database longer than the busy timeout
		return errBusy
	}
	return err
}

// bulkTransaction is a transaction that may change much of the data (an import, a replay): after it, the
// planner's statistics are refreshed where they have gone stale.
func (s *Store) bulkTransaction(ctx context.Context, fn func(tx *gorm.DB) error) error {
	if err := s.transaction(ctx, fn); err != nil {
		return err
	}
	if err := s.dialect.optimize(context.WithoutCancel(ctx), s.sql); err != nil {
		return fmt.Errorf("refresh the planner's statistics: %w", err)
	}
	return nil
}
