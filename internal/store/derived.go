package store

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/byregion/byregion/internal/domain"
)

// derived is state that many answers derive from whole tables (the lineage of codes, the municipality
// register, memberships, sources). It is built once and shared by every request until one of the
// resources it is built from changes; then the next request that needs it builds it again, once, while
// the others wait for that build rather than starting their own.
type derived[T any] struct {
	resources []string // the changes log's resources it is built from
	build     func(ctx context.Context, s *Store) (T, error)

	mu      sync.Mutex // one build at a time
	current atomic.Pointer[builtState[T]]
}

type builtState[T any] struct {
	stamp string
	value T
}

// get returns the state as of the current data version. The version is read before the tables, so a build
// is never labelled newer than what it read.
func (d *derived[T]) get(ctx context.Context, s *Store) (T, error) {
	if s.inTransaction {
		return d.build(ctx, s)
	}
	v, err := s.version(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	stamp := v.stamp(d.resources)
	if b := d.current.Load(); b != nil && b.stamp == stamp {
		return b.value, nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if b := d.current.Load(); b != nil && b.stamp == stamp {
		return b.value, nil
	}
	value, err := d.build(ctx, s)
	if err != nil {
		return value, err
	}
	d.current.Store(&builtState[T]{stamp: stamp, value: value})
	return value, nil
}

// derivedState is every piece of derived state the store keeps, each with the resources it is built from.
type derivedState struct {
	lineage     derived[*lineage]
	register    derived[*register]
	memberships derived[*memberships]
	sources     derived[map[string]domain.Source]
}

func newDerivedState() *derivedState {
	return &derivedState{
		lineage:     derived[*lineage]{resources: []string{"municipalities", "successions"}, build: buildLineage},
		register:    derived[*register]{resources: []string{"municipalities", "sources"}, build: buildRegister},
		memberships: derived[*memberships]{resources: []string{"memberships", "regions"}, build: buildMemberships},
		sources:     derived[map[string]domain.Source]{resources: []string{"sources"}, build: buildSources},
	}
}
